import json

import joblib
import pandas as pd
from sklearn.dummy import DummyClassifier
from sklearn.metrics import roc_auc_score

train = pd.read_parquet("data/prepared/train.parquet")
test = pd.read_parquet("data/prepared/test.parquet")
model = joblib.load("models/model.joblib")
baseline = DummyClassifier(strategy="most_frequent").fit(train.drop(columns="churned"), train["churned"])
X_test, y_test = test.drop(columns="churned"), test["churned"]
json.dump(
    {
        "roc_auc": roc_auc_score(y_test, model.predict_proba(X_test)[:, 1]),
        "baseline_roc_auc": roc_auc_score(y_test, baseline.predict_proba(X_test)[:, 1]),
    },
    open("metrics.json", "w"),
)
