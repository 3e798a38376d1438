import lightning as L
import torch
from torch.utils.data import DataLoader, TensorDataset


class TileData(L.LightningDataModule):
    def __init__(self, batch_size: int = 8):
        super().__init__()
        self.batch_size = batch_size

    def train_dataloader(self):
        x = torch.rand(32, 3, 16, 16)
        y = (torch.rand(32, 1, 16, 16) > 0.5).float()
        return DataLoader(TensorDataset(x, y), batch_size=self.batch_size)
