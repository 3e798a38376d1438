from .model import build_model, load

__all__ = ["build_model", "load"]
