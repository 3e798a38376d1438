import pandas as pd
from sklearn.ensemble import HistGradientBoostingClassifier
from sklearn.pipeline import make_pipeline

from trainer.feature_engineering import DateFeatureExpander


def train(df: pd.DataFrame, target: str):
    model = make_pipeline(DateFeatureExpander(), HistGradientBoostingClassifier(random_state=0))
    return model.fit(df.drop(columns=[target]), df[target])
