import sys

import lightgbm as lgb
import pandas as pd

SEED = 20240611


def main(path: str) -> None:
    df = pd.read_parquet(path)
    model = lgb.LGBMClassifier(n_estimators=400, subsample=0.8, subsample_freq=1, random_state=SEED)
    model.fit(df.drop(columns=["churned"]), df["churned"])
    model.booster_.save_model("model.txt")


if __name__ == "__main__":
    main(sys.argv[1])
