"""Retrains the fraud model every --interval seconds (the training-scheduler service)."""

import argparse
import logging
import subprocess
import time

log = logging.getLogger("scheduler")


class RetrainLoop:
    def __init__(self, interval: int) -> None:
        self.interval = interval

    def run_training(self) -> None:
        done = subprocess.run(["python", "train.py"], capture_output=True, text=True, check=False)
        log.info("training exited with %s", done.returncode)

    def forever(self) -> None:
        while True:
            self.run_training()
            time.sleep(self.interval)


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--interval", type=int, default=3600)
    RetrainLoop(parser.parse_args().interval).forever()
