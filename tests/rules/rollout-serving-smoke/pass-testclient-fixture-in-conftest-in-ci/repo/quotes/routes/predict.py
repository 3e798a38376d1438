import joblib
from fastapi import APIRouter
from pydantic import BaseModel

router = APIRouter()
_model = joblib.load("models/premium.joblib")


class Driver(BaseModel):
    age: int
    years_licensed: int
    claims_last_5y: int


@router.post("/predict")
def predict_premium(driver: Driver) -> dict:
    row = [[driver.age, driver.years_licensed, driver.claims_last_5y]]
    return {"annual_premium": float(_model.predict(row)[0])}
