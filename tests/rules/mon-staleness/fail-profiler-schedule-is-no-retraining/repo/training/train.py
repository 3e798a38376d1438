"""Train the recognizer; --profile traces a few steps with the PyTorch profiler."""
import argparse

import pytorch_lightning as pl
import torch

from training.model import RecognizerModule


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--epochs", type=int, default=5)
    parser.add_argument("--profile", action="store_true")
    args = parser.parse_args()
    if args.profile:
        steps = torch.profiler.schedule(wait=1, warmup=2, active=3, repeat=1)
        profiler = pl.profilers.PyTorchProfiler(schedule=steps, dirpath="traces")
    else:
        profiler = None
    trainer = pl.Trainer(max_epochs=args.epochs, profiler=profiler)
    trainer.fit(RecognizerModule())
    with torch.profiler.profile(schedule=torch.profiler.schedule(wait=0, warmup=1, active=2)) as prof:
        for _ in range(3):
            prof.step()


if __name__ == "__main__":
    main()
