from metaflow import FlowSpec, step


class ChurnFlow(FlowSpec):
    @step
    def start(self):
        import pandas as pd

        self.df = pd.read_parquet("data/churn.parquet")
        self.next(self.train)

    @step
    def train(self):
        from model import train_model

        self.model = train_model(self.df)
        self.next(self.end)

    @step
    def end(self):
        print(self.model)


if __name__ == "__main__":
    ChurnFlow()
