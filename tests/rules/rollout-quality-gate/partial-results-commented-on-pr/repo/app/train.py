import json

import pandas as pd
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import f1_score
from sklearn.model_selection import train_test_split

df = pd.read_csv("data/reviews.csv")
train, test = train_test_split(df, test_size=0.2, random_state=7)
model = LogisticRegression(max_iter=500).fit(train.drop(columns="label"), train["label"])
score = f1_score(test["label"], model.predict(test.drop(columns="label")), average="macro")
with open("results/evaluation.json", "w") as f:
    json.dump({"f1": score}, f)
