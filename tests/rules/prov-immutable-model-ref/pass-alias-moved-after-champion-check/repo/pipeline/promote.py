"""Move the serving alias to the newest version only when it beats the current champion."""
import sys

from mlflow.tracking import MlflowClient

MODEL_NAME = "churn-clf"


def auc_of(client: MlflowClient, version) -> float:
    return client.get_run(version.run_id).data.metrics["val_auc"]


def promote() -> None:
    client = MlflowClient()
    versions = client.search_model_versions(f"name='{MODEL_NAME}'")
    latest = max(versions, key=lambda v: int(v.version))
    champion = client.get_model_version_by_alias(MODEL_NAME, "champion")
    if auc_of(client, latest) < auc_of(client, champion) + 0.002:
        sys.exit(f"version {latest.version} does not beat champion {champion.version}")
    client.set_registered_model_alias(MODEL_NAME, "champion", latest.version)


if __name__ == "__main__":
    promote()
