import logging

import joblib
import pandas as pd
from fastapi import FastAPI

logger = logging.getLogger(__name__)
app = FastAPI()
model = joblib.load("models/model.joblib")


@app.post("/predict")
def predict(payload: dict) -> dict:
    score = float(model.predict_proba(pd.DataFrame([payload]))[0, 1])
    logger.info("scored %s -> %.3f", payload, score)
    return {"churn_probability": score}
