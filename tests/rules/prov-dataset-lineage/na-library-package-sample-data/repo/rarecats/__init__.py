from rarecats.encoders import RareLevelEncoder

__all__ = ["RareLevelEncoder"]
