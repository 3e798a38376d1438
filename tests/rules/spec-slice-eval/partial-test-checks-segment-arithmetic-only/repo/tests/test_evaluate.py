import pandas as pd
import pytest

from shop.evaluate import error_by_segment


def test_error_by_segment_averages_within_each_segment():
    frame = pd.DataFrame({"segment": ["a", "a", "b"], "units": [1, 3, 5], "predicted": [2, 2, 5]})
    errors = error_by_segment(frame)
    assert errors["a"] == pytest.approx(1.0)
    assert errors["b"] == pytest.approx(0.0)
