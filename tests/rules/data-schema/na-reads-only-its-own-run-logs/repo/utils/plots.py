from pathlib import Path

import matplotlib.pyplot as plt
import pandas as pd


def plot_evolve(evolve_csv="path/to/evolve.csv"):
    evolve_csv = Path(evolve_csv)
    data = pd.read_csv(evolve_csv)
    data.plot(subplots=True)
    plt.savefig(evolve_csv.with_suffix(".png"))


def plot_results(run_dir="runs/train/exp"):
    files = list(Path(run_dir).glob("results*.csv"))
    for f in files:
        data = pd.read_csv(f)
        data.plot(x=data.columns[0])
    plt.savefig(Path(run_dir) / "results.png")
