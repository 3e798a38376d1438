import pandas as pd
import yaml
from sklearn.ensemble import RandomForestClassifier
import joblib

params = yaml.safe_load(open("params.yaml"))["train"]
df = pd.read_parquet("data/prepared/train.parquet")
model = RandomForestClassifier(**params).fit(df.drop(columns="churned"), df["churned"])
joblib.dump(model, "models/model.joblib")
