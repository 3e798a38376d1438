from .tokenizer import SimpleTokenizer

__all__ = ["SimpleTokenizer"]
