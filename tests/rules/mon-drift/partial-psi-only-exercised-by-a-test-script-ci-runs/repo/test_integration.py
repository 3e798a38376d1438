#!/usr/bin/env python3
"""Integration checks of the pipeline on synthetic data."""
import sys

import numpy as np


def test_psi():
    from src.psi import psi_numeric

    a = np.random.normal(0, 1, 1000)
    b = np.random.normal(0.1, 1.2, 1000)
    assert psi_numeric(a, b) >= 0


if __name__ == "__main__":
    test_psi()
    sys.exit(0)
