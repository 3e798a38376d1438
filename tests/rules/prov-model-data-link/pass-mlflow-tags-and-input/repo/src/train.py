import hashlib
import subprocess

import mlflow
import pandas as pd
from sklearn.linear_model import LogisticRegression

DATA_PATH = "data/prepared/train.parquet"

df = pd.read_parquet(DATA_PATH)
commit = subprocess.check_output(["git", "rev-parse", "HEAD"], text=True).strip()
with mlflow.start_run():
    mlflow.set_tag("git_commit", commit)
    mlflow.log_input(mlflow.data.from_pandas(df, source=DATA_PATH, name="churn-train"), context="training")
    model = LogisticRegression(max_iter=500).fit(df.drop(columns="churned"), df["churned"])
    mlflow.sklearn.log_model(model, "model", registered_model_name="churn-clf")
