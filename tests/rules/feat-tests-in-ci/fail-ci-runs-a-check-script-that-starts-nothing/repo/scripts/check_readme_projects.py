#!/usr/bin/env python3
"""Fail when a project folder is missing from the README's table."""
import sys
from pathlib import Path

root = Path(__file__).resolve().parent.parent
listed = (root / "README.md").read_text()
missing = [p.name for p in root.iterdir() if p.is_dir() and not p.name.startswith((".", "_"))
           and p.name not in {"scripts", "tests"} and p.name not in listed]
if missing:
    print("not in README.md:", ", ".join(sorted(missing)))
    sys.exit(1)
