import pandas as pd
from evidently import Report
from evidently.presets import DataDriftPreset


def run(reference_path: str, current_path: str) -> bool:
    report = Report([DataDriftPreset()])
    result = report.run(current_data=pd.read_parquet(current_path), reference_data=pd.read_parquet(reference_path))
    result.save_html("drift.html")
    return any(m.get("value", {}).get("share", 0) > 0.3 for m in result.dict()["metrics"])
