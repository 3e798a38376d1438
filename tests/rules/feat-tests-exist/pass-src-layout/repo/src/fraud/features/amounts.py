import numpy as np
import pandas as pd


def log_amount(amount: pd.Series) -> pd.Series:
    return np.log1p(amount.clip(lower=0))


def scale_amount(amount: pd.Series, mean: float, std: float) -> pd.Series:
    if std <= 0:
        raise ValueError("std must be positive")
    return (amount - mean) / std
