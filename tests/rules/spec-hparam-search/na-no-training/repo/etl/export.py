import pandas as pd

pd.read_csv('raw.csv').dropna().to_parquet('clean.parquet')
