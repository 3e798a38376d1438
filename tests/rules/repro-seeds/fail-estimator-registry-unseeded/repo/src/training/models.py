from sklearn.ensemble import GradientBoostingRegressor, RandomForestRegressor
from sklearn.linear_model import Ridge

MODEL_REGISTRY = {
    "random_forest": RandomForestRegressor,
    "gradient_boosting": GradientBoostingRegressor,
    "ridge": Ridge,
}


def describe() -> str:
    return ", ".join(sorted(MODEL_REGISTRY))


def build_model(cfg: dict, seed: int | None = None):
    kind = cfg["type"]
    params = dict(cfg.get("params", {}))
    print(f"building {kind} ({describe()}) with {params}")
    if seed is not None:
        print(f"seed {seed} is recorded but not used")
    return MODEL_REGISTRY[kind](**params)
