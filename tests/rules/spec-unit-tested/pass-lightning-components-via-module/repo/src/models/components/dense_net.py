from torch import nn


class DenseNet(nn.Module):
    def __init__(self, n_in: int = 784, hidden: int = 128, n_out: int = 10) -> None:
        super().__init__()
        self.model = nn.Sequential(nn.Flatten(), nn.Linear(n_in, hidden), nn.ReLU(), nn.Linear(hidden, n_out))

    def forward(self, x):
        return self.model(x)
