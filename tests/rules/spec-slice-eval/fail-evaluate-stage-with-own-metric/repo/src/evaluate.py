"""Score the segmentation model on the held-out tiles: mean Dice over all images."""

from pathlib import Path

import numpy as np
from dvclive import Live
from fastai.vision.all import get_files, load_learner
from PIL import Image


def dice(pred: np.ndarray, true: np.ndarray, eps: float = 1e-6) -> float:
    inter = 2.0 * np.sum((pred == 1) & (true == 1))
    return float(inter / (np.sum(pred == 1) + np.sum(true == 1) + eps))


def evaluate() -> None:
    learn = load_learner(Path("models") / "model.pkl", cpu=True)
    images = sorted(get_files(Path("data") / "test", extensions=".jpg"))
    preds, _ = learn.get_preds(dl=learn.dls.test_dl(images))
    masks = np.array(preds[:, 1, :] > 0.5, dtype=np.uint8)
    total = 0.0
    with Live("results/evaluate") as live:
        for image, mask in zip(images, masks):
            true = np.array(Image.open(image.with_suffix(".png")), dtype=int)
            total += dice(mask, true) / len(images)
        live.summary["dice"] = total


if __name__ == "__main__":
    evaluate()
