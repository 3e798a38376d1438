import joblib
import pandas as pd
from flask import Flask, jsonify, request

app = Flask(__name__)
model = joblib.load("model.joblib")


@app.post("/predict")
def predict():
    return jsonify(probability=float(model.predict_proba(pd.DataFrame([request.json]))[0, 1]))
