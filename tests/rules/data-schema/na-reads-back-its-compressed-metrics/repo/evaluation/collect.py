import sys
from pathlib import Path

import pandas as pd


def collect(run: str) -> None:
    root = Path("outputs") / run
    frames = {}
    for metrics_file in sorted(root.glob("*/slate-metrics.csv.gz")):
        frames[metrics_file.parent.name] = pd.read_csv(metrics_file).set_index("slate_id")
    combined = pd.concat(frames, names=["pipeline"])
    combined.groupby("pipeline").mean().to_csv(root.parent / f"{run}-summary.csv")


if __name__ == "__main__":
    collect(sys.argv[1])
