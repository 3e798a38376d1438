import json

import pandas as pd
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import train_test_split

df = pd.read_csv("data/prepared/loans.csv")
X, y = df[["income", "amount"]], df["default"]
X_train, X_test, y_train, y_test = train_test_split(X, y, test_size=0.2, random_state=0)

clf = LogisticRegression(max_iter=200)
clf.fit(X_train, y_train)

with open("metrics.json", "w") as fh:
    json.dump({"accuracy": clf.score(X_test, y_test)}, fh)
