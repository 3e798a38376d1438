import joblib
import pandas as pd
from fairlearn.metrics import MetricFrame
from sklearn.metrics import recall_score

test = pd.read_parquet("data/prepared/test.parquet")
model = joblib.load("models/model.joblib")
y_pred = model.predict(test.drop(columns=["churned", "region"]))
frame = MetricFrame(metrics=recall_score, y_true=test["churned"], y_pred=y_pred,
                    sensitive_features=test["region"])
frame.by_group.to_csv("reports/recall_by_region.csv")
