"""The documents generated from the catalogue are current, and the README's commands are real."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

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


def test_every_project_kind_is_described_and_rules_say_what_they_judge_differently(
        capsys: pytest.CaptureFixture[str]) -> None:
    from mlgate.catalog import kinds_yaml, load_catalog
    from mlgate.cli import main
    from mlgate.inventory import KINDS

    assert set(kinds_yaml()["general"]) == set(KINDS)
    catalog = load_catalog()
    assert "library" in catalog["repro-deps-pinned"].kinds
    assert catalog["spec-codeowners"].kinds == {}
    assert main(["explain", "repro-deps-pinned"]) == 0
    out = capsys.readouterr().out
    assert "By project kind (see `mlgate inventory`):" in out
    assert "  library: Declares version ranges for its users" in out
    rules_md = (ROOT / "docs" / "rules.md").read_text(encoding="utf-8")
    assert "## Project kinds" in rules_md and "- **library**: A package published for others" in rules_md


def test_kinds_yaml_refuses_a_kind_or_rule_that_does_not_exist(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import shutil

    from mlgate import catalog

    src = catalog.CATALOG_DIR
    for f in src.glob("*.yaml"):
        shutil.copy(f, tmp_path / f.name)
    monkeypatch.setattr(catalog, "CATALOG_DIR", tmp_path)
    kinds = tmp_path / "kinds.yaml"
    text = kinds.read_text(encoding="utf-8")
    kinds.write_text(text + "  spec-no-such-rule:\n    library: x\n", encoding="utf-8")
    with pytest.raises(catalog.CatalogError, match="no such rules: spec-no-such-rule"):
        catalog.yaml_entries()
    kinds.write_text(text + "  spec-codeowners:\n    startup: x\n", encoding="utf-8")
    with pytest.raises(catalog.CatalogError, match=r"spec-codeowners: unknown kinds \['startup'\]"):
        catalog.yaml_entries()
