from torch import nn


class ReconstructionAndCommitment(nn.Module):
    def __init__(self, beta=0.25):
        super().__init__()
        self.beta = beta

    def forward(self, recon, target, z, q):
        commit = nn.functional.mse_loss(z, q.detach())
        return nn.functional.l1_loss(recon, target) + self.beta * commit
