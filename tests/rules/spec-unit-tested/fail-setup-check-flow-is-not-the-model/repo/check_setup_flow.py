"""
    Dummy flow, just to verify the cloud setup works as expected!
"""
from metaflow import FlowSpec, step


class SetupCheckFlow(FlowSpec):

    @step
    def start(self):
        import random
        self.rows = [[random.uniform(0, 1.0), random.uniform(0.2, 0.9)] for _ in range(1000)]
        self.next(self.train_model)

    @step
    def train_model(self):
        import numpy as np
        import tensorflow as tf
        x = np.array([[r[0]] for r in self.rows])
        y = np.array([r[1] for r in self.rows])
        model = tf.keras.Sequential([tf.keras.layers.Dense(units=1, input_shape=[1])])
        model.compile(optimizer="adam", loss="mae")
        model.fit(x, y, epochs=5)
        self.next(self.end)

    @step
    def end(self):
        print("done")


if __name__ == "__main__":
    SetupCheckFlow()
