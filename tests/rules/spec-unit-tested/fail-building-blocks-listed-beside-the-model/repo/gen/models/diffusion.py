import torch
import torch.nn.functional as F
from torch import nn

from gen.modules.attention import CrossAttention
from gen.modules.ema import LitEma


class LatentDiffusion(nn.Module):
    def __init__(self, dim=64, steps=1000):
        super().__init__()
        self.steps = steps
        self.proj = nn.Linear(dim, dim)
        self.block = CrossAttention(dim)
        self.ema = LitEma(self)

    def forward(self, z, t):
        return self.block(self.proj(z))

    def loss(self, z):
        t = torch.randint(0, self.steps, (z.shape[0],))
        noise = torch.randn_like(z)
        return F.mse_loss(self(z + noise, t), noise)
