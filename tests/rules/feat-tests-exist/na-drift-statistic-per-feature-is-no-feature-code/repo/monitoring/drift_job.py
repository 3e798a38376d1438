import json

import numpy as np


def psi(expected: np.ndarray, actual: np.ndarray, eps: float = 1e-6) -> float:
    e = expected / expected.sum() + eps
    a = actual / actual.sum() + eps
    return float(np.sum((a - e) * np.log(a / e)))


def compute_psi_per_feature(recent: np.ndarray, reference: dict) -> dict[str, float]:
    scores = {}
    for i, name in enumerate(reference["columns"]):
        bins = np.asarray(reference["bins"][name])
        expected = np.asarray(reference["counts"][name], dtype=float)
        actual, _ = np.histogram(recent[:, i], bins=bins)
        scores[name] = psi(expected, actual.astype(float))
    return scores


if __name__ == "__main__":
    with open("reference.json") as fh:
        ref = json.load(fh)
    window = np.load("recent_requests.npy")
    print(json.dumps(compute_psi_per_feature(window, ref), indent=2))
