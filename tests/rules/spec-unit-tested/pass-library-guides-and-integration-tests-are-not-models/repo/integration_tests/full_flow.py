import torch
from torch import nn

from adapterkit import LoraLinear


class SmallNet(nn.Module):
    def __init__(self):
        super().__init__()
        self.a = LoraLinear(nn.Linear(8, 8), rank=2)
        self.b = nn.Linear(8, 1)

    def forward(self, x):
        return self.b(torch.relu(self.a(x)))


def main():
    net = SmallNet()
    opt = torch.optim.SGD(net.parameters(), lr=0.1)
    x, y = torch.randn(64, 8), torch.randn(64, 1)
    for _ in range(5):
        loss = nn.functional.mse_loss(net(x), y)
        opt.zero_grad()
        loss.backward()
        opt.step()
    assert torch.isfinite(loss)


if __name__ == "__main__":
    main()
