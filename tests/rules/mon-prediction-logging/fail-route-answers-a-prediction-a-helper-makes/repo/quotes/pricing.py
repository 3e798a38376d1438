import joblib
import pandas as pd

_models = {name: joblib.load(f"models/{name}.joblib") for name in ("home", "motor")}


def quote_for(product: str, application: dict) -> float:
    frame = pd.DataFrame([application])
    return float(_models[product].predict(frame)[0])
