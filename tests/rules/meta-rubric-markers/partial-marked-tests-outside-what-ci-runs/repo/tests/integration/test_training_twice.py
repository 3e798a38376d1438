import pytest

pytestmark = [pytest.mark.slow, pytest.mark.ml_test("Infra 1")]


def test_two_trainings_agree(tmp_path):
    from churn.features import tenure_bucket
    import pandas as pd

    a = tenure_bucket(pd.Series([5, 30]))
    b = tenure_bucket(pd.Series([5, 30]))
    assert a.equals(b)
