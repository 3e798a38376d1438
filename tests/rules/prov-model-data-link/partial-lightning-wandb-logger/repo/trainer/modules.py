import lightning.pytorch as lp
import torch
from torch import nn


class TaggerModule(lp.LightningModule):
    def __init__(self) -> None:
        super().__init__()
        self.proj = nn.Linear(64, 17)

    def training_step(self, batch, _idx):
        x, y = batch
        return nn.functional.cross_entropy(self.proj(x), y)

    def configure_optimizers(self):
        return torch.optim.Adam(self.parameters(), lr=1e-3)


class TreebankData(lp.LightningDataModule):
    def __init__(self, root: str) -> None:
        super().__init__()
        self.root = root
