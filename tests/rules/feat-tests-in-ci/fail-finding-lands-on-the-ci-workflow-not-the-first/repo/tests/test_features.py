import pandas as pd

from churn.features import tenure_buckets


def test_tenure_buckets_cover_every_row():
    frame = pd.DataFrame({"tenure_months": [1, 7, 13, 30]})
    assert tenure_buckets(frame)["tenure_bucket"].tolist() == [0, 1, 2, 3]
