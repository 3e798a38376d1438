import joblib
import pandas as pd
from sklearn.metrics import accuracy_score, f1_score

THRESHOLDS = {"accuracy": 0.80, "f1": 0.55}


def evaluate_served_model(db_url: str, model_path: str) -> dict:
    labelled = pd.read_sql("select * from churn_feedback where labelled_at > now() - interval '7 days'", db_url)
    model = joblib.load(model_path)
    predicted = model.predict(labelled.drop(columns=["exited"]))
    metrics = {"accuracy": accuracy_score(labelled["exited"], predicted),
               "f1": f1_score(labelled["exited"], predicted)}
    if any(metrics[k] < floor for k, floor in THRESHOLDS.items()):
        raise RuntimeError(f"model below its floors: {metrics}")
    return metrics
