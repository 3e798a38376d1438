import gzip
import os


def default_bpe() -> str:
    return os.path.join(os.path.dirname(os.path.abspath(__file__)), "bpe_vocab.txt.gz")


class SimpleTokenizer:
    def __init__(self, bpe_path: str = default_bpe()) -> None:
        merges = gzip.open(bpe_path).read().decode("utf-8").split("\n")
        self.merges = [tuple(m.split()) for m in merges[1:49152 - 256 - 2 + 1]]
