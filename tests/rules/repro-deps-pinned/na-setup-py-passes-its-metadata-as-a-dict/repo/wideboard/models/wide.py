import torch
from torch import nn


class Wide(nn.Module):
    def __init__(self, input_dim: int, pred_dim: int = 1) -> None:
        super().__init__()
        self.linear = nn.Embedding(input_dim + 1, pred_dim, padding_idx=0)
        self.bias = nn.Parameter(torch.zeros(pred_dim))

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.linear(x.long()).sum(dim=1) + self.bias
