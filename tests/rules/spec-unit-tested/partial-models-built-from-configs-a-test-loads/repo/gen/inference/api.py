import pathlib

from omegaconf import OmegaConf

from gen.util import instantiate_from_config

SPECS = {"base": "base.yaml"}


def load_model(name: str = "base", config_path: str = "configs/inference"):
    config = OmegaConf.load(pathlib.Path(config_path, SPECS[name]))
    return instantiate_from_config(OmegaConf.to_container(config.model))
