import pandas as pd
from sklearn.linear_model import LogisticRegression

df = pd.read_csv("data/train.csv")
model = LogisticRegression(C=0.5).fit(df.drop(columns="y"), df["y"])
