import argparse

import pandas as pd
from hyperopt import fmin, hp, tpe
from sklearn.ensemble import RandomForestRegressor
from sklearn.model_selection import cross_val_score


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--data", default="data/trips.parquet")
    args = parser.parse_args()
    df = pd.read_parquet(args.data)
    X, y = df.drop(columns="duration"), df["duration"]

    def objective(params):
        model = RandomForestRegressor(max_depth=int(params["max_depth"]))
        return -cross_val_score(model, X, y, cv=3).mean()

    space = {"max_depth": hp.quniform("max_depth", 2, 20, 1)}
    print(fmin(objective, space, algo=tpe.suggest, max_evals=50))


if __name__ == "__main__":
    main()
