from metaflow import FlowSpec, step


class IntentFlow(FlowSpec):
    @step
    def start(self):
        import numpy as np

        self.x, self.y = np.load("data/sessions.npy"), np.load("data/labels.npy")
        self.next(self.train)

    @step
    def train(self):
        from model import train_lstm

        self.weights = train_lstm(self.x, self.y, epochs=20)
        self.next(self.end)

    @step
    def end(self):
        print(len(self.weights))


if __name__ == "__main__":
    IntentFlow()
