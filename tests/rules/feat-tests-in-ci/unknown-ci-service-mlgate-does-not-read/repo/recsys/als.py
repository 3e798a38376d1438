import numpy as np


def factorize(ratings: np.ndarray, rank: int = 8, reg: float = 0.1, iters: int = 10, seed: int = 0):
    rng = np.random.default_rng(seed)
    users, items = ratings.shape
    u = rng.normal(size=(users, rank))
    v = rng.normal(size=(items, rank))
    eye = reg * np.eye(rank)
    for _ in range(iters):
        u = ratings @ v @ np.linalg.inv(v.T @ v + eye)
        v = ratings.T @ u @ np.linalg.inv(u.T @ u + eye)
    return u, v
