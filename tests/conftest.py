"""Shared test helpers: tiny repositories written from a dict, and running mlgate on them."""

from __future__ import annotations

import datetime as dt
import subprocess
import textwrap
from pathlib import Path

import pytest

from mlgate.analysis import keep_paths
from mlgate.config import Config, load_config
from mlgate.engine import Selection, run_rules
from mlgate.model import RuleResult
from mlgate.patterns import PathSet
from mlgate.repo import build_index

TODAY = dt.date(2026, 11, 22)


def write_tree(root: Path, files: dict[str, str | bytes]) -> Path:
    for rel, content in files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(textwrap.dedent(content), encoding="utf-8")
    return root


def git(root: Path, *args: str) -> str:
    return subprocess.run(["git", *args], cwd=root, check=True, capture_output=True, text=True,
                          env={"GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.com",
                               "GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@example.com",
                               "HOME": str(root), "PATH": "/usr/bin:/bin:/usr/local/bin"}).stdout


def git_repo(root: Path, files: dict[str, str | bytes], message: str = "init") -> Path:
    write_tree(root, files)
    git(root, "init", "-q", "-b", "main")
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", message)
    return root


def run_rule(root: Path, rule_id: str, config: Config | None = None) -> RuleResult:
    """Run one rule (and nothing else) on the directory ``root``."""
    cfg = config if config is not None else load_config(root, upward=False)  # each fixture stands alone
    index = build_index(root, use_git=False, exclude=PathSet(cfg.exclude), keep=keep_paths(cfg))
    results = run_rules(index, cfg, Selection(select=(rule_id,)), today=TODAY)
    return next(r for r in results if r.rule_id == rule_id)


@pytest.fixture
def repo(tmp_path: Path):  # type: ignore[no-untyped-def]
    """write(files) -> root: a plain directory repository under tmp_path."""

    def make(files: dict[str, str | bytes]) -> Path:
        return write_tree(tmp_path / "repo", files)

    return make


@pytest.fixture
def parsed(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The label of every Python parse mlgate makes while the test runs (a path, or "path cell N"): for tests
    that a fact answers without parsing what it need not read."""
    import mlgate.repo

    labels: list[str] = []
    real = mlgate.repo._parse_quietly  # under parse_python, and what a notebook's cells are parsed with
    monkeypatch.setattr(mlgate.repo, "_parse_quietly",
                        lambda text, label, notice: labels.append(label) or real(text, label, notice))
    return labels
