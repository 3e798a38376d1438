import sys

import tensorflow as tf

from xray.ingest import fetch_archive

fetch_archive(sys.argv[1], "artifacts/scans.zip", "artifacts/scans")
images = tf.keras.utils.image_dataset_from_directory("artifacts/scans", image_size=(128, 128))
model = tf.keras.Sequential([tf.keras.layers.Rescaling(1 / 255), tf.keras.layers.Flatten(),
                             tf.keras.layers.Dense(2, activation="softmax")])
model.compile(optimizer="adam", loss="sparse_categorical_crossentropy")
model.fit(images, epochs=3)
model.save("artifacts/model.keras")
