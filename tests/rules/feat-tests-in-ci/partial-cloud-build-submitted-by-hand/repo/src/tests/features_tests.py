import pandas as pd

from src.trainer.features import encode_tenure


def test_missing_tenure_is_zero_years():
    out = encode_tenure(pd.DataFrame({"tenure_months": [None, 24]}))
    assert out["tenure_years"].tolist() == [0.0, 2.0]
