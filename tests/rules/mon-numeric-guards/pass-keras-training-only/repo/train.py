import tensorflow as tf

if __name__ == "__main__":
    (x, y), _ = tf.keras.datasets.mnist.load_data()
    model = tf.keras.Sequential([tf.keras.layers.Flatten(), tf.keras.layers.Dense(10)])
    model.compile(optimizer="adam", loss=tf.keras.losses.SparseCategoricalCrossentropy(from_logits=True))
    model.fit(x / 255.0, y, epochs=3, callbacks=[tf.keras.callbacks.TerminateOnNaN()])
    model.save("model.keras")
