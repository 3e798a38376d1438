"""Helpers shared by the tests: send a request to the service the job started."""
import os

import requests


def ask(history: list[float], k: int = 10) -> dict:
    url = os.environ.get("RECSYS_URL", "http://localhost:9000/recommend")
    response = requests.post(url, json={"history": history, "k": k}, timeout=30)
    response.raise_for_status()
    return response.json()
