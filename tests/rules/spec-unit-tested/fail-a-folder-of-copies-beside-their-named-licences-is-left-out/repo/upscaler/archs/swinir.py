import torch
from torch import nn


class SwinIR(nn.Module):
    def __init__(self, dim: int = 60) -> None:
        super().__init__()
        self.embed = nn.Conv2d(3, dim, 3, padding=1)
        self.out = nn.Conv2d(dim, 3, 3, padding=1)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.out(self.embed(x))
