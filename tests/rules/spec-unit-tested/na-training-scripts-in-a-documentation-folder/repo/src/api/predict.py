import pickle

from fastapi import APIRouter, HTTPException
from pydantic import BaseModel

from src.api.store import load_model_bytes

router = APIRouter()


class PredictRequest(BaseModel):
    model_name: str
    features: list[float]


@router.post("/predict")
def predict(req: PredictRequest) -> dict:
    blob = load_model_bytes(req.model_name)
    if blob is None:
        raise HTTPException(status_code=404, detail="unknown model")
    model = pickle.loads(blob)
    return {"prediction": model.predict([req.features]).tolist()[0]}
