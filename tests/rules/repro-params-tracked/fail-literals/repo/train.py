import joblib
import pandas as pd
from sklearn.ensemble import RandomForestClassifier

df = pd.read_parquet("data/prepared/train.parquet")
model = RandomForestClassifier(n_estimators=300, max_depth=12, random_state=0)
model.fit(df.drop(columns="churned"), df["churned"])
joblib.dump(model, "models/model.joblib")
