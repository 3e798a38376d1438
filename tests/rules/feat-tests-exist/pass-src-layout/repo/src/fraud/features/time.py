import pandas as pd


def hour_of_day(ts: pd.Series) -> pd.Series:
    return pd.to_datetime(ts, utc=True).dt.hour


def is_night(ts: pd.Series) -> pd.Series:
    hours = hour_of_day(ts)
    return (hours < 6) | (hours >= 22)
