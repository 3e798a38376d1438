import json

import joblib
import pandas as pd
from sklearn.metrics import mean_absolute_error

hourly = pd.read_parquet("data/test.parquet")
daily = hourly.groupby(hourly["ts"].dt.date).agg({"load": "sum", "temp": "mean"}).reset_index()
model = joblib.load("models/daily.joblib")
predicted = model.predict(daily[["temp"]])

mae = mean_absolute_error(daily["load"], predicted)
json.dump({"mae": mae}, open("metrics.json", "w"))
