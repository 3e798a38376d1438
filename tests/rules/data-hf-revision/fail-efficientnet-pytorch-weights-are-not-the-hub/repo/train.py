import torch
from efficientnet_pytorch import EfficientNet
from transformers import ViTForImageClassification

torch.manual_seed(0)


def build(name: str):
    if name.startswith("efficientnet"):
        return EfficientNet.from_pretrained(name, num_classes=1)
    if name == "vit":
        return ViTForImageClassification.from_pretrained("google/vit-base-patch16-224", num_labels=1)
    return None


if __name__ == "__main__":
    model = build("efficientnet-b0")
    optimizer = torch.optim.AdamW(model.parameters(), lr=3e-4)
    loss = model(torch.randn(2, 3, 224, 224)).mean()
    loss.backward()
    optimizer.step()
