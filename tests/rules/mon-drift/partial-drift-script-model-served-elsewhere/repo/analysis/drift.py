from evidently.report import Report
from evidently.metric_preset import DataDriftPreset

Report(metrics=[DataDriftPreset()])
