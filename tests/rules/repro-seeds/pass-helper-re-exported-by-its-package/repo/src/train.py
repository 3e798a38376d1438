import torch
from torch import nn

from helpers import fix_seeds, run_dir

SEED = 17


def main() -> None:
    fix_seeds(SEED)
    net = nn.Sequential(nn.Linear(8, 16), nn.ReLU(), nn.Linear(16, 1))
    opt = torch.optim.SGD(net.parameters(), lr=0.05)
    x, y = torch.randn(64, 8), torch.randn(64, 1)
    for _ in range(20):
        opt.zero_grad()
        loss = nn.functional.mse_loss(net(x), y)
        loss.backward()
        opt.step()
    torch.save(net.state_dict(), run_dir("mlp") / "model.pt")


if __name__ == "__main__":
    main()
