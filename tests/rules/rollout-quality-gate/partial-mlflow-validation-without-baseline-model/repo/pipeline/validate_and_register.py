import sys

import mlflow
import pandas as pd
from mlflow.models import MetricThreshold


def main(run_id: str) -> None:
    candidate = f"runs:/{run_id}/model"
    test = pd.read_parquet("data/prepared/test.parquet")
    mlflow.evaluate(
        candidate,
        test,
        targets="churned",
        model_type="classifier",
        validation_thresholds={
            "roc_auc": MetricThreshold(threshold=0.78, min_absolute_change=0.005, greater_is_better=True),
        },
        baseline_model=None,  # no champion to compare with: the change threshold is never applied
    )
    mlflow.register_model(candidate, "churn-clf")


if __name__ == "__main__":
    main(sys.argv[1])
