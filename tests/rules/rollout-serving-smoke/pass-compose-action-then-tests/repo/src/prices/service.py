import bentoml
import joblib
import numpy as np
from pydantic import BaseModel


class House(BaseModel):
    rooms: float
    age: float


@bentoml.service
class PriceModel:
    def __init__(self) -> None:
        self.model = joblib.load("models/prices.joblib")

    @bentoml.api
    def predict(self, house: House) -> float:
        return float(self.model.predict(np.array([[house.rooms, house.age]]))[0])
