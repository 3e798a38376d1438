from importlib.resources import files

import pandas as pd


def load_cities() -> pd.DataFrame:
    """A 12-row toy frame of city names with a few rare levels, for the documentation examples."""
    with files("rarecats.datasets").joinpath("data/cities.csv").open() as fh:
        return pd.read_csv(fh)
