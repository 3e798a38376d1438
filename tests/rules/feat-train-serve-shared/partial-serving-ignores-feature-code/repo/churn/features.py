import pandas as pd


def charge_per_month(df: pd.DataFrame) -> pd.Series:
    return df["total_charges"] / df["tenure_months"].clip(lower=1)
