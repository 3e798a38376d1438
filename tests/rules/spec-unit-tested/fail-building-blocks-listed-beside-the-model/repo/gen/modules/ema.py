import torch
from torch import nn


class LitEma(nn.Module):
    def __init__(self, model, decay=0.999):
        super().__init__()
        self.decay = decay
        self.shadow = {k: p.detach().clone() for k, p in model.named_parameters()}

    @torch.no_grad()
    def update(self, model):
        for k, p in model.named_parameters():
            self.shadow[k].mul_(self.decay).add_(p.detach(), alpha=1 - self.decay)
