import tensorflow as tf


def train_intent_model(sessions, labels, epochs: int = 5) -> tf.keras.Model:
    model = tf.keras.Sequential([tf.keras.layers.Embedding(500, 16), tf.keras.layers.LSTM(32),
                                 tf.keras.layers.Dense(1, activation="sigmoid")])
    model.compile(optimizer="adam", loss="binary_crossentropy")
    model.fit(sessions, labels, epochs=epochs)
    return model
