import logging
import uuid

import joblib
import pandas as pd
from fastapi import FastAPI

log = logging.getLogger("predictions")
app = FastAPI()
model = joblib.load("models/model.joblib")


@app.post("/predict")
def predict(payload: dict) -> dict:
    request_id = str(uuid.uuid4())
    probability = float(model.predict_proba(pd.DataFrame([payload]))[0, 1])
    log.info("prediction", extra={"request_id": request_id, "features": payload, "prediction": probability})
    return {"request_id": request_id, "churn_probability": probability}
