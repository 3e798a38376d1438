import pandas as pd
from sklearn.linear_model import LogisticRegression

frame = pd.read_csv("data/customers.csv")
model = LogisticRegression(max_iter=500).fit(frame[["tenure", "charges"]], frame["churned"])
