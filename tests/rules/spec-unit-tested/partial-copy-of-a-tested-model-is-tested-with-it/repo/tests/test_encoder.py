import torch

from solution.encoder import EncoderNet


def test_reconstruction_has_the_input_shape():
    z, x_hat = EncoderNet(in_dim=8)(torch.zeros(4, 8))
    assert z.shape == (4, 16) and x_hat.shape == (4, 8)
