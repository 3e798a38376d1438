"""Exports the pretrained detector with its post-processing, for the Triton TensorRT model."""
import argparse

import torch
import torchvision
from torch import nn


class DetectorWithNMS(nn.Module):
    """Decodes the detector's raw head and keeps the best boxes, so the engine returns final detections."""

    def __init__(self, detector: nn.Module, max_det: int = 100, iou: float = 0.45):
        super().__init__()
        self.detector = detector
        self.max_det = max_det
        self.iou = iou

    def forward(self, images: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor]:
        raw = self.detector(images)[0]
        boxes, scores = raw[..., :4], raw[..., 4:].amax(-1)
        keep = torchvision.ops.nms(boxes[0], scores[0], self.iou)[: self.max_det]
        return boxes[:, keep], scores[:, keep]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--weights", default="weights/detector.pt")
    parser.add_argument("--output", default="model_repository/detector/1/model.onnx")
    args = parser.parse_args()
    detector = torch.load(args.weights, map_location="cpu", weights_only=False).eval()
    model = DetectorWithNMS(detector).eval()
    dummy = torch.zeros(1, 3, 640, 640)
    torch.onnx.export(model, dummy, args.output, opset_version=17, input_names=["images"],
                      output_names=["boxes", "scores"])


if __name__ == "__main__":
    main()
