import pandas as pd

from src.scaling import standardise


def test_standardise_centres_the_column():
    df = pd.DataFrame({"x": [1.0, 2.0, 3.0]})
    assert abs(standardise(df, "x")["x"].mean()) < 1e-9
