import pandas as pd


def tenure_bucket(df: pd.DataFrame) -> pd.DataFrame:
    out = df.copy()
    out["tenure_bucket"] = pd.cut(out["tenure_months"], bins=[-1, 6, 24, 1000], labels=["new", "mid", "loyal"])
    return out
