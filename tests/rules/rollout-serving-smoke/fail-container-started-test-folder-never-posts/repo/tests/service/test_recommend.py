import torch


def test_topk_of_scores():
    assert torch.tensor([0.1, 0.9, 0.4]).topk(2).indices.tolist() == [1, 2]
