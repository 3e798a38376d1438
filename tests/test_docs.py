"""The documents generated from the catalogue are current, and the README's commands are real."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_rule_reference_is_current() -> None:
    proc = subprocess.run([sys.executable, "scripts/gen_docs.py", "--check"], cwd=ROOT, capture_output=True,
                          text=True)
    assert proc.returncode == 0, proc.stdout + proc.stderr


def test_readme_rule_table_lists_every_rule() -> None:
    from mlgate.catalog import load_catalog

    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for rule_id in load_catalog():
        assert f"[`{rule_id}`](docs/rules.md#{rule_id})" in readme


def test_ci_runs_the_readme_test_command() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    m = re.search(r"<!-- test-command -->\s*```sh\n(.+?)\n```", readme, re.S)
    assert m, "README has no marked test command"
    assert m.group(1).strip() in ci
