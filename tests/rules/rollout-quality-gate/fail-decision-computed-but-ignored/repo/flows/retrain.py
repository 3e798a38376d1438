"""Nightly retraining: the comparison is only printed, the new model is crowned anyway."""

import sys

import mlflow
from mlflow import MlflowClient

from churn.evaluation import challenger_beats_champion

NAME = "churn"


def main(run_id: str) -> None:
    accepted, report = challenger_beats_champion(run_id)
    print(f"challenger accepted={accepted}: {report}")
    version = mlflow.register_model(f"runs:/{run_id}/model", NAME).version
    MlflowClient().set_registered_model_alias(NAME, "champion", version)


if __name__ == "__main__":
    main(sys.argv[1])
