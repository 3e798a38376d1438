import numpy as np
import pytest

from fraud.features import log_amount, scale_amount


def test_log_amount_clips_negative(amounts):
    out = log_amount(amounts)
    assert out.iloc[2] == 0.0
    assert np.isfinite(out).all()


def test_scale_amount_rejects_zero_std(amounts):
    with pytest.raises(ValueError):
        scale_amount(amounts, mean=1.0, std=0.0)
