import torch

from churn.model import ChurnNet


def test_one_step_reduces_loss():
    torch.manual_seed(0)
    x, y = torch.randn(16, 8), torch.randint(0, 2, (16,)).float()
    model = ChurnNet(n_features=8)
    opt = torch.optim.SGD(model.parameters(), lr=0.1)
    loss_fn = torch.nn.BCEWithLogitsLoss()
    before = loss_fn(model(x), y)
    before.backward()
    opt.step()
    after = loss_fn(model(x), y)
    assert torch.isfinite(after)
    assert after.item() < before.item()
