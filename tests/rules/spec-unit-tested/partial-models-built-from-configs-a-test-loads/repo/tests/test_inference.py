import torch

from gen.inference.api import load_model


def test_the_base_model_denoises_a_batch() -> None:
    model = load_model("base")
    out = model(torch.randn(2, 4, 8, 8))
    assert out.shape == (2, 4, 8, 8) and torch.isfinite(out).all()
