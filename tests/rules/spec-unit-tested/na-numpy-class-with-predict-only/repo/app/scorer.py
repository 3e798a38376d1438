import json

import numpy as np


class LinearScorer:
    def __init__(self, path: str) -> None:
        with open(path) as fh:
            weights = json.load(fh)
        self.w = np.array(weights["w"])
        self.b = float(weights["b"])

    def predict(self, rows: list[list[float]]) -> list[float]:
        return (np.array(rows) @ self.w + self.b).tolist()
