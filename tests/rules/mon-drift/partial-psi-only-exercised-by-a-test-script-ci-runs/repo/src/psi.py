"""Population Stability Index between the training features and a recent window."""
import argparse

import numpy as np
import pandas as pd


def psi_numeric(expected: np.ndarray, actual: np.ndarray, bins: int = 10, eps: float = 1e-6) -> float:
    edges = np.unique(np.quantile(expected, np.linspace(0, 1, bins + 1)))
    e = np.histogram(expected, edges)[0] / max(len(expected), 1) + eps
    a = np.histogram(actual, edges)[0] / max(len(actual), 1) + eps
    return float(np.sum((a - e) * np.log(a / e)))


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--train", required=True)
    parser.add_argument("--recent", required=True)
    args = parser.parse_args()
    train, recent = pd.read_csv(args.train), pd.read_csv(args.recent)
    for col in train.select_dtypes("number"):
        print(col, psi_numeric(train[col].to_numpy(), recent[col].to_numpy()))
