import argparse

import tensorflow as tf
import tensorflow_transform as tft

from trainer.exporter import export


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--transform-dir", required=True)
    parser.add_argument("--export-dir", required=True)
    args = parser.parse_args()
    tft_output = tft.TFTransformOutput(args.transform_dir)
    inputs = {name: tf.keras.Input(shape=(1,), name=name) for name in tft_output.transformed_feature_spec()}
    hidden = tf.keras.layers.Dense(16, activation="relu")(tf.keras.layers.Concatenate()(list(inputs.values())))
    model = tf.keras.Model(inputs, tf.keras.layers.Dense(1, activation="sigmoid")(hidden))
    model.compile(optimizer="adam", loss="binary_crossentropy")
    model.fit(tf.data.experimental.make_batched_features_dataset(
        "data/train-*.tfrecord", 32, tft_output.transformed_feature_spec(), label_key="label"), epochs=3)
    export(model, args.transform_dir, args.export_dir, tft_output.raw_feature_spec())


if __name__ == "__main__":
    main()
