import torch
from einops import rearrange
from torch import nn


class PatchFormer(nn.Module):
    def __init__(self, image_size: int, patch_size: int, num_classes: int, dim: int, depth: int = 4) -> None:
        super().__init__()
        self.patch_size = patch_size
        self.embed = nn.Linear(3 * patch_size * patch_size, dim)
        layer = nn.TransformerEncoderLayer(dim, nhead=4, batch_first=True)
        self.encoder = nn.TransformerEncoder(layer, depth)
        self.head = nn.Linear(dim, num_classes)

    def forward(self, images: torch.Tensor) -> torch.Tensor:
        p = self.patch_size
        patches = rearrange(images, "b c (h p1) (w p2) -> b (h w) (p1 p2 c)", p1=p, p2=p)
        return self.head(self.encoder(self.embed(patches)).mean(dim=1))
