"""Nightly retraining: train a challenger, keep it only when it beats the champion."""

import sys

import mlflow
from mlflow import MlflowClient

from churn.evaluation import challenger_beats_champion

NAME = "churn"


def register(run_id: str, alias: str) -> None:
    version = mlflow.register_model(f"runs:/{run_id}/model", NAME).version
    MlflowClient().set_registered_model_alias(NAME, alias, version)


def review(run_id: str) -> bool:
    accepted, report = challenger_beats_champion(run_id)
    print(report)
    if accepted:
        return True
    register(run_id, alias="challenger")
    return False


def main(run_id: str) -> None:
    if review(run_id):
        register(run_id, alias="champion")


if __name__ == "__main__":
    main(sys.argv[1])
