import joblib
import pandas as pd
from fastapi import APIRouter, FastAPI

router = APIRouter()
pricing_model = joblib.load("models/pricing.joblib")


@router.post("/premium")
def quote_premium(application: dict) -> dict:
    frame = pd.DataFrame([application])
    premium = float(pricing_model.predict(frame)[0])
    return {"premium": round(premium, 2)}


@router.get("/health")
def health() -> dict:
    return {"ok": True}


app = FastAPI()
app.include_router(router)
