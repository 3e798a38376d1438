"""A one-split decision stump, written with NumPy only."""
import numpy as np


class DecisionStump:
    def __init__(self) -> None:
        self.feature = 0
        self.threshold = 0.0

    def fit(self, X: np.ndarray, y: np.ndarray) -> "DecisionStump":
        best = (np.inf, 0, 0.0)
        for j in range(X.shape[1]):
            for t in np.unique(X[:, j]):
                err = np.mean((X[:, j] > t).astype(int) != y)
                best = min(best, (err, j, float(t)))
        _, self.feature, self.threshold = best
        return self

    def predict(self, X: np.ndarray) -> np.ndarray:
        return (X[:, self.feature] > self.threshold).astype(int)
