from embedkit.embedder import Embedder

__all__ = ["Embedder"]
