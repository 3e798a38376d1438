import joblib
import pandas as pd
from fastapi import FastAPI

app = FastAPI()
model = joblib.load("/models/fraud.joblib")


@app.post("/predict")
def predict(payload: dict) -> dict:
    return {"fraud_probability": float(model.predict_proba(pd.DataFrame([payload]))[0, 1])}
