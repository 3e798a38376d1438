import joblib
from fastapi import FastAPI

app = FastAPI()
model = joblib.load("models/model.joblib")


@app.post("/predict")
def predict(features: list[float]) -> dict:
    return {"label": int(model.predict([features])[0])}
