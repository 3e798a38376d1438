import joblib
import pandas as pd
from sklearn.ensemble import RandomForestClassifier

if __name__ == "__main__":
    df = pd.read_parquet("data/train.parquet")
    joblib.dump(RandomForestClassifier().fit(df.drop(columns="y"), df["y"]), "model.joblib")
