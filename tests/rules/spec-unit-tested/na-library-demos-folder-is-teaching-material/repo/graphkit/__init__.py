from .walks import random_walks

__all__ = ["random_walks"]
