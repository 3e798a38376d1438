import pandas as pd
import xgboost as xgb

if __name__ == "__main__":
    df = pd.read_parquet("data/train.parquet")
    dtrain = xgb.DMatrix(df.drop(columns="label"), label=df["label"])
    booster = xgb.train({"max_depth": 6, "eta": 0.1, "objective": "binary:logistic"}, dtrain, num_boost_round=300)
    booster.save_model("models/xgb.json")
