import json

import joblib
import pandas as pd


def per_month(frame: pd.DataFrame) -> pd.Series:
    months = frame["tenure_months"].clip(lower=1)
    return frame["total_charges"] / months


def model_fn(model_dir: str):
    return joblib.load(f"{model_dir}/model.joblib")


def predict_fn(data: dict, model):
    frame = pd.DataFrame([data])
    return json.dumps({"p": float(model.predict_proba(pd.DataFrame({"cpm": per_month(frame)}))[0, 1])})
