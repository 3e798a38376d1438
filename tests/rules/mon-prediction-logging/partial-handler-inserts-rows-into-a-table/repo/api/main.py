import os

import joblib
import numpy as np
import psycopg2
from fastapi import FastAPI
from psycopg2.extras import Json
from pydantic import BaseModel

app = FastAPI(title="churn scorer")
model = joblib.load(os.environ.get("MODEL_PATH", "models/churn.joblib"))


class Customer(BaseModel):
    tenure_months: float
    monthly_charges: float
    support_tickets: int


def connect():
    return psycopg2.connect(os.environ["SCORING_DB_DSN"])


@app.post("/score")
def score(customer: Customer) -> dict:
    row = np.array([[customer.tenure_months, customer.monthly_charges, customer.support_tickets]])
    churn_probability = float(model.predict_proba(row)[0, 1])
    with connect() as conn, conn.cursor() as cur:
        cur.execute(
            "INSERT INTO scoring_log (features, churn_probability) VALUES (%s, %s)",
            (Json(customer.model_dump()), churn_probability),
        )
    return {"churn_probability": churn_probability}
