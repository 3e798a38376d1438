import joblib
import pandas as pd
from sklearn.ensemble import RandomForestClassifier
from sklearn.preprocessing import OrdinalEncoder


class ChurnModel:
    categorical = ["plan", "region"]
    target = "churned"

    def __init__(self) -> None:
        self.encoder = OrdinalEncoder()
        self.classifier = RandomForestClassifier(n_estimators=200)

    def train(self, customers: pd.DataFrame) -> None:
        X = customers.drop(columns=[self.target]).copy()
        X[self.categorical] = self.encoder.fit_transform(X[self.categorical])
        self.classifier.fit(X, customers[self.target])
        joblib.dump((self.encoder, self.classifier), "churn.bin")
