import mlflow
import pandas as pd


def normalise_dtypes(frame: pd.DataFrame) -> pd.DataFrame:
    return frame.astype({c: "float32" for c in frame.select_dtypes("number").columns})


def record_training_run(params: dict, metrics: dict) -> None:
    with mlflow.start_run():
        mlflow.log_params(params)
        mlflow.log_metrics(metrics)
