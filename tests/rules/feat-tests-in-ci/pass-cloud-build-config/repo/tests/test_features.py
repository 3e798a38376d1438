import pandas as pd

from ranker.features import click_rate


def test_click_rate_never_divides_by_zero():
    events = pd.DataFrame({"item_id": [1, 1, 2], "shown": [1, 1, 0], "clicked": [1, 0, 0]})
    assert click_rate(events).to_dict() == {1: 0.5, 2: 0.0}
