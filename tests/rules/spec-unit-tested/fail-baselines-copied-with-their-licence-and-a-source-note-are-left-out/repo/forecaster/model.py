import torch
from torch import nn


class WaveMixer(nn.Module):
    def __init__(self, seq_len: int = 96, pred_len: int = 24) -> None:
        super().__init__()
        self.mix = nn.Linear(seq_len, pred_len)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.mix(x.transpose(1, 2)).transpose(1, 2)
