import joblib
import pandas as pd
from fastapi import FastAPI
from pydantic import BaseModel

app = FastAPI()
model = joblib.load("models/fraud.joblib")


class Txn(BaseModel):
    amount: float
    merchant_risk: float


@app.post("/score")
def score(txn: Txn) -> dict:
    frame = pd.DataFrame([txn.model_dump()])
    return {"fraud_probability": float(model.predict_proba(frame)[0, 1])}
