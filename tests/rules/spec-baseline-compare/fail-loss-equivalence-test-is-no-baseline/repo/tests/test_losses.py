import pytest
import torch

from segment.losses import bce_dice, dice_loss, dice_loss_fused


@pytest.fixture
def batch():
    torch.manual_seed(0)
    return torch.randn(4, 32, 32), (torch.rand(4, 32, 32) > 0.5).float()


def test_fused_dice_matches_baseline_implementation(batch):
    logits, target = batch
    baseline = dice_loss(logits, target)
    assert torch.allclose(dice_loss_fused(logits, target), baseline, atol=1e-6)


def test_dummy_inputs_give_the_same_gradients(batch):
    logits, target = batch
    dummy_a = logits.clone().requires_grad_()
    dummy_b = logits.clone().requires_grad_()
    dice_loss(dummy_a, target).backward()
    dice_loss_fused(dummy_b, target).backward()
    torch.testing.assert_close(dummy_a.grad, dummy_b.grad)
    assert dummy_a.grad.shape == dummy_b.grad.shape


def test_baseline_loss_is_positive(batch):
    logits, target = batch
    baseline_loss = bce_dice(logits, target)
    assert baseline_loss > 0
