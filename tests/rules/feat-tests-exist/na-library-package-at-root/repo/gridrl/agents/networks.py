"""The Q-value networks the agents train."""
import torch
from torch import nn


class QNetwork(nn.Module):
    def __init__(self, n_inputs: int, n_actions: int, hidden: int = 64) -> None:
        super().__init__()
        self.body = nn.Sequential(nn.Linear(n_inputs, hidden), nn.ReLU(), nn.Linear(hidden, n_actions))

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.body(x)
