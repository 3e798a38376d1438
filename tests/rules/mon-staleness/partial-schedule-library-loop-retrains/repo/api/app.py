from fastapi import FastAPI
from pymongo import MongoClient

app = FastAPI()
predictions = MongoClient("mongodb://mongo:27017")["weather"]["predictions"]


@app.get("/predict/{city}")
def predict(city: str) -> dict:
    latest = predictions.find_one({"city": city}, sort=[("ts", -1)]) or {}
    return {"city": city, "temp_next_hour": latest.get("prediction")}
