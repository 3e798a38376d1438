import argparse

import torch
from torch import nn

from forecast.nets.forecaster import Forecaster


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--epochs", type=int, default=10)
    parser.add_argument("--seed", type=int, default=2021)
    args = parser.parse_args()
    torch.manual_seed(args.seed)
    model = Forecaster()
    opt = torch.optim.Adam(model.parameters(), lr=1e-4)
    for _ in range(args.epochs):
        x, y = torch.randn(32, 96, 7), torch.randn(32, 24)
        loss = nn.functional.mse_loss(model(x), y)
        opt.zero_grad()
        loss.backward()
        opt.step()
    torch.save(model.state_dict(), "checkpoint.pth")


if __name__ == "__main__":
    main()
