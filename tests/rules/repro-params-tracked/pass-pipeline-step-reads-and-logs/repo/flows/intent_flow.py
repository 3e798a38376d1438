import os

from metaflow import FlowSpec, step


class IntentFlow(FlowSpec):
    @step
    def start(self):
        from utils import read_json

        self.config = read_json(os.getenv("MODEL_CONFIG_PATH", "config.json"))
        self.next(self.train)

    @step
    def train(self):
        import numpy as np
        import wandb
        from model import train_lstm_model

        wandb.init(project="intent", config=self.config)
        self.model, self.weights = train_lstm_model(np.load("x.npy"), np.load("y.npy"),
                                                    epochs=self.config["EPOCHS"],
                                                    lr=self.config["LEARNING_RATE"],
                                                    batch_size=self.config["BATCH_SIZE"])
        self.next(self.end)

    @step
    def end(self):
        pass


if __name__ == "__main__":
    IntentFlow()
