import mlflow
import pandas as pd
from sklearn.ensemble import RandomForestClassifier

df = pd.read_parquet("data/prepared/train.parquet")
mlflow.sklearn.autolog()
with mlflow.start_run():
    model = RandomForestClassifier(n_estimators=300).fit(df.drop(columns="churned"), df["churned"])
    mlflow.sklearn.log_model(model, "model")
