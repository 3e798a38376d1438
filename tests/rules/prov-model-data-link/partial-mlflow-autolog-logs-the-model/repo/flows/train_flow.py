import mlflow
import pandas as pd
from sklearn.model_selection import train_test_split
from sklearn.tree import DecisionTreeClassifier


def train(frame: pd.DataFrame) -> DecisionTreeClassifier:
    mlflow.set_experiment("wine-quality")
    mlflow.sklearn.autolog()
    X_train, X_test, y_train, y_test = train_test_split(
        frame.drop(columns="quality"), frame["quality"], test_size=0.2, random_state=7)
    with mlflow.start_run():
        model = DecisionTreeClassifier(max_depth=6, random_state=7).fit(X_train, y_train)
        mlflow.log_metric("test_accuracy", model.score(X_test, y_test))
    return model


if __name__ == "__main__":
    train(pd.read_csv("data/wine.csv"))
