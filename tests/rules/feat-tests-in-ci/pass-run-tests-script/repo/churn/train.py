import sys

import pandas as pd
from sklearn.linear_model import LogisticRegression

from churn.features import add_tenure_bucket


def main(path: str) -> None:
    df = add_tenure_bucket(pd.read_parquet(path))
    X = pd.get_dummies(df[["tenure_bucket"]])
    LogisticRegression(max_iter=500).fit(X, df["churned"])


if __name__ == "__main__":
    main(sys.argv[1])
