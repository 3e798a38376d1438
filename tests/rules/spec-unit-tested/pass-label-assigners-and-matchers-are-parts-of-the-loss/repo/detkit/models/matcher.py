import torch
from scipy.optimize import linear_sum_assignment
from torch import nn


class HungarianMatcher(nn.Module):
    """Computes a one-to-one assignment between targets and predictions."""

    def __init__(self, cost_class: float = 1, cost_bbox: float = 5):
        super().__init__()
        self.cost_class = cost_class
        self.cost_bbox = cost_bbox

    @torch.no_grad()
    def forward(self, outputs, targets):
        cost = self.cost_bbox * torch.cdist(outputs["pred_boxes"], targets["boxes"], p=1)
        cost = cost - self.cost_class * outputs["pred_logits"].softmax(-1)[..., targets["labels"]]
        return [linear_sum_assignment(c) for c in cost.cpu()]
