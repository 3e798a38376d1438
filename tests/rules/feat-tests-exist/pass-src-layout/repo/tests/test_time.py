import pandas as pd

import fraud.features.time as ft


def test_night_boundaries():
    ts = pd.Series(["2024-01-01T05:59:00Z", "2024-01-01T06:00:00Z", "2024-01-01T22:00:00Z"])
    assert ft.is_night(ts).tolist() == [True, False, True]
    assert ft.hour_of_day(ts).tolist() == [5, 6, 22]
