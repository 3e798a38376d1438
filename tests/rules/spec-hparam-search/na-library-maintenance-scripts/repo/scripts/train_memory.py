"""Train a small model for a few steps and report the peak accelerator memory and the adapter's size."""

import argparse
import os
import tempfile

import torch
from torch import nn

from adapterkit.lora import LoraLinear


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--steps", type=int, default=10)
    args = parser.parse_args()
    torch.cuda.reset_peak_memory_stats()
    model = LoraLinear(nn.Linear(512, 512))
    optimizer = torch.optim.AdamW(model.parameters(), lr=1e-3)
    for _ in range(args.steps):
        loss = model(torch.randn(8, 512)).pow(2).mean()
        loss.backward()
        optimizer.step()
        optimizer.zero_grad()
    print(f"peak memory: {torch.cuda.max_memory_allocated() // 2**20} MB")
    with tempfile.TemporaryDirectory() as tmp_dir:
        torch.save(model.state_dict(), os.path.join(tmp_dir, "adapter.pt"))
        print(f"adapter size: {os.path.getsize(os.path.join(tmp_dir, 'adapter.pt'))} bytes")


if __name__ == "__main__":
    main()
