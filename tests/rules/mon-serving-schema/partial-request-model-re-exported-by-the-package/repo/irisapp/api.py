import joblib
import pandas as pd
from fastapi import FastAPI

from .schemas import Measurements

app = FastAPI()
model = joblib.load("models/model.joblib")


@app.post("/predict")
def predict(payload: Measurements) -> dict:
    row = pd.DataFrame([payload.model_dump()])
    return {"species": str(model.predict(row)[0])}
