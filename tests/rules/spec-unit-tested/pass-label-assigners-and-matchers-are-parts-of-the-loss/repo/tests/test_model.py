import torch

from detkit.models.yolo import Model


def test_one_training_step_lowers_the_loss():
    torch.manual_seed(0)
    model = Model(num_classes=3)
    optimizer = torch.optim.SGD(model.parameters(), lr=0.1)
    images = torch.randn(2, 3, 32, 32)
    before = model(images).pow(2).mean()
    before.backward()
    optimizer.step()
    after = model(images).pow(2).mean()
    assert torch.isfinite(after) and after.item() < before.item()
