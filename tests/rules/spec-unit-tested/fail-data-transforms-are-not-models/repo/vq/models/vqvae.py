import torch
from torch import nn


class VQAutoencoder(nn.Module):
    def __init__(self, codes=512, dim=64):
        super().__init__()
        self.encoder = nn.Conv2d(3, dim, 4, stride=4)
        self.codebook = nn.Embedding(codes, dim)
        self.decoder = nn.ConvTranspose2d(dim, 3, 4, stride=4)

    def forward(self, x):
        z = self.encoder(x).permute(0, 2, 3, 1)
        index = torch.cdist(z.flatten(0, 2), self.codebook.weight).argmin(1)
        q = self.codebook(index).view_as(z)
        q = z + (q - z).detach()
        return self.decoder(q.permute(0, 3, 1, 2))
