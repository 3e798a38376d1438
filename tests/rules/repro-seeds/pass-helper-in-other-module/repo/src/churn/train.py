import argparse

import numpy as np
import torch

from churn.utils import set_seed


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--seed", type=int, default=42)
    args = parser.parse_args()
    set_seed(args.seed)
    x, y = torch.load("data/train.pt")
    idx = np.random.permutation(len(x))
    model = torch.nn.Linear(x.shape[1], 1)
    opt = torch.optim.Adam(model.parameters(), lr=1e-3)
    loss = torch.nn.functional.binary_cross_entropy_with_logits(model(x[idx]).squeeze(), y[idx])
    loss.backward()
    opt.step()


if __name__ == "__main__":
    main()
