import mlflow
import pandas as pd
from xgboost import XGBRegressor


def train(frame: pd.DataFrame, params: dict) -> XGBRegressor:
    with mlflow.start_run():
        mlflow.log_params(params)
        model = XGBRegressor(**params).fit(frame.drop(columns="sales"), frame["sales"])
        mlflow.log_metric("r2", model.score(frame.drop(columns="sales"), frame["sales"]))
    return model


if __name__ == "__main__":
    train(pd.read_parquet("data/sample.parquet"), {"n_estimators": 10})
