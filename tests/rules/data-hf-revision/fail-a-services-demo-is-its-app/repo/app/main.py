from fastapi import FastAPI
from pydantic import BaseModel
from transformers import pipeline

app = FastAPI()
classifier = pipeline("sentiment-analysis", model="acme-nlp/review-sentiment")


class Review(BaseModel):
    text: str


@app.post("/predict")
def predict(review: Review) -> dict:
    return classifier(review.text)[0]
