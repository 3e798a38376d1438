import joblib
import pandas as pd
from fastapi import FastAPI

from rent.records import Listing

app = FastAPI()
pipe = joblib.load("artifacts/rent.joblib")


@app.post("/predict")
def predict(listing: Listing) -> dict:
    return {"monthly_rent": float(pipe.predict(pd.DataFrame([listing.model_dump()]))[0])}
