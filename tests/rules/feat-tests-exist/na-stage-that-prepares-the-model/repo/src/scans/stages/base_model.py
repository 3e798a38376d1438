import tensorflow as tf
import yaml

params = yaml.safe_load(open("params.yaml"))
backbone = tf.keras.applications.VGG16(input_shape=params["IMAGE_SIZE"], weights="imagenet", include_top=False)
backbone.trainable = False
head = tf.keras.layers.Dense(params["CLASSES"], activation="softmax")(tf.keras.layers.Flatten()(backbone.output))
model = tf.keras.Model(inputs=backbone.input, outputs=head)
model.compile(optimizer="sgd", loss="categorical_crossentropy", metrics=["accuracy"])
model.save("artifacts/base_model/model.keras")
