from prefect import flow, task

from src.training.train import train


@task
def train_task() -> str:
    return train("data/features.parquet")


@flow
def pipeline() -> None:
    print("trained", train_task())


if __name__ == "__main__":
    pipeline()
