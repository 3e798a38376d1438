"""Label product titles with a fine-tuned classifier loaded from the model registry (no training here)."""

import pandas as pd
import torch
from sklearn.base import BaseEstimator, TransformerMixin
from sklearn.pipeline import Pipeline


class TitleNormaliser(BaseEstimator, TransformerMixin):
    def fit(self, X, y=None):
        return self

    def transform(self, X):
        out = X.copy()
        out["title"] = out["title"].str.strip().str.lower()
        return out


class BatchLabeller(BaseEstimator, TransformerMixin):
    """Runs a loaded sequence classifier over the titles, batch by batch."""

    def __init__(self, model, tokenizer, batch_size: int = 32):
        self.model = model
        self.tokenizer = tokenizer
        self.batch_size = batch_size

    def fit(self, X, y=None):
        return self

    def transform(self, X):
        out = X.copy()
        labels = []
        titles = out["title"].tolist()
        for start in range(0, len(titles), self.batch_size):
            batch = self.tokenizer(titles[start:start + self.batch_size], padding=True, truncation=True,
                                   return_tensors="pt")
            with torch.no_grad():
                logits = self.model(**batch).logits
            labels += logits.argmax(dim=-1).tolist()
        out["label"] = labels
        return out


def label_titles(df: pd.DataFrame, model, tokenizer) -> pd.DataFrame:
    labeller = BatchLabeller(model=model, tokenizer=tokenizer)
    labeller.fit(df)
    steps = Pipeline([("normalise", TitleNormaliser()), ("label", labeller)])
    return steps.transform(df)
