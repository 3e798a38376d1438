from patchformer.model import PatchFormer

__all__ = ["PatchFormer"]
