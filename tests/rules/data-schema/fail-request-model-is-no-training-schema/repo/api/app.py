import joblib
from fastapi import FastAPI
from pydantic import BaseModel

app = FastAPI()
model = joblib.load("model.joblib")


class Features(BaseModel):
    tenure: int
    monthly_charges: float


@app.post("/predict")
def predict(features: Features) -> dict:
    return {"churn": float(model.predict_proba([[features.tenure, features.monthly_charges]])[0][1])}
