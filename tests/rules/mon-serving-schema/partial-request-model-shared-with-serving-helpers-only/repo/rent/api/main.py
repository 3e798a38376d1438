from fastapi import FastAPI

from rent.schemas.request import ListingRequest
from rent.services.scorer import RentScorer

app = FastAPI()
scorer = RentScorer("artifacts/rent.joblib")


@app.post("/predict")
def predict(req: ListingRequest) -> dict:
    return {"monthly_rent": scorer.score(req)}
