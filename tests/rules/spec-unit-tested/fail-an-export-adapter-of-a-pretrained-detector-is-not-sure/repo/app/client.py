"""Sends frames to the Triton detector."""
import numpy as np
import tritonclient.http as httpclient

client = httpclient.InferenceServerClient("localhost:8000")


def detect(frame: np.ndarray) -> np.ndarray:
    inp = httpclient.InferInput("images", list(frame.shape), "FP32")
    inp.set_data_from_numpy(frame.astype(np.float32))
    return client.infer("detector", [inp]).as_numpy("boxes")
