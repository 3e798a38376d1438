import pandas as pd

from churn.features import add_tenure_bucket


def test_bucket_keeps_rows():
    df = pd.DataFrame({"tenure_months": [1, 13, 61]})
    assert len(add_tenure_bucket(df)) == 3
