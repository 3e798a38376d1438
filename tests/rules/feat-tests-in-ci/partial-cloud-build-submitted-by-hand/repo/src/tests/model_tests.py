import numpy as np

from src.trainer.model import build_classifier


def test_classifier_outputs_probabilities():
    model = build_classifier(4)
    out = model(np.zeros((3, 4), dtype="float32")).numpy()
    assert out.shape == (3, 1)
    assert ((out >= 0) & (out <= 1)).all()
