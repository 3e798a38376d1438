import pandas as pd
from sklearn.metrics import recall_score


def recall_by_region(df: pd.DataFrame, pred_col: str = "pred") -> pd.Series:
    return df.groupby("region").apply(lambda g: recall_score(g["churned"], g[pred_col]))
