from speedup.core import prepare

__all__ = ["prepare"]
