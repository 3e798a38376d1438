from datetime import datetime

from airflow import DAG
from airflow.operators.bash import BashOperator

with DAG("weekly_retrain", start_date=datetime(2024, 1, 1), schedule="@weekly", catchup=False) as dag:
    BashOperator(task_id="tune_and_train", bash_command="python src/tune.py --trials 50")
