import tensorflow as tf
import yaml

params = yaml.safe_load(open("params.yaml"))
model = tf.keras.models.load_model("artifacts/base_model/model.keras")
images = tf.keras.utils.image_dataset_from_directory("data/scans", image_size=(224, 224), label_mode="categorical")
model.fit(images, epochs=params["EPOCHS"])
model.save("artifacts/model.keras")
