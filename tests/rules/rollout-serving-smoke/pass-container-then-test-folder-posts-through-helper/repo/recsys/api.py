import torch
from fastapi import FastAPI

app = FastAPI()
scorer = torch.jit.load("models/scorer.pt")


@app.post("/recommend")
def recommend(body: dict) -> dict:
    history = torch.tensor(body["history"], dtype=torch.float32)
    scores = scorer(history)
    return {"items": scores.topk(body.get("k", 10)).indices.tolist()}
