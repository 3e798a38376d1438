FROM scratch
COPY model.onnx /model.onnx
