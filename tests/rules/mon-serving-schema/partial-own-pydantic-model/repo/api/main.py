import joblib
from fastapi import FastAPI
from pydantic import BaseModel, Field

app = FastAPI()
model = joblib.load("model.joblib")


class Applicant(BaseModel):
    income: float = Field(ge=0)
    debt: float = Field(ge=0)
    region: str


@app.post("/predict")
def predict(applicant: Applicant) -> dict:
    return {"default_probability": float(model.predict_proba([[applicant.income, applicant.debt]])[0, 1])}
