import joblib
import pandas as pd
from sklearn.linear_model import LogisticRegression

frame = pd.read_csv("data/churn.csv")
model = LogisticRegression(random_state=0).fit(frame[["tenure", "monthly_charges"]], frame["churned"])
joblib.dump(model, "model.joblib")
