import numpy as np


class Naive:
    def fit(self, y):
        self.last_ = np.asarray(y)[-1]
        return self

    def predict(self, h):
        return np.repeat(self.last_, h)
