import random

from torch import nn


class RandomCropWithBox(nn.Module):
    """Crops a random square and returns it with the crop's coordinates, for the conditional model."""

    def __init__(self, size):
        super().__init__()
        self.size = size

    def forward(self, image):
        h, w = image.shape[-2:]
        top, left = random.randint(0, h - self.size), random.randint(0, w - self.size)
        crop = image[..., top:top + self.size, left:left + self.size]
        return crop, (top / h, left / w, self.size / h, self.size / w)
