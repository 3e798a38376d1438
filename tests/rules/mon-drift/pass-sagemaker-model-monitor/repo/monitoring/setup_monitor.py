from sagemaker import get_execution_role
from sagemaker.model_monitor import CronExpressionGenerator, DefaultModelMonitor
from sagemaker.model_monitor.dataset_format import DatasetFormat

monitor = DefaultModelMonitor(role=get_execution_role(), instance_count=1, instance_type="ml.m5.xlarge",
                              volume_size_in_gb=20, max_runtime_in_seconds=3600)
monitor.suggest_baseline(baseline_dataset="s3://acme-ml/churn/train/train.csv",
                         dataset_format=DatasetFormat.csv(header=True),
                         output_s3_uri="s3://acme-ml/churn/monitoring/baseline")
monitor.create_monitoring_schedule(monitor_schedule_name="churn-data-quality", endpoint_input="churn",
                                   output_s3_uri="s3://acme-ml/churn/monitoring/reports",
                                   statistics=monitor.baseline_statistics(),
                                   constraints=monitor.suggested_constraints(),
                                   schedule_cron_expression=CronExpressionGenerator.hourly())
