from pathlib import Path

import pandas as pd
from sklearn.linear_model import LogisticRegression

raw_dir = Path("data/raw")
frames = []
for csv_file in sorted(raw_dir.glob("*.csv")):
    frames.append(pd.read_csv(csv_file))
df = pd.concat(frames)
model = LogisticRegression(max_iter=200).fit(df[["age", "income"]], df["churned"])
