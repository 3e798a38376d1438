"""lightkit: a small training-loop library."""

from lightkit.trainer import Trainer

__all__ = ["Trainer"]
