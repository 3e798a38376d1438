# --------------------------------------------------------
# Tiny convolutional encoder
# Copyright (c) 2021 Northwind Research
# Adapted from the Northwind image-models repository
# --------------------------------------------------------
import torch
from torch import nn


class TinyEncoder(nn.Module):
    def __init__(self, channels: int = 32) -> None:
        super().__init__()
        self.stem = nn.Conv2d(3, channels, kernel_size=3, padding=1)
        self.act = nn.GELU()

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.act(self.stem(x))
