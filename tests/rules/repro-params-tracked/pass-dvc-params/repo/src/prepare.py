import pandas as pd

df = pd.read_csv("data/raw/customers.csv").dropna(subset=["churned"])
df.to_parquet("data/prepared/train.parquet")
