from pathlib import Path


def model_path(root: str) -> Path:
    return Path(root) / "models" / "churn.joblib"
