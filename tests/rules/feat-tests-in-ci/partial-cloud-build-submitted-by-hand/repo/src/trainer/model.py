import tensorflow as tf


def build_classifier(n_features: int) -> tf.keras.Model:
    inputs = tf.keras.Input(shape=(n_features,))
    hidden = tf.keras.layers.Dense(32, activation="relu")(inputs)
    outputs = tf.keras.layers.Dense(1, activation="sigmoid")(hidden)
    model = tf.keras.Model(inputs, outputs)
    model.compile(optimizer="adam", loss="binary_crossentropy")
    return model
