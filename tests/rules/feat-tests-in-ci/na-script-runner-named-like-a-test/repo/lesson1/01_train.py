import joblib
import pandas as pd
from sklearn.ensemble import GradientBoostingClassifier

frame = pd.read_csv("data/bank_marketing.csv")
features = frame.drop(columns=["subscribed"])
model = GradientBoostingClassifier(random_state=0).fit(features, frame["subscribed"])
joblib.dump(model, "outputs/model.joblib")
