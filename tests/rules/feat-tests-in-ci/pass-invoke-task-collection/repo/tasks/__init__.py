"""Task collections for pyinvoke."""

from invoke import Collection

from . import checks, cleans

ns = Collection(checks, cleans)
