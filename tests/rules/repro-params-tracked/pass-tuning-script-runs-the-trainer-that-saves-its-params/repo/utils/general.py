from pathlib import Path

import yaml


def yaml_save(file: Path, data: dict) -> None:
    with open(file, "w") as f:
        yaml.safe_dump(data, f, sort_keys=False)
