import pickle

import pandas as pd
import yaml
from sklearn.linear_model import LogisticRegression

params = yaml.safe_load(open("params.yaml"))["train"]
df = pd.read_parquet("data/prepared/train.parquet")
model = LogisticRegression(C=params["C"], max_iter=params["max_iter"]).fit(df.drop(columns="churned"), df["churned"])
with open("models/model.pkl", "wb") as fh:
    pickle.dump(model, fh)
