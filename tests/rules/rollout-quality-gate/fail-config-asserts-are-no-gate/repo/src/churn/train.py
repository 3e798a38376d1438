import argparse

import mlflow
import pandas as pd
import yaml
from mlflow.tracking import MlflowClient
from sklearn.ensemble import HistGradientBoostingClassifier
from sklearn.metrics import f1_score


def load_config(path: str) -> dict:
    with open(path) as fh:
        cfg = yaml.safe_load(fh)
    assert cfg["train"]["lr"] > 0
    assert len(cfg["splits"]) == 3
    assert 0 < cfg["eval"]["min_f1"] <= 1, "min_f1 must be a fraction"
    assert cfg["eval"]["min_accuracy"] > 0
    return cfg


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--config", default="configs/train.yaml")
    parser.add_argument("--score-threshold", type=float, default=0.5)
    args = parser.parse_args()
    cfg = load_config(args.config)
    if args.score_threshold >= 1.0:
        raise SystemExit("--score-threshold must be below 1")
    if len(cfg["metrics"]) < 1:
        raise SystemExit("configure at least one metric")
    train = pd.read_parquet(cfg["data"]["train"])
    valid = pd.read_parquet(cfg["data"]["valid"])
    X, y = train.drop(columns="churned"), train["churned"]
    with mlflow.start_run() as run:
        model = HistGradientBoostingClassifier(learning_rate=cfg["train"]["lr"], random_state=0).fit(X, y)
        f1 = f1_score(valid["churned"], model.predict_proba(valid.drop(columns="churned"))[:, 1] > args.score_threshold)
        mlflow.log_metric("f1", f1)
        mlflow.sklearn.log_model(model, "model")
    version = mlflow.register_model(f"runs:/{run.info.run_id}/model", "churn")
    MlflowClient().set_registered_model_alias("churn", "champion", version.version)


if __name__ == "__main__":
    main()
