import mlflow.pyfunc
import pandas as pd
from fastapi import FastAPI
from pydantic import BaseModel

app = FastAPI()
model = mlflow.pyfunc.load_model("model")


class House(BaseModel):
    median_income: float
    house_age: float
    rooms: float


@app.post("/predict")
def predict(house: House) -> dict:
    frame = pd.DataFrame([house.model_dump()])
    return {"price": float(model.predict(frame)[0])}
