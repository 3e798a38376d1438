import lightning as L
import torch
from torch.utils.data import DataLoader, TensorDataset

from src.models.mnist_module import MNISTLitModule


def test_fast_dev_run():
    data = TensorDataset(torch.randn(8, 1, 28, 28), torch.randint(0, 10, (8,)))
    trainer = L.Trainer(fast_dev_run=True, accelerator="cpu", logger=False)
    trainer.fit(MNISTLitModule(), DataLoader(data, batch_size=4))
