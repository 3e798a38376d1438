import pandas as pd

df = pd.read_csv("data/raw/listings.csv").dropna(subset=["price"])
df.to_parquet("data/prepared/listings.parquet")
