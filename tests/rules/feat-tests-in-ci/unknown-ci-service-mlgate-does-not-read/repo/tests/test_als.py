import numpy as np

from recsys.als import factorize


def test_reconstruction_error_is_small():
    r = np.outer(np.arange(1, 6), np.arange(1, 4)).astype(float)
    u, v = factorize(r, rank=2, iters=30)
    assert np.abs(u @ v.T - r).max() < 0.5
