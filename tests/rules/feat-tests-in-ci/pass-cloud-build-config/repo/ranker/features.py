import pandas as pd


def click_rate(events: pd.DataFrame) -> pd.Series:
    shown = events.groupby("item_id")["shown"].sum()
    clicked = events.groupby("item_id")["clicked"].sum()
    return (clicked / shown.clip(lower=1)).rename("click_rate")
