import joblib
import pandas as pd
from sklearn.linear_model import LogisticRegression

from src.encoders import CategoryEncoder

if __name__ == "__main__":
    df = pd.read_csv("input/train.csv")
    enc = CategoryEncoder(["city", "plan"]).fit(df)
    model = LogisticRegression(max_iter=300).fit(enc.transform(df).drop(columns=["target"]), df.target)
    joblib.dump((enc, model), "models/model.pkl")
