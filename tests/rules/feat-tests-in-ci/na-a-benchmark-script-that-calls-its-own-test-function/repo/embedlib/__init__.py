from embedlib.models.embedding import EmbeddingModel

__all__ = ["EmbeddingModel"]
