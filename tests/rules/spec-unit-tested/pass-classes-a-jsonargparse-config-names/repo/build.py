"""Builds the model and data module a run config names."""
import lightning as L
from jsonargparse import ArgumentParser


def from_config(path: str):
    parser = ArgumentParser()
    parser.add_argument("--model", type=L.LightningModule)
    parser.add_argument("--data", type=L.LightningDataModule)
    cfg = parser.parse_path(path)
    built = parser.instantiate_classes(cfg)
    return built["model"], built["data"]
