import tensorflow as tf


class ChurnModel(tf.keras.Model):
    def __init__(self):
        super().__init__()
        self.hidden = tf.keras.layers.Dense(16, activation="relu")
        self.out = tf.keras.layers.Dense(1, activation="sigmoid")

    def call(self, inputs):
        return self.out(self.hidden(inputs))


def build_model() -> tf.keras.Model:
    model = ChurnModel()
    model.compile(optimizer="adam", loss="binary_crossentropy")
    return model
