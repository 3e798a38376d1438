import pandas as pd


def normalise_income(df: pd.DataFrame) -> pd.DataFrame:
    out = df.copy()
    out["income"] = (out["income"] - out["income"].mean()) / out["income"].std()
    return out
