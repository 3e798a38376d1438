import argparse
from copy import deepcopy

import torch
from models.common import *


class Detect(nn.Module):
    stride = None

    def __init__(self, nc=80, anchors=(), ch=()):
        super().__init__()
        self.nc = nc
        self.no = nc + 5
        self.nl = len(anchors)
        self.na = len(anchors[0]) // 2
        self.m = nn.ModuleList(nn.Conv2d(x, self.no * self.na, 1) for x in ch)

    def forward(self, x):
        return [self.m[i](x[i]) for i in range(self.nl)]


class Model(nn.Module):
    def __init__(self, nc=80, anchors=((10, 13, 16, 30, 33, 23),)):
        super().__init__()
        self.backbone = nn.Sequential(
            nn.Conv2d(3, 32, 3, 2, autopad(3)), nn.BatchNorm2d(32), nn.SiLU(),
            nn.Conv2d(32, 64, 3, 2, autopad(3)), nn.BatchNorm2d(64), nn.SiLU(),
        )
        self.detect = Detect(nc, anchors, ch=(64,))

    def forward(self, x):
        return self.detect([self.backbone(x)])


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--nc", type=int, default=80)
    opt = parser.parse_args()
    model = Model(opt.nc)
    print(deepcopy(model)(torch.zeros(1, 3, 64, 64))[0].shape)
