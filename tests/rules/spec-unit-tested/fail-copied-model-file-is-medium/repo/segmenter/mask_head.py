# Copyright (c) 2024 Harbor Vision Lab
import torch
from torch import nn


class MaskHead(nn.Module):
    def __init__(self, channels: int = 32) -> None:
        super().__init__()
        self.proj = nn.Conv2d(channels, 1, kernel_size=1)

    def forward(self, features: torch.Tensor) -> torch.Tensor:
        return torch.sigmoid(self.proj(features))
