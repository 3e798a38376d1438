import joblib
import pandas as pd
from sklearn.ensemble import HistGradientBoostingClassifier

frame = pd.read_parquet("/data/features/latest.parquet")
model = HistGradientBoostingClassifier(random_state=0).fit(frame.drop(columns=["is_fraud"]), frame["is_fraud"])
joblib.dump(model, "/models/fraud.joblib")
