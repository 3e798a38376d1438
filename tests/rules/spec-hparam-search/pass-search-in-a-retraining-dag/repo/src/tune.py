import argparse

import optuna
import pandas as pd
from sklearn.ensemble import GradientBoostingClassifier
from sklearn.model_selection import cross_val_score


def objective(trial: optuna.Trial, X: pd.DataFrame, y: pd.Series) -> float:
    model = GradientBoostingClassifier(
        n_estimators=trial.suggest_int("n_estimators", 50, 400),
        max_depth=trial.suggest_int("max_depth", 2, 6),
        learning_rate=trial.suggest_float("learning_rate", 1e-3, 0.3, log=True),
        random_state=0,
    )
    return cross_val_score(model, X, y, cv=5, scoring="roc_auc").mean()


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--trials", type=int, default=30)
    args = parser.parse_args()
    df = pd.read_parquet("data/train.parquet")
    X, y = df.drop(columns=["churned"]), df["churned"]
    study = optuna.create_study(direction="maximize", sampler=optuna.samplers.TPESampler(seed=0))
    study.optimize(lambda t: objective(t, X, y), n_trials=args.trials)
    best = GradientBoostingClassifier(random_state=0, **study.best_params).fit(X, y)
