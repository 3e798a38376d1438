import os

import joblib
import pandas as pd
from sklearn.ensemble import RandomForestClassifier

FOLD = int(os.environ.get("FOLD", "0"))

if __name__ == "__main__":
    df = pd.read_csv(os.environ["TRAINING_DATA"])
    train = df[df.kfold != FOLD]
    model = RandomForestClassifier(n_estimators=200, random_state=0)
    model.fit(train.drop(columns=["id", "target", "kfold"]), train.target)
    joblib.dump(model, f"models/{os.environ['MODEL']}_{FOLD}.pkl")
