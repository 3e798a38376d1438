from .paths import run_dir
from .reproducibility import fix_seeds

__all__ = ["fix_seeds", "run_dir"]
