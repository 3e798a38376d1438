import numpy as np

from src.trainer.train import build_classifier


def test_one_step_lowers_the_loss():
    model = build_classifier(n_features=4, hidden=8)
    x = np.random.default_rng(0).normal(size=(64, 4)).astype("float32")
    y = (x[:, 0] > 0).astype("float32")
    first = model.train_on_batch(x, y)
    for _ in range(20):
        last = model.train_on_batch(x, y)
    assert np.isfinite(last) and last < first
