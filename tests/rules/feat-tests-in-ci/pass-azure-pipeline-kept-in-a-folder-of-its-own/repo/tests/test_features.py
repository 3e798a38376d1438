import pandas as pd

from src.churn.features import tenure_bucket


def test_buckets():
    got = tenure_bucket(pd.DataFrame({"tenure_months": [1, 12, 60]}))
    assert list(got["tenure_bucket"]) == ["new", "mid", "loyal"]
