from .amounts import log_amount, scale_amount

__all__ = ["log_amount", "scale_amount"]
