"""Compare last day's scored applications with the training sample; exit 3 when the dataset drifted."""
import argparse
import json
import sys

import pandas as pd
from evidently.metric_preset import DataDriftPreset
from evidently.report import Report


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--reference", default="data/reference.parquet")
    parser.add_argument("--current", default="data/scored_last_day.parquet")
    args = parser.parse_args()
    report = Report(metrics=[DataDriftPreset()])
    report.run(reference_data=pd.read_parquet(args.reference), current_data=pd.read_parquet(args.current))
    result = report.as_dict()["metrics"][0]["result"]
    print(json.dumps({"drift_detected": result["dataset_drift"]}))
    return 3 if result["dataset_drift"] else 0


if __name__ == "__main__":
    sys.exit(main())
