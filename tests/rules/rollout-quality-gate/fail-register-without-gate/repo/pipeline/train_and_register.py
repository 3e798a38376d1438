import mlflow
import pandas as pd
from sklearn.ensemble import GradientBoostingClassifier

NAME = "churn-clf"

train = pd.read_parquet("data/prepared/train.parquet")
with mlflow.start_run():
    model = GradientBoostingClassifier().fit(train.drop(columns="churned"), train["churned"])
    mlflow.log_metric("train_rows", len(train))
    mlflow.sklearn.log_model(model, "model", registered_model_name=NAME)
