import joblib
import pandas as pd
from sklearn.ensemble import RandomForestClassifier


def train(frame: pd.DataFrame, seed: int = 7) -> RandomForestClassifier:
    model = RandomForestClassifier(n_estimators=200, random_state=seed)
    model.fit(frame.drop(columns=["label"]), frame["label"])
    return model


if __name__ == "__main__":
    data = pd.read_parquet("data/train.parquet")
    joblib.dump(train(data), "models/model.joblib")
