from pathlib import Path

MODELS = Path("/var/lib/models")


def load_model_bytes(name: str) -> bytes | None:
    path = MODELS / f"{name}.pkl"
    return path.read_bytes() if path.exists() else None
