import tensorflow as tf
from sklearn.model_selection import train_test_split


def train_lstm(x, y, epochs=10):
    x_train, x_val, y_train, y_val = train_test_split(x, y)
    model = tf.keras.Sequential([tf.keras.layers.Embedding(8, 16), tf.keras.layers.LSTM(32),
                                 tf.keras.layers.Dense(1, activation="sigmoid")])
    model.compile(optimizer="adam", loss="binary_crossentropy")
    model.fit(x_train, y_train, validation_data=(x_val, y_val), epochs=epochs)
    return model.get_weights()
