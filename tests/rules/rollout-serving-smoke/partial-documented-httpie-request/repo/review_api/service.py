import joblib
from fastapi import FastAPI
from pydantic import BaseModel

app = FastAPI()
pipeline = joblib.load("artifacts/review_classifier.joblib")


class Review(BaseModel):
    text: str


class Verdict(BaseModel):
    label: str


@app.post("/classify", response_model=Verdict)
def classify(review: Review) -> Verdict:
    return Verdict(label=str(pipeline.predict([review.text])[0]))
