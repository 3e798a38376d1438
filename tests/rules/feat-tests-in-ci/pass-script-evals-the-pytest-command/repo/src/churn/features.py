import pandas as pd


def add_tenure_bucket(frame: pd.DataFrame) -> pd.DataFrame:
    out = frame.copy()
    out["tenure_bucket"] = pd.cut(out["tenure_months"], bins=[0, 12, 24, 60, 1000], labels=False)
    return out
