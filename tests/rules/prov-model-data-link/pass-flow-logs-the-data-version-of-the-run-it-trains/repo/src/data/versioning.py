import hashlib

import mlflow


def snapshot(path: str) -> dict:
    with open(path, "rb") as f:
        return {"path": path, "sha256": hashlib.sha256(f.read()).hexdigest()}


def log_manifest(run_id: str, manifest: dict) -> None:
    with mlflow.start_run(run_id=run_id):
        mlflow.set_tags({"dataset_version": manifest["sha256"], "dataset_path": manifest["path"]})
