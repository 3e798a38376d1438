import numpy as np
from sklearn.metrics import mean_absolute_error, mean_squared_error


def score(y_true, y_pred) -> dict:
    return {
        "mae": float(mean_absolute_error(y_true, y_pred)),
        "rmse": float(np.sqrt(mean_squared_error(y_true, y_pred))),
    }
