import joblib
import pandas as pd
from fastapi import FastAPI

app = FastAPI()
model = joblib.load("models/default_risk.joblib")


@app.post("/predict")
def predict(applicant: dict) -> dict:
    return {"default_probability": float(model.predict_proba(pd.DataFrame([applicant]))[0, 1])}
