from pathlib import Path


def run_dir(name: str) -> Path:
    out = Path("runs") / name
    out.mkdir(parents=True, exist_ok=True)
    return out
