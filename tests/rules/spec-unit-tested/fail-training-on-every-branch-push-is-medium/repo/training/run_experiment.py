"""Train a model class of recognizer.models on a data module, chosen on the command line."""
import argparse
import importlib

import pytorch_lightning as pl
import torch

from recognizer import lit_models


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--model_class", default="CNN")
    parser.add_argument("--max_epochs", type=int, default=20)
    args = parser.parse_args()
    model_class = getattr(importlib.import_module("recognizer.models"), args.model_class)
    data = torch.utils.data.TensorDataset(torch.randn(64, 1, 28, 28), torch.randint(0, 10, (64,)))
    lit_model = lit_models.BaseLitModel(model_class())
    trainer = pl.Trainer(max_epochs=args.max_epochs)
    trainer.fit(lit_model, torch.utils.data.DataLoader(data, batch_size=16))


if __name__ == "__main__":
    main()
