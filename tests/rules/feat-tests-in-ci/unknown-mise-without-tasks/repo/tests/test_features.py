import pandas as pd
import pytest

from churn.features import add_tenure_bucket, tenure_bucket


def test_bucket_edges():
    assert [tenure_bucket(m) for m in (0, 6, 24)] == ["new", "established", "loyal"]
    with pytest.raises(ValueError):
        tenure_bucket(-1)


def test_bucket_keeps_rows():
    df = pd.DataFrame({"tenure_months": [1, 13, 61]})
    assert len(add_tenure_bucket(df)) == 3
