import json

import torch
from torchmetrics.classification import BinaryJaccardIndex

from segment.data import load_split
from segment.model import UNet


def main() -> None:
    model = UNet()
    model.load_state_dict(torch.load("models/unet.pt", map_location="cpu"))
    model.eval()
    iou = BinaryJaccardIndex()
    with torch.no_grad():
        for images, masks in load_split("test"):
            iou.update(model(images).sigmoid() > 0.5, masks.int())
    with open("metrics.json", "w") as fh:
        json.dump({"iou": float(iou.compute())}, fh)


if __name__ == "__main__":
    main()
