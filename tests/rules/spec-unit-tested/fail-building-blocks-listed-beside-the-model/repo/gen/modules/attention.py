import torch
from torch import nn


class CrossAttention(nn.Module):
    def __init__(self, dim, heads=4):
        super().__init__()
        self.attn = nn.MultiheadAttention(dim, heads, batch_first=True)
        self.norm = nn.LayerNorm(dim)

    def forward(self, x, context=None):
        context = x if context is None else context
        out, _ = self.attn(self.norm(x), context, context)
        return x + out
