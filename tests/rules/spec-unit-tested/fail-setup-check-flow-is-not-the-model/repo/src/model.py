import tensorflow as tf


def train_intent_model(sessions, labels, epochs: int = 10) -> tf.keras.Model:
    inputs = tf.keras.Input(shape=(20,), dtype="int32")
    x = tf.keras.layers.Embedding(500, 32)(inputs)
    x = tf.keras.layers.LSTM(64)(x)
    outputs = tf.keras.layers.Dense(1, activation="sigmoid")(x)
    model = tf.keras.Model(inputs, outputs)
    model.compile(optimizer="adam", loss="binary_crossentropy")
    model.fit(sessions, labels, epochs=epochs, validation_split=0.2)
    return model
