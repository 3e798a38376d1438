import pandas as pd


def tenure_bucket(months: int) -> str:
    if months < 6:
        return "new"
    return "established" if months < 24 else "loyal"


def charge_per_month(df: pd.DataFrame) -> pd.Series:
    return df["total_charges"] / df["tenure_months"].clip(lower=1)
