import joblib
import pandas as pd
from sklearn.linear_model import LogisticRegression

if __name__ == "__main__":
    df = pd.read_csv("data/train.csv")
    joblib.dump(LogisticRegression().fit(df.drop(columns="y"), df["y"]), "model.joblib")
