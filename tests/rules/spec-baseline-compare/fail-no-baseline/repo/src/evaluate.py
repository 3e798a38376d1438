import json

import joblib
import pandas as pd
from sklearn.metrics import roc_auc_score

test = pd.read_parquet("data/prepared/test.parquet")
model = joblib.load("models/model.joblib")
auc = roc_auc_score(test["churned"], model.predict_proba(test.drop(columns="churned"))[:, 1])
json.dump({"roc_auc": auc}, open("metrics.json", "w"))
