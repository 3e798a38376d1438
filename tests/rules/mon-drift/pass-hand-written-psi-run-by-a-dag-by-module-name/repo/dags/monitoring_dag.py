import subprocess
import sys
from datetime import datetime

from airflow import DAG
from airflow.operators.python import PythonOperator


def _run_module(module: str, args: list[str]) -> None:
    subprocess.run([sys.executable, "-m", module, *args], check=True)


def publish_psi() -> None:
    _run_module("monitoring.publish_psi_all", ["--reference", "s3://acme/churn/train.parquet",
                                               "--current", "s3://acme/churn/serving/latest.parquet"])


with DAG("churn_psi", start_date=datetime(2024, 1, 1), schedule="@hourly", catchup=False) as dag:
    PythonOperator(task_id="publish_psi", python_callable=publish_psi)
