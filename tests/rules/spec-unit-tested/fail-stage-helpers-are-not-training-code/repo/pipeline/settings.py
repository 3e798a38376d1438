"""Paths and parameters shared by the stages, read from params.yaml."""
from dataclasses import dataclass
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent


@dataclass(frozen=True)
class TrainSettings:
    n_estimators: int
    min_samples_leaf: int
    seed: int


def train_settings(path: Path = ROOT / "params.yaml") -> TrainSettings:
    with open(path) as fh:
        return TrainSettings(**yaml.safe_load(fh)["train"])
