#!/usr/bin/env python3
"""Check every project: its README is listed, then its own checks pass."""
import subprocess
import sys
from pathlib import Path

root = Path(__file__).resolve().parent.parent
for project in sorted(p for p in root.iterdir() if (p / "check.cfg").is_file()):
    command = (project / "check.cfg").read_text().split()
    if subprocess.run(command, cwd=project).returncode:
        sys.exit(1)
