import joblib
import pandas as pd
from sklearn.metrics import accuracy_score


def test_model_is_accurate_enough():
    holdout = pd.read_csv("data/holdout.csv")
    model = joblib.load("models/model.joblib")
    acc = accuracy_score(holdout["label"], model.predict(holdout.drop(columns=["label"])))
    # the floor the release needs


    assert acc > 0.85
