import torch
from torch import nn


class Autoencoder(nn.Module):
    def __init__(self, channels: int = 4) -> None:
        super().__init__()
        self.encoder = nn.Conv2d(3, channels, 3, padding=1)
        self.decoder = nn.Conv2d(channels, 3, 3, padding=1)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.decoder(self.encoder(x))
