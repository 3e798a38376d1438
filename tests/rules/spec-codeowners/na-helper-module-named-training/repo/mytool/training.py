"""Helpers that find training scripts in a repository (``train.py``, ``__main__`` scripts)."""

import re

TRAIN_NAME = re.compile(r"^train.*\.py$")


def looks_like_training(name: str) -> bool:
    return TRAIN_NAME.match(name) is not None
