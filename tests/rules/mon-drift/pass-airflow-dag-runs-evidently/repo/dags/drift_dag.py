from datetime import datetime

from airflow import DAG
from airflow.operators.python import PythonOperator

from monitoring.drift_check import run

with DAG("churn_drift", start_date=datetime(2024, 1, 1), schedule="@daily", catchup=False) as dag:
    PythonOperator(task_id="drift", python_callable=run,
                   op_args=["s3://acme/churn/train.parquet", "s3://acme/churn/serving/{{ ds }}.parquet"])
