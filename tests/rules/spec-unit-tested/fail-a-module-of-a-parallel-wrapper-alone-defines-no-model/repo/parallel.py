import torch
import torch.distributed as dist
from torch import nn


class GradSyncWrapper(nn.Module):
    """Averages gradients over the workers after each backward pass."""

    def __init__(self, module):
        super().__init__()
        self.module = module
        for p in self.module.state_dict().values():
            if torch.is_tensor(p):
                dist.broadcast(p, 0)

    def sync(self):
        world = float(dist.get_world_size())
        for p in self.module.parameters():
            if p.grad is not None:
                dist.all_reduce(p.grad.data)
                p.grad.data /= world

    def forward(self, *inputs, **kwargs):
        return self.module(*inputs, **kwargs)

    def train_step(self, batch, optimizer):
        return self.module.train_step(batch, optimizer)
