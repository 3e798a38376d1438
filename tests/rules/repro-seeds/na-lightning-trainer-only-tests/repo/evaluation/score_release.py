"""Score the released checkpoint on the held-out split: it trains nothing."""
import argparse

import pytorch_lightning as pl

from recognizer.checkpoint import load


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("checkpoint")
    args = parser.parse_args()
    model = load(args.checkpoint)
    tester = pl.Trainer(accelerator="gpu", devices=1, logger=False)
    results = tester.test(model)
    tester.validate(model)
    print(results[0]["test_cer"])


if __name__ == "__main__":
    main()
