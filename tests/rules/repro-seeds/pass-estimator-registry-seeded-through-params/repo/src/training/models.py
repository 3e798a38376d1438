from copy import deepcopy

from sklearn.ensemble import GradientBoostingRegressor, RandomForestRegressor
from sklearn.linear_model import Ridge

MODEL_REGISTRY = {
    "random_forest": RandomForestRegressor,
    "gradient_boosting": GradientBoostingRegressor,
    "ridge": Ridge,
}


def with_seed(kind: str, params: dict, seed: int | None) -> dict:
    resolved = deepcopy(params)
    if seed is not None and kind != "ridge":
        resolved.setdefault("random_state", seed)
    return resolved


def build_model(cfg: dict, seed: int | None = None):
    kind = cfg["type"]
    return MODEL_REGISTRY[kind](**with_seed(kind, cfg.get("params", {}), seed))
