import numpy as np

from src.tree.stump import DecisionStump


def test_stump_separates_two_points():
    X = np.array([[0.0], [1.0]])
    y = np.array([0, 1])
    assert list(DecisionStump().fit(X, y).predict(X)) == [0, 1]
