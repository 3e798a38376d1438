import pandas as pd

TRAIN_URL = "https://storage.googleapis.com/acme-public/churn/train.csv"
df = pd.read_csv(TRAIN_URL)
events = pd.read_parquet("s3://acme-ml-data/churn/events.parquet")
