import pandas as pd
from sklearn.metrics import mean_absolute_error


def error_by_segment(frame: pd.DataFrame) -> dict[str, float]:
    return frame.groupby("segment").apply(
        lambda g: mean_absolute_error(g["units"], g["predicted"])).to_dict()
