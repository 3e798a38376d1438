import logging
from typing import Any

from fastapi import FastAPI

from newsrec.pipeline import select_articles
from newsrec.schemas import RecommendationRequest, RecommendationResponse

logger = logging.getLogger(__name__)
app = FastAPI()


@app.get("/warmup")
def warmup() -> dict:
    return {"ready": True}


@app.post("/embed")
def embed(body: dict[str, Any]) -> dict:
    """Placeholder for article pre-embedding; nothing is cached yet."""
    logger.debug("embed request received")
    return {}


@app.post("/")
def root(body: dict[str, Any]) -> dict:
    req = RecommendationRequest.model_validate(body)
    recs = select_articles(req.candidates, req.clicked, req.num_recs)
    return RecommendationResponse(recommendations=recs).model_dump()
