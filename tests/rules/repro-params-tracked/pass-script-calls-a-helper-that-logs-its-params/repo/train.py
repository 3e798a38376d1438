import pandas as pd
import yaml
from xgboost import XGBRegressor

from src.tracking import normalise_dtypes, record_training_run

params = yaml.safe_load(open("params.yaml"))["train"]
frame = normalise_dtypes(pd.read_parquet("data/sales.parquet"))
model = XGBRegressor(**params).fit(frame.drop(columns="sales"), frame["sales"])
record_training_run(params, {"r2": model.score(frame.drop(columns="sales"), frame["sales"])})
