from pathlib import Path

import numpy as np
import pandas as pd


def log_generation(keys: tuple, values: tuple, save_dir: Path) -> dict:
    """Append one generation of the hyperparameter evolution to evolve.csv and return the best one."""
    evolve_csv = save_dir / "evolve.csv"
    header = "" if evolve_csv.exists() else ",".join(keys) + "\n"
    with open(evolve_csv, "a") as f:
        f.write(header + ",".join(f"{v:.5g}" for v in values) + "\n")
    data = pd.read_csv(evolve_csv, skipinitialspace=True)
    best = int(np.argmax(data.values[:, 0]))
    return dict(zip(data.columns, data.values[best]))
