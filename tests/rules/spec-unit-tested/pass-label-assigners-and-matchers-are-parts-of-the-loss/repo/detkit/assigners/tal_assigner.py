import torch
import torch.nn as nn


class TaskAlignedAssigner(nn.Module):
    """Assigns ground-truth boxes to anchors by a task-aligned metric (TOOD)."""

    def __init__(self, topk=13, num_classes=80, alpha=1.0, beta=6.0):
        super().__init__()
        self.topk = topk
        self.num_classes = num_classes
        self.alpha = alpha
        self.beta = beta

    @torch.no_grad()
    def forward(self, pd_scores, pd_bboxes, anc_points, gt_labels, gt_bboxes):
        align_metric = pd_scores.pow(self.alpha) * pd_bboxes.sum(-1, keepdim=True).pow(self.beta)
        topk = torch.topk(align_metric, self.topk, dim=1).indices
        return topk, gt_labels, gt_bboxes
