import pickle

import pandas as pd
from sklearn.feature_extraction import DictVectorizer
from sklearn.linear_model import LinearRegression

from predict import prepare_features

df = pd.read_parquet("data/green_tripdata_2021-01.parquet")
df["duration"] = (df.lpep_dropoff_datetime - df.lpep_pickup_datetime).dt.total_seconds() / 60
dv = DictVectorizer()
X = dv.fit_transform([prepare_features(r) for r in df.to_dict(orient="records")])
model = LinearRegression().fit(X, df["duration"])
with open("lin_reg.bin", "wb") as f_out:
    pickle.dump((dv, model), f_out)
