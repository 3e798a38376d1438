import math

import torch
import torch.nn as nn

from utils.activations import SiLU


def autopad(k, p=None):
    # pad to 'same'
    if p is None:
        p = k // 2 if isinstance(k, int) else [x // 2 for x in k]
    return p


class Conv(nn.Module):
    # standard convolution
    def __init__(self, c1, c2, k=1, s=1, p=None, act=True):
        super().__init__()
        self.conv = nn.Conv2d(c1, c2, k, s, autopad(k, p), bias=False)
        self.bn = nn.BatchNorm2d(c2)
        self.act = SiLU() if act is True else nn.Identity()

    def forward(self, x):
        return self.act(self.bn(self.conv(x)))


class SPPCSPC(nn.Module):
    def __init__(self, c1, c2, k=(5, 9, 13)):
        super().__init__()
        self.cv1 = Conv(c1, c2, 1, 1)
        self.m = nn.ModuleList([nn.MaxPool2d(kernel_size=x, stride=1, padding=x // 2) for x in k])
        self.cv2 = Conv(c2 * (len(k) + 1), c2, 1, 1)

    def forward(self, x):
        x1 = self.cv1(x)
        return self.cv2(torch.cat([x1] + [m(x1) for m in self.m], 1))


def make_divisible(x, divisor):
    return math.ceil(x / divisor) * divisor
