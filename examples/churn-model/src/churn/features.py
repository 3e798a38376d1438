"""Model inputs: tabular account features and a text embedding of the last support ticket."""

import numpy as np
import pandas as pd
from transformers import AutoModel, AutoTokenizer

TEXT_MODEL = "distilbert-base-uncased"


def tenure_bucket(df: pd.DataFrame) -> pd.Series:
    return pd.cut(df["tenure_months"], bins=[0, 6, 12, 24, 60, 1200], labels=False, include_lowest=True)


def monthly_charge_ratio(df: pd.DataFrame) -> pd.Series:
    return df["monthly_charges"] / df["total_charges"].clip(lower=1.0)


def ticket_embeddings(texts: list[str], max_tokens: int = 128) -> np.ndarray:
    tokenizer = AutoTokenizer.from_pretrained(TEXT_MODEL)
    model = AutoModel.from_pretrained(TEXT_MODEL)
    batch = tokenizer(texts, truncation=True, max_length=max_tokens, padding=True, return_tensors="pt")
    return model(**batch).last_hidden_state[:, 0].detach().numpy()


def build_features(df: pd.DataFrame) -> pd.DataFrame:
    out = pd.DataFrame(index=df.index)
    out["tenure_bucket"] = tenure_bucket(df)
    out["charge_ratio"] = monthly_charge_ratio(df)
    out["has_fiber"] = (df["internet_service"] == "Fiber optic").astype(int)
    return out
