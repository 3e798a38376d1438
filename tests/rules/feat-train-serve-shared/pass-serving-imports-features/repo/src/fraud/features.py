import numpy as np
import pandas as pd


def transaction_features(df: pd.DataFrame) -> pd.DataFrame:
    out = pd.DataFrame(index=df.index)
    out["log_amount"] = np.log1p(df["amount"].clip(lower=0))
    out["is_foreign"] = (df["country"] != df["card_country"]).astype(int)
    return out
