import joblib
import pandas as pd
from sklearn.linear_model import LogisticRegression

df = pd.read_csv("data/ratings.csv")
model = LogisticRegression(max_iter=500).fit(df.drop(columns="liked"), df["liked"])
joblib.dump(model, "models/model.joblib")
