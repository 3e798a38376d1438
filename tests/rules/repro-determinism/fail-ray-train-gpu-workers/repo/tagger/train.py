import argparse

import torch
from ray.train import ScalingConfig
from ray.train.torch import TorchTrainer

from tagger.utils import set_seeds


def train_loop_per_worker(config: dict) -> None:
    set_seeds(config["seed"])
    model = torch.nn.Linear(16, 4)
    opt = torch.optim.Adam(model.parameters(), lr=config["lr"])
    for _ in range(config["epochs"]):
        opt.zero_grad()
        loss = model(torch.randn(8, 16)).sum()
        loss.backward()
        opt.step()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--gpu-per-worker", type=int, default=1)
    args = parser.parse_args()
    trainer = TorchTrainer(
        train_loop_per_worker,
        train_loop_config={"seed": 42, "lr": 1e-3, "epochs": 3},
        scaling_config=ScalingConfig(num_workers=2, use_gpu=bool(args.gpu_per_worker)),
    )
    trainer.fit()


if __name__ == "__main__":
    main()
