import pandas as pd


def tenure_bucket(months: pd.Series) -> pd.Series:
    """Tenure in years, capped at 5, as the model sees it."""
    return (months.clip(lower=0) // 12).clip(upper=5)
