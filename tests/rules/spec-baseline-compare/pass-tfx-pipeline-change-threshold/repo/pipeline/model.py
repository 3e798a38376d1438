import tensorflow as tf


def run_fn(fn_args):
    model = tf.keras.Sequential([tf.keras.layers.Dense(16, activation="relu"), tf.keras.layers.Dense(1)])
    model.compile(optimizer="adam", loss="binary_crossentropy", metrics=["accuracy"])
    model.fit(fn_args.train_files, steps_per_epoch=fn_args.train_steps)
    model.save(fn_args.serving_model_dir)
