"""Runs the exported detector on one frame."""
import numpy as np
import onnxruntime as ort

session = ort.InferenceSession("weights/detector.onnx", providers=["CPUExecutionProvider"])


def detect(frame: np.ndarray) -> np.ndarray:
    blob = frame.astype(np.float32).transpose(2, 0, 1)[None] / 255.0
    (boxes,) = session.run(None, {session.get_inputs()[0].name: blob})
    return boxes
