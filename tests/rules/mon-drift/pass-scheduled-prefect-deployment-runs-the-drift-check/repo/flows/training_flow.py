import pandas as pd
from prefect import flow, task

from src.monitoring.drift import detect_ks_drift


@task
def check_drift() -> bool:
    reference = pd.read_parquet("data/reference.parquet")
    current = pd.read_parquet("data/current.parquet")
    return detect_ks_drift(reference, current, ["tenure", "monthly_charges"])


@flow
def training_flow() -> None:
    if check_drift():
        print("drift detected: retraining")
