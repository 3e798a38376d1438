"""Column helpers users can call before fitting the models they serve with tabserve."""
import numpy as np
import pandas as pd


def log_amounts(df: pd.DataFrame, columns: list[str]) -> pd.DataFrame:
    out = df.copy()
    for col in columns:
        out[col] = np.log1p(out[col].clip(lower=0))
    return out


def one_hot(df: pd.DataFrame, columns: list[str]) -> pd.DataFrame:
    return pd.get_dummies(df, columns=columns, dtype=float)
