import torch
from torch import nn


class PlateClassifier(nn.Module):
    def __init__(self, classes: int = 36):
        super().__init__()
        self.features = nn.Sequential(nn.Conv2d(3, 16, 3, padding=1), nn.ReLU(), nn.AdaptiveAvgPool2d(1))
        self.head = nn.Linear(16, classes)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.head(self.features(x).flatten(1))


def export(weights: str, output: str) -> None:
    model = PlateClassifier()
    model.load_state_dict(torch.load(weights, map_location="cpu"))
    torch.onnx.export(model.eval(), torch.zeros(1, 3, 32, 32), output, opset_version=17)
