import torch.nn as nn

from detkit.layers.dbb_transforms import transI_fusebn, transII_addbranch


class RepBlock(nn.Module):
    def __init__(self, c1, c2):
        super().__init__()
        self.dense = nn.Sequential(nn.Conv2d(c1, c2, 3, 1, 1, bias=False), nn.BatchNorm2d(c2))
        self.one = nn.Sequential(nn.Conv2d(c1, c2, 1, 1, 0, bias=False), nn.BatchNorm2d(c2))
        self.act = nn.ReLU()

    def forward(self, x):
        return self.act(self.dense(x) + self.one(x))

    def fused_kernel(self):
        k3, b3 = transI_fusebn(self.dense[0].weight, self.dense[1])
        k1, b1 = transI_fusebn(nn.functional.pad(self.one[0].weight, [1, 1, 1, 1]), self.one[1])
        return transII_addbranch((k3, k1), (b3, b1))
