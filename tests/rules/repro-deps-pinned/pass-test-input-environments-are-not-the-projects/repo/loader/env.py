"""Reads the conda environment a packaged model was saved with."""
import yaml


def pip_requirements(conda_file: str) -> list[str]:
    with open(conda_file) as f:
        env = yaml.safe_load(f)
    for dep in env.get("dependencies", []):
        if isinstance(dep, dict) and "pip" in dep:
            return list(dep["pip"])
    return []
