import torch
from torch import nn


class SiLU(nn.Module):
    def forward(self, x):
        return x * torch.sigmoid(x)


def zero_module(module):
    for p in module.parameters():
        p.detach().zero_()
    return module
