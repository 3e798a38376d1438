import argparse

import torch
import yaml

from tools.files import next_run_dir, save_yaml


def train(hyp, opt):
    save_dir = next_run_dir()
    if isinstance(hyp, str):
        with open(hyp) as f:
            hyp = yaml.safe_load(f)
    save_yaml(save_dir / "hyp.yaml", hyp)
    save_yaml(save_dir / "opt.yaml", vars(opt))
    model = torch.nn.Linear(32, 4)
    optimizer = torch.optim.SGD(model.parameters(), lr=hyp["lr0"], momentum=hyp["momentum"])
    for _ in range(hyp["epochs"]):
        x, y = torch.randn(64, 32), torch.randint(0, 4, (64,))
        loss = torch.nn.functional.cross_entropy(model(x), y)
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
    torch.save(model.state_dict(), save_dir / "last.pt")


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--hyp", default="hyps/default.yaml")
    parser.add_argument("--batch-size", type=int, default=16)
    opt = parser.parse_args()
    train(opt.hyp, opt)
