import json
import os

import requests

API = "https://api.example.org/v1/species"
DATA_DIR = "data/raw"


def fetch(name: str) -> dict:
    return requests.get(f"{API}/{name}", timeout=10).json()


def save(name: str, record: dict) -> None:
    path = os.path.join(DATA_DIR, f"{name}.json")
    with open(path, "w", encoding="utf-8") as fp:
        json.dump(record, fp, indent=2)


if __name__ == "__main__":
    for species in ("lynx", "otter"):
        save(species, fetch(species))
