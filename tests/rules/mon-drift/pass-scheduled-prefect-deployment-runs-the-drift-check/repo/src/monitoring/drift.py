import pandas as pd
from scipy.stats import ks_2samp


def detect_ks_drift(reference: pd.DataFrame, current: pd.DataFrame, columns: list[str], alpha: float = 0.01) -> bool:
    return any(ks_2samp(reference[c].dropna(), current[c].dropna()).pvalue < alpha for c in columns)
