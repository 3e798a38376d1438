import mlflow
import pandas as pd
from mlflow.models import MetricThreshold


def evaluate(model_uri: str) -> None:
    test = pd.read_parquet("data/prepared/test.parquet")
    thresholds = {
        "roc_auc": MetricThreshold(threshold=0.75, min_absolute_change=0.01, greater_is_better=True),
    }
    with mlflow.start_run():
        mlflow.evaluate(
            model_uri,
            test,
            targets="churned",
            model_type="classifier",
            validation_thresholds=thresholds,
            baseline_model=None,
        )


if __name__ == "__main__":
    evaluate("models:/churn/7")
