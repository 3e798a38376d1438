import joblib
import pandas as pd
from fastapi import FastAPI
from pydantic import BaseModel

app = FastAPI()
model = joblib.load("models/churn.joblib")


class Customer(BaseModel):
    tenure_months: int
    monthly_charges: float
    total_charges: float
    support_calls: int
    age: int
    partner: bool
    dependents: bool
    contract: str


@app.post("/predict")
def predict(customer: Customer) -> dict[str, float]:
    row = pd.DataFrame([customer.model_dump()])
    return {"churn_probability": float(model.predict_proba(row)[0, 1])}
