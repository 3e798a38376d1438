from tsforecast.naive import SeasonalNaive

__all__ = ["SeasonalNaive"]
