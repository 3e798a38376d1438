import sys

import pandas as pd
from evidently import Report
from evidently.presets import DataDriftPreset

reference = pd.read_parquet("s3://acme/churn/train.parquet")
current = pd.read_parquet("s3://acme/churn/serving/latest.parquet")
result = Report([DataDriftPreset()]).run(current_data=current, reference_data=reference)
shares = [m.get("value", {}).get("share", 0) for m in result.dict()["metrics"]]
sys.exit(1 if any(s > 0.3 for s in shares) else 0)
