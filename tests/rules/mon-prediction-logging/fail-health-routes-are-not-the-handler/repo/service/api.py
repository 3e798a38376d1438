"""Ranking service: health probes first, then the endpoint that scores candidates."""

import joblib
from fastapi import FastAPI
from pydantic import BaseModel

app = FastAPI(title="ranker")
ranker = joblib.load("artifacts/ranker.joblib")


class RankQuery(BaseModel):
    user_id: int
    items: list[int]


@app.get("/healthz")
async def inference_healthz() -> dict[str, str]:
    return {"status": "ok"}


@app.get("/ready")
async def inference_ready() -> dict[str, str]:
    return {"status": "ready" if ranker is not None else "loading"}


@app.get("/metrics")
async def inference_metrics() -> str:
    return ""


@app.post("/rank")
async def rank(query: RankQuery) -> dict[str, list[float]]:
    scores = ranker.predict([[query.user_id, item] for item in query.items])
    return {"scores": [float(s) for s in scores]}
