class Trainer:
    """Runs a model's training loop for a number of epochs."""

    def __init__(self, max_epochs: int = 1) -> None:
        self.max_epochs = max_epochs

    def fit(self, model, datamodule) -> None:
        for _ in range(self.max_epochs):
            for batch in datamodule.train_dataloader():
                model.training_step(batch)
