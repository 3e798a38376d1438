import pandas as pd
from sklearn import preprocessing


class CategoryEncoder:
    """Label-encodes the categorical columns of a dataframe; unseen values map to a reserved code."""

    def __init__(self, columns, fill="__missing__"):
        self.columns = columns
        self.fill = fill
        self.encoders = {}

    def fit(self, df: pd.DataFrame):
        for c in self.columns:
            enc = preprocessing.LabelEncoder()
            enc.fit(df[c].astype(str).fillna(self.fill).tolist() + [self.fill])
            self.encoders[c] = enc
        return self

    def transform(self, df: pd.DataFrame) -> pd.DataFrame:
        out = df.copy()
        for c, enc in self.encoders.items():
            values = out[c].astype(str).fillna(self.fill)
            out[c] = enc.transform(values.where(values.isin(enc.classes_), self.fill))
        return out
