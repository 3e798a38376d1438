import random
from pathlib import Path

import numpy as np
import torch
import yaml
from fastai.vision.all import Resize, SegmentationDataLoaders, get_files, resnet18, unet_learner


def train():
    params = yaml.safe_load(open("params.yaml"))
    np.random.seed(params["seed"])
    torch.manual_seed(params["seed"])
    random.seed(params["seed"])
    images = Path("data/train")
    loaders = SegmentationDataLoaders.from_label_func(
        images, get_files(images, extensions=".jpg"), lambda p: images / f"{p.stem}.png",
        codes=["background", "roof"], bs=params["batch_size"], item_tfms=Resize(256))
    learn = unet_learner(loaders, arch=resnet18)
    learn.fine_tune(params["epochs"])
    learn.export(Path("models/model.pkl").absolute())


if __name__ == "__main__":
    train()
