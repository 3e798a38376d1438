import torch
from torch import nn


class VisionClip(nn.Module):
    def __init__(self, embed_dim: int = 512) -> None:
        super().__init__()
        self.image_proj = nn.LazyLinear(embed_dim)
        self.text_proj = nn.LazyLinear(embed_dim)
        self.logit_scale = nn.Parameter(torch.ones([]) * 2.659)

    def forward(self, image: torch.Tensor, text: torch.Tensor) -> torch.Tensor:
        img = nn.functional.normalize(self.image_proj(image.flatten(1)), dim=-1)
        txt = nn.functional.normalize(self.text_proj(text), dim=-1)
        return self.logit_scale.exp() * img @ txt.t()


def build_model(state_dict: dict) -> VisionClip:
    model = VisionClip()
    model.load_state_dict(state_dict)
    return model.eval()


def load(name: str) -> tuple[VisionClip, None]:
    return build_model(torch.load(name, map_location="cpu")), None
