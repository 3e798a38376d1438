import joblib
import pandas as pd
import yaml
from sklearn.ensemble import RandomForestRegressor

params = yaml.safe_load(open("params.yaml"))["train"]
df = pd.read_parquet("data/prepared/listings.parquet")
model = RandomForestRegressor(n_estimators=params["n_estimators"], random_state=0)
model.fit(df.drop(columns=["price"]), df["price"])
joblib.dump(model, "models/model.pkl")
