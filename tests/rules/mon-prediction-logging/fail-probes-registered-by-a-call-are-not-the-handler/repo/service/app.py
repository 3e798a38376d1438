"""Scoring service whose routes are registered with add_api_route (no decorators)."""

import joblib
from fastapi import FastAPI

ranker = joblib.load("artifacts/ranker.joblib")


async def inference_healthz() -> dict[str, str]:
    return {"status": "ok" if ranker is not None else "loading"}


async def inference_version() -> dict[str, str]:
    return {"model": "ranker", "version": str(getattr(ranker, "version_", "unknown"))}


async def score(payload: dict) -> dict[str, float]:
    return {"score": float(ranker.predict([payload["features"]])[0])}


def create_app() -> FastAPI:
    app = FastAPI(title="ranker")
    app.add_api_route("/healthz", inference_healthz, methods=["GET"])
    app.add_api_route("/version", inference_version, methods=["GET"])
    app.add_api_route("/score", score, methods=["POST"])
    return app
