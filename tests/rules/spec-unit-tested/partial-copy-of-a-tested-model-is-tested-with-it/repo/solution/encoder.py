import torch
from torch import nn

BUNDLE_DIR = "submission_bundle"
"""Where export_bundle.py writes the weights and this file."""


class EncoderNet(nn.Module):
    def __init__(self, in_dim: int, enc_dim: int = 16):
        super().__init__()
        self.encoder = nn.Sequential(nn.Linear(in_dim, 64), nn.SiLU(), nn.Linear(64, enc_dim))
        self.decoder = nn.Sequential(nn.Linear(enc_dim, 64), nn.SiLU(), nn.Linear(64, in_dim))

    def forward(self, x: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor]:
        z = self.encoder(x)
        return z, self.decoder(z)


def export(net: EncoderNet) -> None:
    torch.save(net.state_dict(), f"{BUNDLE_DIR}/encoder.pth")
