import argparse

import torch

from detkit.assigners.tal_assigner import TaskAlignedAssigner
from detkit.models.yolo import Model


def main(args):
    model = Model(args.num_classes)
    assigner = TaskAlignedAssigner(num_classes=args.num_classes)
    optimizer = torch.optim.SGD(model.parameters(), lr=args.lr, momentum=0.9)
    for _ in range(args.epochs):
        images = torch.randn(2, 3, 64, 64)
        preds = model(images)
        assigner(preds[..., 4:].sigmoid(), preds[..., :4], None, None, None)
        loss = preds.pow(2).mean()
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
    torch.save(model.state_dict(), args.output)


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--num-classes", type=int, default=80)
    parser.add_argument("--epochs", type=int, default=300)
    parser.add_argument("--lr", type=float, default=0.01)
    parser.add_argument("--output", default="runs/train/last.pt")
    main(parser.parse_args())
