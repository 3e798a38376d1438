import pickle

import pandas as pd
from sklearn.linear_model import LogisticRegression

df = pd.read_csv("data/train.csv")
model = LogisticRegression(max_iter=1000).fit(df.drop(columns="churned"), df["churned"])
with open("models/churn.pkl", "wb") as fh:
    pickle.dump(model, fh)
