import joblib
import pandas as pd
from fastapi import FastAPI

app = FastAPI()
model = joblib.load("artifacts/eta_model.joblib")


@app.post("/predict")
def predict(rows: list[dict]) -> dict:
    frame = pd.DataFrame(rows)
    return {"eta_minutes": model.predict(frame).tolist()}
