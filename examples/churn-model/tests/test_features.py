import pandas as pd

from churn.features import build_features, tenure_bucket


def test_tenure_bucket_edges():
    df = pd.DataFrame({"tenure_months": [0, 6, 7, 1200]})
    assert tenure_bucket(df).tolist() == [0, 0, 1, 4]


def test_build_features_keeps_rows():
    df = pd.DataFrame({
        "tenure_months": [3, 40],
        "monthly_charges": [70.0, 20.0],
        "total_charges": [210.0, 800.0],
        "internet_service": ["Fiber optic", "DSL"],
    })
    out = build_features(df)
    assert len(out) == 2
    assert out["has_fiber"].tolist() == [1, 0]
