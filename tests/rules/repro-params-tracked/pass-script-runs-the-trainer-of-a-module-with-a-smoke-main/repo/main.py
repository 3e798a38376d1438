import pandas as pd
import yaml

from src.model import train

if __name__ == "__main__":
    params = yaml.safe_load(open("params.yaml"))["train"]
    model = train(pd.read_parquet("data/sales.parquet"), params)
    model.save_model("models/model.json")
