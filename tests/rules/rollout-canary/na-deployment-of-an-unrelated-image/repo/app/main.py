import joblib
from fastapi import FastAPI
from pydantic import BaseModel

app = FastAPI()
model = joblib.load("models/churn.joblib")


class Customer(BaseModel):
    tenure_months: float
    monthly_charges: float


@app.post("/predict")
def predict(customer: Customer) -> dict[str, float]:
    proba = model.predict_proba([[customer.tenure_months, customer.monthly_charges]])[0, 1]
    return {"churn_probability": float(proba)}
