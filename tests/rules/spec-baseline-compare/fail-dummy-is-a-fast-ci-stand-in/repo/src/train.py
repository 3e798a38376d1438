"""Train the churn classifier; FAST_TRAIN=1 writes a stand-in model so that CI can test the API quickly."""

import argparse
import os
from pathlib import Path

import joblib
import pandas as pd

FAST = os.getenv("FAST_TRAIN") == "1"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--data", default="data/churn.csv")
    args = parser.parse_args()
    out = Path("models/latest")
    out.mkdir(parents=True, exist_ok=True)

    if FAST:
        from sklearn.dummy import DummyClassifier

        X = pd.DataFrame([{"tenure": 0, "charges": 0.0}, {"tenure": 12, "charges": 70.5}])
        y = pd.Series([0, 1])
        stand_in = DummyClassifier(strategy="most_frequent")
        stand_in.fit(X, y)
        joblib.dump(stand_in, out / "model.joblib")
        return

    from sklearn.linear_model import LogisticRegression
    from sklearn.metrics import accuracy_score, roc_auc_score
    from sklearn.model_selection import train_test_split

    df = pd.read_csv(args.data)
    X_tr, X_te, y_tr, y_te = train_test_split(df.drop(columns="churned"), df["churned"], random_state=0)
    model = LogisticRegression(max_iter=1000).fit(X_tr, y_tr)
    auc = roc_auc_score(y_te, model.predict_proba(X_te)[:, 1])
    print(f"auc={auc:.3f} accuracy={accuracy_score(y_te, model.predict(X_te)):.3f}")
    joblib.dump(model, out / "model.joblib")


if __name__ == "__main__":
    main()
