# The upsampling follows https://github.com/s9xie/hed
import torch
from torch import nn


class EdgeNet(nn.Module):
    def __init__(self) -> None:
        super().__init__()
        self.head = nn.Conv2d(3, 1, kernel_size=1)

    def forward(self, image: torch.Tensor) -> torch.Tensor:
        return torch.sigmoid(self.head(image))
