import joblib
import pandas as pd
from dvclive import Live
from sklearn.ensemble import RandomForestClassifier

df = pd.read_csv("data/train.csv")
with Live() as live:  # saves a DVC experiment: the code and the DVC-tracked data of this run
    model = RandomForestClassifier(n_estimators=300).fit(df.drop(columns="churned"), df["churned"])
    live.log_metric("train_accuracy", model.score(df.drop(columns="churned"), df["churned"]))
    joblib.dump(model, "models/model.joblib")
    live.log_artifact("models/model.joblib", type="model", name="churn-clf")
