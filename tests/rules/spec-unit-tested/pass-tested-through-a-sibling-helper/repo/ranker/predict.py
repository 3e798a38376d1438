import torch

from ranker.model import Ranker


def rank(model: Ranker, rows: torch.Tensor) -> list[int]:
    with torch.no_grad():
        return torch.argsort(model(rows), descending=True).tolist()
