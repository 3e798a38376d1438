import numpy as np
import pandas as pd


def psi(expected: pd.Series, actual: pd.Series, bins: int = 10, eps: float = 1e-6) -> float:
    edges = np.unique(np.quantile(expected.dropna(), np.linspace(0, 1, bins + 1)))
    e = np.histogram(expected.dropna(), edges)[0] / max(len(expected), 1) + eps
    a = np.histogram(actual.dropna(), edges)[0] / max(len(actual), 1) + eps
    return float(np.sum((a - e) * np.log(a / e)))
