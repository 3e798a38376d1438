import pandas as pd
import pytest
from sklearn.dummy import DummyClassifier
from sklearn.metrics import roc_auc_score
from sklearn.model_selection import train_test_split

from churn.train import train


def test_model_beats_prior_baseline():
    df = pd.read_csv("tests/data/sample.csv")
    tr, te = train_test_split(df, test_size=0.3, random_state=0, stratify=df["churned"])
    model = train(tr)
    baseline = DummyClassifier(strategy="prior").fit(tr.drop(columns="churned"), tr["churned"])
    auc = roc_auc_score(te["churned"], model.predict_proba(te.drop(columns="churned"))[:, 1])
    baseline_auc = roc_auc_score(te["churned"], baseline.predict_proba(te.drop(columns="churned"))[:, 1])
    assert baseline_auc == pytest.approx(0.5, abs=0.01)  # a prior has no ranking skill
    assert auc > baseline_auc + 0.05
