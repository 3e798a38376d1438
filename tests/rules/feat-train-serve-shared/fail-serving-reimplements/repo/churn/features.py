import pandas as pd


def charge_per_month(df: pd.DataFrame) -> pd.Series:
    months = df["tenure_months"].clip(lower=1)
    return df["total_charges"] / months
