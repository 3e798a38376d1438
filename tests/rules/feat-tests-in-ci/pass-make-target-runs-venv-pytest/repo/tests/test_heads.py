import torch

from segnet.heads import SegmentationHead, logits_to_mask


def test_head_keeps_spatial_size():
    head = SegmentationHead(in_channels=8, classes=3)
    out = head(torch.randn(2, 8, 16, 16))
    assert out.shape == (2, 3, 16, 16)
    assert logits_to_mask(out).shape == (2, 16, 16)
