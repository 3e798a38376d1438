import pandas as pd

from churn.evaluate import recall_by_region

RECALL_FLOOR = 0.6


def test_every_region_meets_the_recall_floor():
    scored = pd.read_csv("tests/data/scored_sample.csv")
    by_region = recall_by_region(scored)
    assert by_region.min() >= RECALL_FLOOR, by_region.to_dict()
