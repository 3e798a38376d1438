import torch
from torch import nn


class Ranker(nn.Module):
    def __init__(self, n_features: int) -> None:
        super().__init__()
        self.score = nn.Linear(n_features, 1)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.score(x).squeeze(-1)
