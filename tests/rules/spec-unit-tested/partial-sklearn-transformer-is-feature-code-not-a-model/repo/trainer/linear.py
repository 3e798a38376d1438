import pandas as pd
from sklearn.linear_model import LogisticRegression
from sklearn.pipeline import make_pipeline

from trainer.feature_engineering import DateFeatureExpander


def train(df: pd.DataFrame, target: str):
    model = make_pipeline(DateFeatureExpander(), LogisticRegression(max_iter=500))
    return model.fit(df.drop(columns=[target]), df[target])
