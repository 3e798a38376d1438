"""The intent pipeline: validate the sessions, train the model."""
from metaflow import FlowSpec, step


class IntentFlow(FlowSpec):

    @step
    def start(self):
        self.paths = {"sessions": "data/sessions.parquet"}
        self.next(self.data_validation)

    @step
    def data_validation(self):
        from data_validation import validate_data
        validate_data(self.paths)
        self.next(self.train_model)

    @step
    def train_model(self):
        import pandas as pd
        from model import train_intent_model
        frame = pd.read_parquet(self.paths["sessions"])
        self.model = train_intent_model(frame.drop(columns="label").values, frame["label"].values)
        self.next(self.end)

    @step
    def end(self):
        print("done")


if __name__ == "__main__":
    IntentFlow()
