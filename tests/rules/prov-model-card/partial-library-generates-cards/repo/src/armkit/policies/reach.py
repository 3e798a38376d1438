import torch
from torch import nn

from armkit.hub import HubMixin


class ReachPolicy(nn.Module, HubMixin):
    def __init__(self, obs_dim: int = 14, act_dim: int = 7):
        super().__init__()
        self.net = nn.Sequential(nn.Linear(obs_dim, 256), nn.ReLU(), nn.Linear(256, act_dim))

    def forward(self, obs: torch.Tensor) -> torch.Tensor:
        return self.net(obs)

    def _save(self, directory):
        torch.save(self.state_dict(), f"{directory}/policy.pt")
