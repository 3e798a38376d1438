import json

import joblib
import pandas as pd
from xgboost import XGBRegressor

from forecast.metrics import score

FEATURES = ["lag_1", "lag_24", "hour", "weekday"]

frame = pd.read_parquet("data/load.parquet")
split = int(len(frame) * 0.8)
train, test = frame.iloc[:split], frame.iloc[split:]
model = XGBRegressor(n_estimators=400, max_depth=6, random_state=0)
model.fit(train[FEATURES], train["load"])

baseline = score(test["load"], test["lag_24"])
metrics = {"model": score(test["load"], model.predict(test[FEATURES])), "baseline": baseline}
json.dump(metrics, open("metrics.json", "w"))
joblib.dump(model, "models/xgb.joblib")
