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
        import tensorflow as tf

        model = tf.keras.Sequential([tf.keras.layers.Embedding(8, 16), tf.keras.layers.LSTM(32),
                                     tf.keras.layers.Dense(1, activation="sigmoid")])
        model.set_weights(self.weights)
        model.save("exported")


if __name__ == "__main__":
    IntentFlow()
