import pandas as pd
from sklearn.ensemble import GradientBoostingClassifier


def train(df: pd.DataFrame) -> GradientBoostingClassifier:
    return GradientBoostingClassifier(n_estimators=50, random_state=0).fit(df.drop(columns="churned"), df["churned"])
