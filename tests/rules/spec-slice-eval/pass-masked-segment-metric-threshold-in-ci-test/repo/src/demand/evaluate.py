"""Error of the demand forecast on the stores of one region."""

import numpy as np
from sklearn.metrics import mean_absolute_error


def mae_for_segment(actual: np.ndarray, predicted: np.ndarray, mask: np.ndarray, segment: str) -> float:
    if not mask.any():
        raise ValueError(f"no stores in segment {segment}")
    return float(mean_absolute_error(actual[mask], predicted[mask]))
