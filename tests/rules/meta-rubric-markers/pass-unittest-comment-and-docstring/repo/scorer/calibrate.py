import numpy as np


def clip_probabilities(p):
    return np.clip(p, 1e-6, 1 - 1e-6)
