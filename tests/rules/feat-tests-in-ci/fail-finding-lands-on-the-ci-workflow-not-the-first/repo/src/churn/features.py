import pandas as pd


def tenure_buckets(frame: pd.DataFrame) -> pd.DataFrame:
    out = frame.copy()
    out["tenure_bucket"] = pd.cut(out["tenure_months"], bins=[0, 6, 12, 24, 1200], labels=False)
    return out
