from pathlib import Path

import pandas as pd

raw = pd.read_csv("data/raw/loans.csv")
raw = raw.dropna(subset=["income", "amount"])
Path("data/prepared").mkdir(parents=True, exist_ok=True)
raw.to_csv("data/prepared/loans.csv", index=False)
