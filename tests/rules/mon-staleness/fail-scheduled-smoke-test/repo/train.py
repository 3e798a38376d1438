import argparse

import joblib
import pandas as pd
from sklearn.ensemble import GradientBoostingClassifier

parser = argparse.ArgumentParser()
parser.add_argument("--epochs", type=int, default=200)
parser.add_argument("--sample", type=int, default=None)
parser.add_argument("--out", default="models/model.joblib")
args = parser.parse_args()

df = pd.read_csv("data/churn.csv", nrows=args.sample)
model = GradientBoostingClassifier(n_estimators=args.epochs, random_state=0)
model.fit(df.drop(columns=["churned"]), df["churned"])
joblib.dump(model, args.out)
