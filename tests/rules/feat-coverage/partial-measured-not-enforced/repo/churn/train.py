import sys

import pandas as pd
from sklearn.linear_model import LogisticRegression



def main(path: str) -> None:
    df = pd.read_parquet(path)
    df["bucket"] = df["tenure_months"] // 12
    LogisticRegression(max_iter=500).fit(df[["bucket"]], df["churned"])


if __name__ == "__main__":
    main(sys.argv[1])
