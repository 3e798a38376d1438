from tsforecast.models import Naive

__all__ = ["Naive"]
