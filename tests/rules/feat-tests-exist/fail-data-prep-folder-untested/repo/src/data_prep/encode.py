import pandas as pd


def one_hot(df: pd.DataFrame, col: str) -> pd.DataFrame:
    return pd.concat([df.drop(columns=[col]), pd.get_dummies(df[col], prefix=col)], axis=1)
