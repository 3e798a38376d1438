import pandas as pd


def tenure_bucket(months: int) -> str:
    if months < 0:
        raise ValueError("negative tenure")
    if months < 6:
        return "new"
    return "established" if months < 24 else "loyal"


def add_tenure_bucket(df: pd.DataFrame) -> pd.DataFrame:
    out = df.copy()
    out["tenure_bucket"] = out["tenure_months"].map(tenure_bucket)
    return out
