from churn.features import tenure_bucket


def test_new():
    assert tenure_bucket(0) == "new"
