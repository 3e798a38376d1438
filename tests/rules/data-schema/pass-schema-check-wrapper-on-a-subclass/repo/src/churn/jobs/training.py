import pandas as pd
from sklearn.linear_model import LogisticRegression

from churn import schemas


def run(inputs_path: str, targets_path: str) -> LogisticRegression:
    inputs = schemas.InputsSchema.check(pd.read_parquet(inputs_path))
    targets = schemas.TargetsSchema.check(pd.read_parquet(targets_path))
    return LogisticRegression(max_iter=200, random_state=0).fit(inputs, targets["churned"])
