import tensorflow as tf
import tensorflow_transform as tft


def _serve_fn(model, tft_output):
    model.tft_layer = tft_output.transform_features_layer()

    @tf.function
    def serve(raw_features):
        transformed = model.tft_layer(raw_features)
        return {"scores": model(transformed)}

    return serve


def export(model, transform_dir: str, export_dir: str, raw_spec: dict) -> None:
    tft_output = tft.TFTransformOutput(transform_dir)
    spec = {name: tf.TensorSpec(shape=(None, 1), dtype=t.dtype, name=name) for name, t in raw_spec.items()}
    signatures = {"serving_default": _serve_fn(model, tft_output).get_concrete_function(spec)}
    model.save(export_dir, signatures=signatures)
