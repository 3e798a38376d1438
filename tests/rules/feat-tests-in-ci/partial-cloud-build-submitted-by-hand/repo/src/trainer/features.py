import pandas as pd


def encode_tenure(frame: pd.DataFrame) -> pd.DataFrame:
    out = frame.copy()
    out["tenure_years"] = out["tenure_months"].fillna(0) / 12.0
    return out
