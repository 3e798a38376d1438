from fastapi import FastAPI
from ray import serve

from app.model import load_classifier

api = FastAPI()


@serve.deployment(num_replicas=2)
@serve.ingress(api)
class Sentiment:
    def __init__(self) -> None:
        self.model = load_classifier()

    @api.post("/predict")
    def predict(self, text: str) -> dict:
        return {"label": self.model.predict([text])[0]}


deployment = Sentiment.bind()
