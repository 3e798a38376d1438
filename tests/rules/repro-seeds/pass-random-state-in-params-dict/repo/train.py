import argparse

import pandas as pd
from sklearn.ensemble import RandomForestRegressor


def run(data_path: str) -> None:
    frame = pd.read_parquet(data_path)
    params = {"max_depth": 10, "n_estimators": 50, "random_state": 42}
    model = RandomForestRegressor(**params)
    model.fit(frame.drop(columns=["duration"]), frame["duration"])


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--data", default="data/train.parquet")
    run(parser.parse_args().data)
