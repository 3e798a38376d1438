"""AWS Lambda entry point: score one loan application."""
import json

import joblib

risk_model = joblib.load("risk_model.joblib")


def handler(event, _context):
    application = json.loads(event["body"])
    score = risk_model.predict_proba([application["features"]])[0][1]
    return {"statusCode": 200, "body": json.dumps({"default_risk": float(score)})}
