from pathlib import Path

import pandas as pd


def combine() -> pd.DataFrame:
    results_dir = Path("evaluation_results")
    frames = []
    for csv_file in sorted(results_dir.glob("*.csv")):
        frames.append(pd.read_csv(csv_file))
    return pd.concat(frames)


if __name__ == "__main__":
    combine().to_csv("combined.csv", index=False)
