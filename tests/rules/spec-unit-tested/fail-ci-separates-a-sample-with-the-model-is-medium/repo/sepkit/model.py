import torch
from torch import nn


class TinySeparator(nn.Module):
    def __init__(self, sources: int = 4, channels: int = 8) -> None:
        super().__init__()
        self.sources = sources
        self.encoder = nn.Conv1d(2, channels, 8, stride=4)
        self.decoder = nn.ConvTranspose1d(channels, 2 * sources, 8, stride=4)

    def forward(self, mix: torch.Tensor) -> torch.Tensor:
        out = self.decoder(torch.relu(self.encoder(mix)))
        return out.view(mix.shape[0], self.sources, 2, -1)
