import pandas as pd
import pytest

from churn.features import tenure_bucket


@pytest.mark.ml_test("Data 4")
def test_tenure_bucket_is_capped():
    out = tenure_bucket(pd.Series([0, 13, 400]))
    assert out.tolist() == [0, 1, 5]


@pytest.mark.ml_test("Infra 2", "Data 7")
def test_negative_tenure_is_zero():
    assert tenure_bucket(pd.Series([-4])).tolist() == [0]
