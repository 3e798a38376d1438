import joblib
import pandas as pd
from sklearn.ensemble import RandomForestClassifier

df = pd.read_csv("data/iris.csv")
model = RandomForestClassifier(n_estimators=50, random_state=0)
model.fit(df.drop(columns=["species"]), df["species"])
joblib.dump(model, "models/model.joblib")
