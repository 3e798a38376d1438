import pandas as pd
from sklearn.base import BaseEstimator, TransformerMixin


class RareLevelEncoder(BaseEstimator, TransformerMixin):
    def __init__(self, min_share: float = 0.01, other: str = "__other__"):
        self.min_share = min_share
        self.other = other

    def fit(self, X: pd.DataFrame, y=None):
        self.kept_ = {c: set(X[c].value_counts(normalize=True).loc[lambda s: s >= self.min_share].index)
                      for c in X.columns}
        return self

    def transform(self, X: pd.DataFrame) -> pd.DataFrame:
        out = X.copy()
        for c, kept in self.kept_.items():
            out[c] = out[c].where(out[c].isin(kept), self.other)
        return out
