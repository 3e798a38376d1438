import pandas as pd
from sklearn.linear_model import LinearRegression

from helpers.forecasting import generate_weekly_naive_forecast

history = pd.read_parquet("data/rides.parquet")
model = LinearRegression().fit(history[["hour"]], history["rides"])
baseline = generate_weekly_naive_forecast(history)
baseline.to_csv("out/naive.csv", index=False)
