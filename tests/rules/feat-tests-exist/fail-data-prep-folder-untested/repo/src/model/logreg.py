import numpy as np


class LogisticRegression:
    def __init__(self, lr: float = 0.1, epochs: int = 100) -> None:
        self.lr, self.epochs = lr, epochs
        self.w = np.zeros(0)

    def fit(self, X: np.ndarray, y: np.ndarray) -> "LogisticRegression":
        self.w = np.zeros(X.shape[1])
        for _ in range(self.epochs):
            p = 1 / (1 + np.exp(-X @ self.w))
            self.w -= self.lr * X.T @ (p - y) / len(y)
        return self

    def predict_proba(self, X: np.ndarray) -> np.ndarray:
        return 1 / (1 + np.exp(-X @ self.w))
