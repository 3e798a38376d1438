"""Point the serving alias at the version the nightly training run just registered."""
from mlflow.tracking import MlflowClient

MODEL_NAME = "churn-clf"


def promote() -> None:
    client = MlflowClient()
    versions = client.search_model_versions(f"name='{MODEL_NAME}'")
    latest = max(versions, key=lambda v: int(v.version))
    print(f"promoting version {latest.version} (run {latest.run_id})")
    client.set_registered_model_alias(MODEL_NAME, "champion", latest.version)


if __name__ == "__main__":
    promote()
