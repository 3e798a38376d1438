import joblib
import pandas as pd
from sklearn.linear_model import LogisticRegression

frame = pd.read_csv("data/loans.csv")
model = LogisticRegression(max_iter=500).fit(frame.drop(columns="default"), frame["default"])
joblib.dump(model, "models/model.joblib")
