import pytorch_lightning as pl
import torch


def load(path: str) -> pl.LightningModule:
    """The released recognizer, restored from its checkpoint."""
    return torch.load(path, weights_only=False)
