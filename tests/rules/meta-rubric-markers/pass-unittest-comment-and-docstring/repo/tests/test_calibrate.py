import unittest

import numpy as np

from scorer.calibrate import clip_probabilities


class ClipTest(unittest.TestCase):
    # ml_test: Monitor 5
    def test_no_zero_or_one(self):
        out = clip_probabilities(np.array([0.0, 1.0]))
        self.assertTrue(((out > 0) & (out < 1)).all())

    def test_nan_is_kept_visible(self):
        """ML Test Score, INF-5: a NaN input stays NaN so that the guard downstream sees it."""
        self.assertTrue(np.isnan(clip_probabilities(np.array([np.nan]))[0]))


if __name__ == "__main__":
    unittest.main()
