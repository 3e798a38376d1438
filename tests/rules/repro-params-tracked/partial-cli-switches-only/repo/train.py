import argparse

import mlflow
import pandas as pd
from sklearn.linear_model import LogisticRegression


def parse_args():
    parser = argparse.ArgumentParser()
    parser.add_argument("--register", action="store_true", help="register the model after training")
    parser.add_argument("--stage", choices=["None", "Staging", "Production"], default="None")
    return parser.parse_args()


def main():
    args = parse_args()
    df = pd.read_csv("data/churn.csv")
    with mlflow.start_run():
        model = LogisticRegression(max_iter=500, C=0.5)
        model.fit(df.drop(columns=["churned"]), df["churned"])
        mlflow.log_params({"model": "LogisticRegression", "max_iter": 500})
        info = mlflow.sklearn.log_model(model, "model")
    if args.register:
        version = mlflow.register_model(info.model_uri, "churn")
        print(version.version, args.stage)


if __name__ == "__main__":
    main()
