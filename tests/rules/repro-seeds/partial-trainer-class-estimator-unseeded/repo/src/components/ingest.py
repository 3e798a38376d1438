import pandas as pd
from sklearn.model_selection import train_test_split

from src.components.trainer import PriceModelTrainer


class Ingestion:
    def __init__(self, source="data/houses.csv"):
        self.source = source

    def split(self):
        frame = pd.read_csv(self.source)
        features = frame.drop(columns=["price"])
        return train_test_split(features, frame["price"], test_size=0.25, random_state=7)


if __name__ == "__main__":
    ingestion = Ingestion()
    X_train, X_valid, y_train, y_valid = ingestion.split()
    trainer = PriceModelTrainer()
    print(trainer.run(X_train, y_train, X_valid, y_valid))
