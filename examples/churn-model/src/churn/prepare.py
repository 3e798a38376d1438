import sys

import pandas as pd
from sklearn.model_selection import train_test_split


def main(raw_path: str, out_dir: str, test_size: float = 0.2) -> None:
    df = pd.read_csv(raw_path)
    train, test = train_test_split(df, test_size=test_size, random_state=20240611, stratify=df["churned"])
    train.to_parquet(f"{out_dir}/train.parquet")
    test.to_parquet(f"{out_dir}/test.parquet")


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
