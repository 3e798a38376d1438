import json

import joblib
import pandas as pd
from sklearn.metrics import f1_score

test = pd.read_parquet("data/prepared/test.parquet")
model = joblib.load("models/model.joblib")
json.dump({"f1": f1_score(test["churned"], model.predict(test.drop(columns="churned")))}, open("metrics.json", "w"))
