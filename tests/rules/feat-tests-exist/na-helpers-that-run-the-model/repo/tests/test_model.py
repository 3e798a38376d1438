import torch

from tinylm.model import TinyLM


def test_logits_shape():
    assert TinyLM()(torch.zeros(2, 8, dtype=torch.long)).shape == (2, 8, 256)
