from prefect import flow

from flows.training_flow import training_flow


@flow
def retrain_flow() -> None:
    training_flow()
