import argparse

import torch
from torch.utils.data import DataLoader

from models.yolo import Model
from utils.datasets import LoadImagesAndLabels
from utils.loss import ComputeLoss


def train(opt):
    model = Model(opt.nc)
    optimizer = torch.optim.SGD(model.parameters(), lr=opt.lr, momentum=0.937)
    loader = DataLoader(LoadImagesAndLabels(opt.data), batch_size=opt.batch_size, shuffle=True)
    compute_loss = ComputeLoss(model)
    for epoch in range(opt.epochs):
        for imgs, targets in loader:
            loss = compute_loss(model(imgs), targets)
            optimizer.zero_grad()
            loss.backward()
            optimizer.step()
    torch.save(model.state_dict(), "runs/train/last.pt")


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--data", default="data/coco.yaml")
    parser.add_argument("--nc", type=int, default=80)
    parser.add_argument("--epochs", type=int, default=300)
    parser.add_argument("--batch-size", type=int, default=16)
    parser.add_argument("--lr", type=float, default=0.01)
    train(parser.parse_args())
