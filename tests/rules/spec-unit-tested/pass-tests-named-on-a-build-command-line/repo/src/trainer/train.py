import sys

import tensorflow as tf


def build_classifier(n_features: int, hidden: int = 32) -> tf.keras.Model:
    inputs = tf.keras.Input(shape=(n_features,))
    x = tf.keras.layers.Dense(hidden, activation="relu")(inputs)
    outputs = tf.keras.layers.Dense(1, activation="sigmoid")(x)
    model = tf.keras.Model(inputs, outputs)
    model.compile(optimizer="adam", loss="binary_crossentropy")
    return model


def main(data_dir: str) -> None:
    tf.keras.utils.set_random_seed(7)
    train = tf.data.Dataset.load(f"{data_dir}/train")
    model = build_classifier(n_features=12)
    model.fit(train.batch(256), epochs=5)
    model.save(f"{data_dir}/model.keras")


if __name__ == "__main__":
    main(sys.argv[1])
