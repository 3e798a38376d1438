from pathlib import Path

import yaml


def save_yaml(file, data):
    """Writes a dict to a YAML file (paths become strings)."""
    with open(file, "w") as f:
        yaml.safe_dump({k: str(v) if isinstance(v, Path) else v for k, v in data.items()}, f, sort_keys=False)


def next_run_dir(root="runs/train"):
    n = len(list(Path(root).glob("exp*"))) if Path(root).exists() else 0
    path = Path(root) / f"exp{n}"
    path.mkdir(parents=True, exist_ok=True)
    return path
