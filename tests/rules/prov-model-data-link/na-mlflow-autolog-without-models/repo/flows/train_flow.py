import mlflow
import pandas as pd
from sklearn.tree import DecisionTreeClassifier


def train(frame: pd.DataFrame) -> None:
    mlflow.sklearn.autolog(log_models=False)
    with mlflow.start_run():
        DecisionTreeClassifier(max_depth=6, random_state=7).fit(frame.drop(columns="quality"), frame["quality"])


if __name__ == "__main__":
    train(pd.read_csv("data/wine.csv"))
