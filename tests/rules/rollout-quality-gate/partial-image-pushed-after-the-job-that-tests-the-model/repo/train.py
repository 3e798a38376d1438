import joblib
import pandas as pd
from sklearn.linear_model import LogisticRegression

df = pd.read_csv("data/train.csv")
model = LogisticRegression(max_iter=500).fit(df.drop(columns=["label"]), df["label"])
joblib.dump(model, "models/model.joblib")
