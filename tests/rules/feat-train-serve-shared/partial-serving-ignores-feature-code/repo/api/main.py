import joblib
from fastapi import FastAPI

app = FastAPI()
model = joblib.load("model.joblib")


@app.post("/predict")
def predict(features: list[float]) -> dict:
    return {"p": float(model.predict_proba([features])[0, 1])}
