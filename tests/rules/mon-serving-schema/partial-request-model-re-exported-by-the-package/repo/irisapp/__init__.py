from .api import app
from .schemas import Measurements

__all__ = ["Measurements", "app"]
