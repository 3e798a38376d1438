import argparse

import torch
from torch import nn

from model import MelDecoder
from parallel import GradSyncWrapper


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--distributed", action="store_true")
    parser.add_argument("--seed", type=int, default=1234)
    args = parser.parse_args()
    torch.manual_seed(args.seed)
    model = MelDecoder()
    if args.distributed:
        model = GradSyncWrapper(model)
    opt = torch.optim.Adam(model.parameters(), lr=1e-3)
    for _ in range(100):
        frames = torch.randn(8, 50, 80)
        loss = nn.functional.mse_loss(model(frames), frames)
        opt.zero_grad()
        loss.backward()
        if args.distributed:
            model.sync()
        opt.step()
    torch.save(model.state_dict(), "decoder.pt")


if __name__ == "__main__":
    main()
