# Our edge detector, released under Apache-2.0 like the rest of this repository.
from .net import EdgeNet
