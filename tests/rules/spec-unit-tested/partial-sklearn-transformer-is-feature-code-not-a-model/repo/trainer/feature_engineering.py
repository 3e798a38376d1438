import numpy as np
import pandas as pd
from sklearn.base import BaseEstimator, TransformerMixin


class DateFeatureExpander(BaseEstimator, TransformerMixin):
    """Turn a datetime column into year, month, weekday and hour columns."""

    def __init__(self, column: str = "timestamp") -> None:
        self.column = column

    def fit(self, X: pd.DataFrame, y=None):
        return self

    def transform(self, X: pd.DataFrame) -> pd.DataFrame:
        ts = pd.to_datetime(X[self.column], errors="coerce")
        out = X.drop(columns=[self.column]).copy()
        out["year"], out["month"] = ts.dt.year, ts.dt.month
        out["weekday"], out["hour"] = ts.dt.weekday, ts.dt.hour.astype(np.int8)
        return out
