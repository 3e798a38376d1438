import json
import uuid

import joblib
import pandas as pd
from fastapi import FastAPI
from pydantic import BaseModel
from sqlalchemy import create_engine, text

app = FastAPI()
engine = create_engine("sqlite:///predictions.db")
model = joblib.load("artifacts/fraud_model.joblib")


class Transaction(BaseModel):
    amount: float
    merchant_category: str
    hour_of_day: int


@app.post("/predict")
def predict(tx: Transaction) -> dict:
    request_id = str(uuid.uuid4())
    fraud_score = float(model.predict_proba(pd.DataFrame([tx.model_dump()]))[0, 1])
    log_sql = text(
        "INSERT INTO prediction_log (request_id, payload, fraud_score) VALUES (:request_id, :payload, :score)"
    )
    with engine.begin() as conn:
        conn.execute(log_sql, {"request_id": request_id, "payload": json.dumps(tx.model_dump()), "score": fraud_score})
    return {"request_id": request_id, "fraud_score": fraud_score}
