# OneFormer
# https://github.com/SHI-Labs/OneFormer

import os

from .net import SegmentNet

CHECKPOINT = os.path.join(os.path.dirname(__file__), "ckpts", "oneformer.pth")
