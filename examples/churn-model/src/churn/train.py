import random
import sys

import lightgbm as lgb
import mlflow
import numpy as np
import pandas as pd
import yaml


def main(features_dir: str, model_path: str) -> None:
    params = yaml.safe_load(open("params.yaml"))
    random.seed(params["seed"])
    np.random.seed(params["seed"])
    train = pd.read_parquet(f"{features_dir}/train.parquet")
    model = lgb.LGBMClassifier(random_state=params["seed"], **params["train"])
    with mlflow.start_run():
        mlflow.log_params(params["train"])
        model.fit(train.drop(columns=["churned"]), train["churned"])
        model.booster_.save_model(model_path)


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
