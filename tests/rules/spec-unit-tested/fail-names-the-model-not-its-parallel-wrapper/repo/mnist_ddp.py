import argparse

import torch
import torch.distributed as dist
import torch.nn.functional as F
from torch import nn, optim


class DistributedDataParallel(nn.Module):
    """Averages the gradients of the wrapped model over the workers."""

    def __init__(self, module):
        super().__init__()
        self.module = module
        self.first_call = True

    def sync(self):
        for param in self.module.parameters():
            if param.grad is not None:
                dist.all_reduce(param.grad.data)
                param.grad.data /= dist.get_world_size()

    def forward(self, *inputs, **kwargs):
        if self.first_call:
            for param in self.module.parameters():
                dist.broadcast(param.data, 0)
            self.first_call = False
        return self.module(*inputs, **kwargs)


class Net(nn.Module):
    def __init__(self):
        super().__init__()
        self.conv = nn.Conv2d(1, 16, 5)
        self.fc = nn.Linear(16 * 24 * 24, 10)

    def forward(self, x):
        x = F.relu(self.conv(x))
        return F.log_softmax(self.fc(x.flatten(1)), dim=1)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--epochs", type=int, default=2)
    args = parser.parse_args()
    dist.init_process_group("gloo")
    model = DistributedDataParallel(Net())
    opt = optim.SGD(model.parameters(), lr=0.01)
    for _ in range(args.epochs):
        data, target = torch.randn(8, 1, 28, 28), torch.randint(0, 10, (8,))
        opt.zero_grad()
        loss = F.nll_loss(model(data), target)
        loss.backward()
        model.sync()
        opt.step()
    torch.save(model.module.state_dict(), "mnist.pt")


if __name__ == "__main__":
    main()
