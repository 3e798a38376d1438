import pandas as pd


def generate_weekly_naive_forecast(history: pd.DataFrame, horizon: int = 24) -> pd.DataFrame:
    """Each future hour gets the value seen at the same hour one week earlier."""
    last = history["ts"].max()
    future = pd.DataFrame({"ts": [last + pd.Timedelta(hours=h + 1) for h in range(horizon)]})
    lookup = history.set_index("ts")["rides"]
    future["forecast"] = [lookup.get(t - pd.Timedelta(days=7), 0) for t in future["ts"]]
    return future
