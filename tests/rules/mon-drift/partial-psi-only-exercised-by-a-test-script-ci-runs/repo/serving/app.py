import joblib
import pandas as pd
from fastapi import FastAPI

app = FastAPI()
model = joblib.load("models/model.joblib")


@app.post("/predict")
def predict(payload: dict) -> dict:
    return {"churn_probability": float(model.predict_proba(pd.DataFrame([payload]))[0, 1])}

