import pandas as pd
import yaml
from xgboost import XGBRegressor

from src.tracking import normalise_dtypes

params = yaml.safe_load(open("params.yaml"))["train"]
frame = normalise_dtypes(pd.read_parquet("data/sales.parquet"))
for cutoff in ("2024-01-01", "2024-04-01"):
    past = frame[frame["date"] < cutoff].drop(columns="date")
    model = XGBRegressor(**params).fit(past.drop(columns="sales"), past["sales"])
    pd.DataFrame({"cutoff": [cutoff], "score": [model.score(past.drop(columns="sales"), past["sales"])]}).to_csv(
        f"backtest_{cutoff}.csv", index=False)
