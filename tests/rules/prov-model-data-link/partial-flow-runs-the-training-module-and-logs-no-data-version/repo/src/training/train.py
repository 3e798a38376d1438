import mlflow
import pandas as pd
from sklearn.ensemble import GradientBoostingRegressor


def train(features_path: str) -> str:
    df = pd.read_parquet(features_path)
    model = GradientBoostingRegressor(random_state=7)
    with mlflow.start_run() as run:
        model.fit(df.drop(columns=["sales"]), df["sales"])
        mlflow.sklearn.log_model(model, name="model")
    return run.info.run_id
