import pandas as pd


def standardise(df: pd.DataFrame, column: str) -> pd.DataFrame:
    out = df.copy()
    out[column] = (out[column] - out[column].mean()) / out[column].std()
    return out
