"""Compare the last window of logged requests with the training sample and export the drift metrics."""
import pandas as pd
import prometheus_client
from evidently.model_monitoring import DataDriftMonitor, ModelMonitoring
from evidently.pipeline.column_mapping import ColumnMapping

MAPPING = ColumnMapping(numerical_features=["distance_km", "stops", "hour"], categorical_features=["zone"])
GAUGES: dict[str, prometheus_client.Gauge] = {}


def export(metrics) -> None:
    for metric, value, labels in metrics:
        name = f"evidently_{metric.name}"
        if name not in GAUGES:
            GAUGES[name] = prometheus_client.Gauge(name, "", list(labels or {}))
        gauge = GAUGES[name]
        (gauge.labels(**labels) if labels else gauge).set(value)


def main() -> None:
    reference = pd.read_parquet("data/reference.parquet")
    current = pd.read_parquet("data/requests_last_hour.parquet")
    monitoring = ModelMonitoring(monitors=[DataDriftMonitor()])
    monitoring.execute(reference_data=reference, current_data=current, column_mapping=MAPPING)
    export(monitoring.metrics())


if __name__ == "__main__":
    prometheus_client.start_http_server(8085)
    main()
