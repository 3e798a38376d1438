import pandas as pd

from schema import CustomerSchema

df = pd.read_csv("data/raw/customers.csv")
CustomerSchema.validate(df, lazy=True).to_parquet("data/prepared/train.parquet")
