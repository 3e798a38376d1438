import re

import pandas as pd

_URL = re.compile(r"https?://\S+")


def clean_text(text: str) -> str:
    text = _URL.sub(" ", text.lower())
    return " ".join(text.split())


def add_clean_text(df: pd.DataFrame) -> pd.DataFrame:
    out = df.copy()
    out["clean"] = (out["title"].fillna("") + " " + out["description"].fillna("")).map(clean_text)
    return out
