import numpy as np

from demand.evaluate import mae_for_segment

MAE_CEILING = 12.0


def test_northern_stores_stay_under_the_error_ceiling():
    data = np.load("tests/data/holdout.npz")
    north = data["region"] == "north"
    north_mae = mae_for_segment(data["units"], data["forecast"], north, "north")
    assert north_mae < MAE_CEILING
