import lightning as L
import torch
from torch.utils.data import DataLoader, TensorDataset, random_split


class DigitsDataModule(L.LightningDataModule):
    """Loads the digits tensors, scales pixels to [0, 1] and splits train/val."""

    def __init__(self, path: str = "data/digits.pt", batch_size: int = 64, val_fraction: float = 0.1):
        super().__init__()
        self.path = path
        self.batch_size = batch_size
        self.val_fraction = val_fraction

    def setup(self, stage=None):
        images, labels = torch.load(self.path)
        data = TensorDataset(images.float() / 255.0, labels)
        n_val = int(len(data) * self.val_fraction)
        self.train_set, self.val_set = random_split(data, [len(data) - n_val, n_val],
                                                    generator=torch.Generator().manual_seed(0))

    def train_dataloader(self):
        return DataLoader(self.train_set, batch_size=self.batch_size, shuffle=True)

    def val_dataloader(self):
        return DataLoader(self.val_set, batch_size=self.batch_size)
