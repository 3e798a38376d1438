import pandas as pd


def add_tenure_bucket(df: pd.DataFrame) -> pd.DataFrame:
    out = df.copy()
    out["tenure_bucket"] = pd.cut(out["tenure_months"], bins=[0, 12, 24, 60, 1000])
    return out
