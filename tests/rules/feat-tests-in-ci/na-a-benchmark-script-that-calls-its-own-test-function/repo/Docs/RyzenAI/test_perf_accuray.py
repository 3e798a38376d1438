import time

import numpy as np
import onnxruntime as ort
from transformers import AutoTokenizer

tokenizer = AutoTokenizer.from_pretrained("./tokenizer_embed")
cpu_session = ort.InferenceSession("embed-base-v1.onnx")
npu_session = ort.InferenceSession("embed-base-v1_ctx.onnx", providers=["VitisAIExecutionProvider"])


def test_onnx(session, name):
    inputs = tokenizer(["what is RAG?"] * 8, padding="max_length", max_length=512, return_tensors="np")
    start = time.time()
    outputs = session.run(None, dict(inputs))[0]
    print(f"{name}: {(time.time() - start) * 1000:.1f} ms")
    return outputs


reference = test_onnx(cpu_session, "cpu")
result = test_onnx(npu_session, "npu")
print("max abs difference", np.abs(reference - result).max())
