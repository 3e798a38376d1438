import torch
from torch import nn


class PooledAttention(nn.Module):
    """Attention pooling for a classifier head (kept from the classifier-guidance code; no model uses it here)."""

    def __init__(self, channels, heads=4):
        super().__init__()
        self.attention = QKVAttention(heads)
        self.qkv = nn.Conv1d(channels, 3 * channels, 1)

    def forward(self, x):
        return self.attention(self.qkv(x.flatten(2))).mean(dim=-1)


class QKVAttention(nn.Module):
    def __init__(self, heads):
        super().__init__()
        self.heads = heads

    def forward(self, qkv):
        q, k, v = qkv.chunk(3, dim=1)
        weight = torch.softmax(q.transpose(1, 2) @ k / q.shape[1] ** 0.5, dim=-1)
        return v @ weight.transpose(1, 2)


class ResBlock(nn.Module):
    def __init__(self, channels):
        super().__init__()
        self.conv = nn.Conv2d(channels, channels, 3, padding=1)

    def forward(self, x):
        return x + self.conv(torch.relu(x))


class AttentionBlock(nn.Module):
    def __init__(self, channels):
        super().__init__()
        self.qkv = nn.Conv1d(channels, 3 * channels, 1)
        self.attention = QKVAttention(4)

    def forward(self, x):
        b, c, h, w = x.shape
        return x + self.attention(self.qkv(x.flatten(2))).reshape(b, c, h, w)


class UNet(nn.Module):
    def __init__(self, channels=64):
        super().__init__()
        self.inp = nn.Conv2d(3, channels, 3, padding=1)
        self.down = ResBlock(channels)
        self.mid = AttentionBlock(channels)
        self.up = ResBlock(channels)
        self.out = nn.Conv2d(channels, 3, 3, padding=1)

    def forward(self, x, t):
        return self.out(self.up(self.mid(self.down(self.inp(x)))))
