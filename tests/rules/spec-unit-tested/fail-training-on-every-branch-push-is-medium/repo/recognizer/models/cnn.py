import torch
from torch import nn


class CNN(nn.Module):
    def __init__(self, num_classes: int = 10, conv_dim: int = 64) -> None:
        super().__init__()
        self.conv = nn.Conv2d(1, conv_dim, kernel_size=3, padding=1)
        self.fc = nn.Linear(conv_dim * 28 * 28, num_classes)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.fc(torch.relu(self.conv(x)).flatten(1))
