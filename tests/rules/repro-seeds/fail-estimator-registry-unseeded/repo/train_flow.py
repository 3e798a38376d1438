from prefect import flow

from src.training.train import train


@flow
def training_flow(config_path: str = "configs/train.yaml") -> None:
    train(config_path)


if __name__ == "__main__":
    training_flow()
