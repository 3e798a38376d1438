"""Runs the numbered scripts of lesson 1 in order and reports which ones failed."""

import subprocess
import sys
from pathlib import Path


class TestRunner:
    def __init__(self, folder: Path, timeout: int = 600) -> None:
        self.folder = folder
        self.timeout = timeout

    def scripts(self) -> list[Path]:
        return sorted(p for p in self.folder.glob("[0-9][0-9]_*.py"))

    def run(self) -> int:
        failed = 0
        for script in self.scripts():
            done = subprocess.run([sys.executable, str(script)], timeout=self.timeout, check=False)
            print(f"{script.name}: {'ok' if done.returncode == 0 else 'FAILED'}")
            failed += done.returncode != 0
        return failed


if __name__ == "__main__":
    sys.exit(TestRunner(Path(__file__).resolve().parents[1]).run())
