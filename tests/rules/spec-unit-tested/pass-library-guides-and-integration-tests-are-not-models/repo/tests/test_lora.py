import torch
from torch import nn

from adapterkit.lora import LoraLinear


def test_zero_update_keeps_the_base_output() -> None:
    base = nn.Linear(4, 2)
    layer = LoraLinear(base, rank=2)
    x = torch.randn(3, 4)
    assert torch.allclose(layer(x), base(x))
