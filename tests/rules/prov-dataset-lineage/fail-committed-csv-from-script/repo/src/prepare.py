import pandas as pd

df = pd.read_csv("/mnt/exports/customers_latest.csv")
df = df[df["tenure_months"] >= 0].drop(columns=["email", "name"])
df.to_csv("data/processed/train.csv", index=False)
