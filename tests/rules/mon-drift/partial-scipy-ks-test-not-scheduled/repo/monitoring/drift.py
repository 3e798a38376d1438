import pandas as pd
from scipy.stats import ks_2samp


def detect_feature_drift(reference: pd.DataFrame, current: pd.DataFrame, threshold: float = 0.01) -> dict:
    """Kolmogorov-Smirnov test per numeric feature: a p-value under the threshold is drift."""
    drifted = {}
    for column in reference.select_dtypes("number").columns:
        result = ks_2samp(reference[column].dropna(), current[column].dropna())
        drifted[column] = result.pvalue < threshold
    return drifted


if __name__ == "__main__":
    report = detect_feature_drift(pd.read_parquet("data/train.parquet"), pd.read_parquet("data/serving_log.parquet"))
    print(report)
