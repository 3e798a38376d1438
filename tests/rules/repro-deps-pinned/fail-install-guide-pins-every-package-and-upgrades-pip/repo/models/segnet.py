import timm
from einops import rearrange
from torch import nn


class SegNetLite(nn.Module):
    def __init__(self, classes=150):
        super().__init__()
        self.backbone = timm.create_model("resnet18", features_only=True, pretrained=False)
        self.head = nn.Conv2d(512, classes, 1)

    def forward(self, x):
        feats = self.backbone(x)[-1]
        return rearrange(self.head(feats), "b c h w -> b c h w")
