import argparse
from pathlib import Path

import torch
import yaml

from utils.general import yaml_save


def train(hyp: dict, opt: argparse.Namespace) -> float:
    save_dir = Path(opt.save_dir)
    yaml_save(save_dir / "hyp.yaml", hyp)
    model = torch.nn.Linear(8, 1)
    optimizer = torch.optim.SGD(model.parameters(), lr=hyp["lr0"], momentum=hyp["momentum"])
    for _ in range(opt.epochs):
        loss = model(torch.randn(32, 8)).pow(2).mean()
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
    return float(loss)


def parse_opt() -> argparse.Namespace:
    parser = argparse.ArgumentParser()
    parser.add_argument("--hyp", default="data/hyp.yaml")
    parser.add_argument("--epochs", type=int, default=10)
    parser.add_argument("--save-dir", default="runs/train")
    return parser.parse_args()


if __name__ == "__main__":
    opt = parse_opt()
    train(yaml.safe_load(open(opt.hyp)), opt)
