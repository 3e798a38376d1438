"""Score the demand model overall and on weekend / weekday days."""

import numpy as np
import pandas as pd
from sklearn.metrics import mean_absolute_error


def mae_for_segment(actual: np.ndarray, predicted: np.ndarray, mask: np.ndarray, segment: str) -> float:
    if not mask.any():
        raise ValueError(f"no rows for segment {segment}")
    return float(mean_absolute_error(actual[mask], predicted[mask]))


def evaluate(frame: pd.DataFrame, predicted: np.ndarray) -> dict[str, float]:
    actual = frame["units"].to_numpy()
    weekend = frame["day_of_week"].to_numpy() >= 5
    return {
        "mae": float(mean_absolute_error(actual, predicted)),
        "weekend_mae": mae_for_segment(actual, predicted, weekend, "weekend"),
        "weekday_mae": mae_for_segment(actual, predicted, ~weekend, "weekday"),
    }
