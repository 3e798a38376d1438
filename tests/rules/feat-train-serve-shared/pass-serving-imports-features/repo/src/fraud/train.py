import joblib
import pandas as pd
from lightgbm import LGBMClassifier

from fraud.features import transaction_features

if __name__ == "__main__":
    df = pd.read_parquet("data/train.parquet")
    joblib.dump(LGBMClassifier().fit(transaction_features(df), df["is_fraud"]), "model.joblib")
