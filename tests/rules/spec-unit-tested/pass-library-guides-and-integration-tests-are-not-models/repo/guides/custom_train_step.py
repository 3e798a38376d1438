"""
Title: Customizing what happens in `fit()`
Description: Overriding the training step of a model, with adapterkit's LoRA layers.
"""

import torch
from torch import nn

from adapterkit import LoraLinear


class CustomModel(nn.Module):
    def __init__(self):
        super().__init__()
        self.dense = LoraLinear(nn.Linear(32, 1), rank=4)

    def forward(self, x):
        return self.dense(x)


model = CustomModel()
optimizer = torch.optim.Adam(model.parameters(), lr=1e-3)
x, y = torch.randn(256, 32), torch.randn(256, 1)
for epoch in range(3):
    loss = nn.functional.mse_loss(model(x), y)
    optimizer.zero_grad()
    loss.backward()
    optimizer.step()
    print(f"epoch {epoch}: loss {loss.item():.4f}")
