import pandas as pd

from churn.features import add_tenure_bucket


def test_tenure_bucket_groups_months() -> None:
    frame = add_tenure_bucket(pd.DataFrame({"tenure_months": [3, 18, 40]}))
    assert frame["tenure_bucket"].tolist() == [0, 1, 2]
