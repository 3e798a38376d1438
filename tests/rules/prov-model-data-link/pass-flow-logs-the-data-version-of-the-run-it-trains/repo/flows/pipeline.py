from prefect import flow, task

from src.data.versioning import log_manifest, snapshot
from src.training.train import train

FEATURES = "data/features.parquet"


@task
def train_task() -> str:
    return train(FEATURES)


@flow
def pipeline() -> None:
    manifest = snapshot(FEATURES)
    run_id = train_task()
    log_manifest(run_id, manifest)


if __name__ == "__main__":
    pipeline()
