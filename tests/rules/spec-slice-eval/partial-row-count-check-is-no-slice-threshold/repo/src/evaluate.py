"""Evaluate the candidate and the production model on the same weekday / weekend rows."""

import json

import joblib
import numpy as np
import pandas as pd
from sklearn.metrics import mean_absolute_error


def segment_errors(frame: pd.DataFrame, predicted: np.ndarray) -> tuple[dict[str, float], dict[str, int]]:
    actual = frame["units"].to_numpy()
    errors, rows = {}, {}
    for segment, mask in {"weekend": frame["dow"].to_numpy() >= 5, "weekday": frame["dow"].to_numpy() < 5}.items():
        errors[segment] = float(mean_absolute_error(actual[mask], predicted[mask]))
        rows[segment] = int(mask.sum())
    return errors, rows


frame = pd.read_parquet("data/valid.parquet")
features = frame.drop(columns="units")
candidate_errors, candidate_segment_rows = segment_errors(frame, joblib.load("models/model.joblib").predict(features))
production_errors, production_segment_rows = segment_errors(frame, joblib.load("models/production.joblib").predict(features))
if candidate_segment_rows != production_segment_rows:
    raise SystemExit("segment rows differ between the two evaluations")
with open("reports/metrics.json", "w") as out:
    json.dump({"candidate": candidate_errors, "production": production_errors}, out)
