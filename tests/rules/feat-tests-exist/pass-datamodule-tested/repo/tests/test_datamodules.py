import torch

from src.data.digits_datamodule import DigitsDataModule


def test_setup_scales_and_splits(tmp_path):
    path = tmp_path / "digits.pt"
    torch.save((torch.full((20, 8, 8), 255, dtype=torch.uint8), torch.zeros(20, dtype=torch.long)), path)
    dm = DigitsDataModule(path=str(path), batch_size=4, val_fraction=0.25)
    dm.setup()
    assert len(dm.train_set) == 15 and len(dm.val_set) == 5
    x, _ = next(iter(dm.train_dataloader()))
    assert float(x.max()) == 1.0
