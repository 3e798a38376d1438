import pandas as pd
import pytest


@pytest.fixture
def amounts() -> pd.Series:
    return pd.Series([0.0, 12.5, -3.0, 1e6])
