import pandas as pd
import yaml

from src.training.models import build_model


def train(config_path: str = "configs/train.yaml", data_path: str = "data/sales.parquet"):
    with open(config_path) as fh:
        cfg = yaml.safe_load(fh)
    frame = pd.read_parquet(data_path)
    model = build_model(cfg["model"], seed=cfg.get("random_seed"))
    model.fit(frame.drop(columns="sales"), frame["sales"])
    return model
