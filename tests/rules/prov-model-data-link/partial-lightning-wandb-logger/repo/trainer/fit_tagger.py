"""Fit the part-of-speech tagger; every run is tracked in Weights & Biases."""
import argparse

import lightning.pytorch as lp
from lightning.pytorch.loggers import WandbLogger

from trainer.modules import TaggerModule, TreebankData


def run(epochs: int, track: bool) -> None:
    tracker = WandbLogger(project="tagger", log_model=True) if track else None
    trainer = lp.Trainer(max_epochs=epochs, logger=tracker)
    trainer.fit(TaggerModule(), datamodule=TreebankData("corpora/treebank"))


if __name__ == "__main__":
    cli = argparse.ArgumentParser()
    cli.add_argument("--epochs", type=int, default=3)
    cli.add_argument("--track", action="store_true")
    opts = cli.parse_args()
    run(opts.epochs, opts.track)
