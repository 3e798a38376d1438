import pandas as pd

df = pd.read_csv("data/raw/customers.csv")
df = df[df["tenure_months"] >= 0].drop(columns=["email", "name"])
df.to_parquet("data/prepared/train.parquet")
