import tensorflow as tf


def train_lstm_model(x, y, epochs=200, lr=0.01, batch_size=64):
    model = tf.keras.Sequential([tf.keras.layers.LSTM(32), tf.keras.layers.Dense(1, activation="sigmoid")])
    model.compile(optimizer=tf.keras.optimizers.Adam(learning_rate=lr), loss="binary_crossentropy")
    model.fit(x, y, epochs=epochs, batch_size=batch_size)
    return model.to_json(), model.get_weights()
