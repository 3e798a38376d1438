import mlflow
import pandas as pd
from xgboost import XGBClassifier


def load(path: str) -> pd.DataFrame:
    return pd.read_parquet(path)


def main() -> None:
    frame = load("data/loans.parquet")
    model = XGBClassifier(n_estimators=200, max_depth=4)
    model.fit(frame.drop(columns=["default"]), frame["default"])
    mlflow.xgboost.log_model(model, "model", registered_model_name="loan-default")


if __name__ == "__main__":
    main()
