import math

import torch
from torch import nn


class TimeEmbedding(nn.Module):
    def __init__(self, n_features, d_model):
        super().__init__()
        self.value = nn.Linear(n_features, d_model)
        position = torch.arange(512).unsqueeze(1)
        div = torch.exp(torch.arange(0, d_model, 2) * (-math.log(10000.0) / d_model))
        table = torch.zeros(512, d_model)
        table[:, 0::2] = torch.sin(position * div)
        table[:, 1::2] = torch.cos(position * div)
        self.register_buffer("table", table)

    def forward(self, x):
        return self.value(x) + self.table[: x.shape[1]]
