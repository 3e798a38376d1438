import torch

from visionclip.model import VisionClip


def test_logits_shape():
    model = VisionClip(embed_dim=8)
    logits = model(torch.randn(2, 3, 4, 4), torch.randn(5, 16))
    assert logits.shape == (2, 5)
