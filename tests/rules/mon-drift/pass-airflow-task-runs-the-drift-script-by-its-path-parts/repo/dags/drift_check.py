import subprocess
import sys
from datetime import datetime
from pathlib import Path

from airflow import DAG
from airflow.operators.python import PythonOperator

PROJECT = Path(__file__).resolve().parents[1]


def run_drift_report() -> None:
    done = subprocess.run([sys.executable, str(PROJECT / "scripts" / "drift_report.py")], cwd=PROJECT)
    if done.returncode == 3:
        raise RuntimeError("input drift detected: see the report before the next retraining")
    done.check_returncode()


with DAG(dag_id="drift_check", schedule_interval="@daily", start_date=datetime(2024, 1, 1), catchup=False) as dag:
    PythonOperator(task_id="drift_report", python_callable=run_drift_report)
