import torch


class ComputeLoss:
    def __init__(self, model):
        self.model = model

    def __call__(self, preds, targets):
        return sum(p.float().pow(2).mean() for p in preds) + 0 * targets.sum()
