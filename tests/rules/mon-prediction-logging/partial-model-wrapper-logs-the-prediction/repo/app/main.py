from fastapi import FastAPI, Request
from pydantic import BaseModel

from app.scoring import PriceModel

app = FastAPI()


@app.on_event("startup")
def load_model() -> None:
    app.state.model = PriceModel("models/price.joblib")


class Flat(BaseModel):
    surface_m2: float
    rooms: int
    floor: int


@app.post("/predict")
def predict(request: Request, flat: Flat) -> dict:
    model: PriceModel = request.app.state.model
    price = model.predict([flat.surface_m2, flat.rooms, flat.floor])
    return {"price": price}
