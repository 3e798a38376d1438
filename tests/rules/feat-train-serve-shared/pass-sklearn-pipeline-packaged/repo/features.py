import pandas as pd


def add_ratios(df: pd.DataFrame) -> pd.DataFrame:
    df = df.copy()
    df["debt_ratio"] = df["debt"] / df["income"].clip(lower=1)
    return df
