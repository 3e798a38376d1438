import joblib
import pandas as pd
from flask import Flask, jsonify, request
from marshmallow import ValidationError

from common.schema import CustomerSchema

app = Flask(__name__)
model = joblib.load("models/churn.joblib")
schema = CustomerSchema()


@app.post("/predict")
def predict():
    try:
        payload = schema.load(request.get_json())
    except ValidationError as err:
        return jsonify({"errors": err.messages}), 400
    proba = model.predict_proba(pd.DataFrame([payload]))[0, 1]
    return jsonify({"churn_probability": float(proba)})
