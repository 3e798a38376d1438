"""Shared helpers of the test suite: train a tiny model and check that it learned something."""

import torch
from torchmetrics.functional import accuracy

from tests.helpers.models import TinyClassifier


def run_model_and_check(trainer, datamodule, min_acc: float = 0.5) -> None:
    model = TinyClassifier()
    trainer.fit(model, datamodule=datamodule)
    batch = next(iter(datamodule.test_dataloader()))
    x, y = batch
    preds = torch.argmax(model(x), dim=1)
    acc = accuracy(preds, y, task="multiclass", num_classes=3)
    assert acc >= min_acc, f"accuracy {acc} below {min_acc}"
