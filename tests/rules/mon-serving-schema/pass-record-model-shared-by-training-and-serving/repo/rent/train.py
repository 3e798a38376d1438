import joblib
import pandas as pd
from sklearn.compose import make_column_transformer
from sklearn.ensemble import GradientBoostingRegressor
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import OneHotEncoder

from rent.records import Listing

FEATURES = ["surface_m2", "rooms", "floor", "district"]

if __name__ == "__main__":
    df = pd.read_csv("data/listings.csv")
    for row in df[FEATURES].to_dict(orient="records"):
        Listing.model_validate(row)
    pipe = make_pipeline(make_column_transformer((OneHotEncoder(), ["district"]), remainder="passthrough"),
                         GradientBoostingRegressor(random_state=0))
    pipe.fit(df[FEATURES], df["monthly_rent"])
    joblib.dump(pipe, "artifacts/rent.joblib")
