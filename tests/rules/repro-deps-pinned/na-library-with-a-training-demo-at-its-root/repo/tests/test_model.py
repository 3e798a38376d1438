import torch

from patchformer import PatchFormer


def test_logits_shape():
    model = PatchFormer(image_size=32, patch_size=4, num_classes=10, dim=32, depth=1)
    assert model(torch.randn(2, 3, 32, 32)).shape == (2, 10)
