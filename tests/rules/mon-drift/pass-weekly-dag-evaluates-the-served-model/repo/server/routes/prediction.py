import joblib
import pandas as pd
from flask import Blueprint, jsonify, request

from server.schemas.churn import PredictionRequestSchema

predict_bp = Blueprint("predict_bp", __name__)
model = joblib.load("/models/churn.joblib")


@predict_bp.route("/predict", methods=["POST"])
def predict():
    schema = PredictionRequestSchema()
    payload = schema.load(request.json)
    proba = model.predict_proba(pd.DataFrame([payload]))[0, 1]
    return jsonify({"prediction": int(proba > 0.5), "probability": float(proba)})
