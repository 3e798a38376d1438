import pandas as pd


def lag_features_for_forecast(history: pd.DataFrame) -> pd.DataFrame:
    out = history.copy()
    out["rides_lag_24"] = out["rides"].shift(24)
    out["rides_lag_168"] = out["rides"].shift(168)
    return out
