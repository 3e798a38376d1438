from datetime import datetime

import numpy as np
import pandas as pd
from airflow.decorators import dag, task
from airflow.models import Variable
from great_expectations_provider.operators.great_expectations import GreatExpectationsOperator
from sklearn.linear_model import LinearRegression

BUCKET = Variable.get("rides_bucket")


@dag(schedule="@daily", start_date=datetime(2024, 1, 1), catchup=False, tags=["rides"])
def ride_duration_model():
    @task
    def load_rides() -> str:
        frame = pd.read_parquet(f"s3://{BUCKET}/rides/train.parquet")
        return frame.to_json()

    check_rides = GreatExpectationsOperator(
        task_id="check_rides",
        data_context_root_dir="/opt/airflow/gx",
        data_asset_name="rides_train",
        dataframe_to_validate="{{ ti.xcom_pull(task_ids='load_rides') }}",
        execution_engine="PandasExecutionEngine",
        expectation_suite_name="rides_suite",
        fail_task_on_validation_failure=True,
    )

    @task
    def train() -> float:
        frame = pd.read_parquet(f"s3://{BUCKET}/rides/train.parquet")
        model = LinearRegression().fit(frame[["distance_km"]], frame["duration_s"])
        residual = model.predict(frame[["distance_km"]]) - frame["duration_s"]
        return float(np.sqrt(np.mean(residual ** 2)))

    load_rides() >> check_rides >> train()


ride_duration_model()
