# Monocular depth estimation
# based on https://github.com/isl-org/MiDaS
# MIT LICENSE

from .net import DepthNet
