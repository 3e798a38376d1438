"""Train a small model for a few steps, and report the peak memory and the size of the saved weights."""

import argparse
import os
import tempfile

import torch
from torch import nn


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--steps", type=int, default=10)
    args = parser.parse_args()
    model = nn.Sequential(nn.Linear(512, 512), nn.ReLU(), nn.Linear(512, 10))
    optimizer = torch.optim.AdamW(model.parameters(), lr=1e-3)
    for _ in range(args.steps):
        loss = model(torch.randn(8, 512)).pow(2).mean()
        loss.backward()
        optimizer.step()
        optimizer.zero_grad()
    with tempfile.TemporaryDirectory() as tmp_dir:
        torch.save(model.state_dict(), os.path.join(tmp_dir, "weights.pt"))
        print(f"weights: {os.path.getsize(os.path.join(tmp_dir, 'weights.pt'))} bytes")


if __name__ == "__main__":
    main()
