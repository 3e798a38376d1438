"""Write which layer types the adapters can wrap, for the documentation."""

import json

import torch
from torch import nn

from adapterkit.lora import LoraLinear


class OneLayer(nn.Module):
    """A host model with a single layer, to probe the adapter on."""

    def __init__(self, layer: nn.Module) -> None:
        super().__init__()
        self.layer = layer

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.layer(x)


if __name__ == "__main__":
    host = OneLayer(nn.Linear(4, 4))
    wrapped = LoraLinear(host.layer)
    print(json.dumps({"Linear": wrapped is not None}))
