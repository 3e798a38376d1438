import joblib
from flask import Flask, jsonify, request

app = Flask(__name__)
model = joblib.load("model/model.joblib")


@app.route("/score", methods=["POST"])
def score():
    return jsonify(prediction=float(model.predict([request.json["features"]])[0]))
