import pandas as pd
from sklearn.linear_model import LinearRegression

from helpers.forecasting import lag_features_for_forecast

history = lag_features_for_forecast(pd.read_parquet("data/rides.parquet")).dropna()
model = LinearRegression().fit(history[["rides_lag_24", "rides_lag_168"]], history["rides"])
