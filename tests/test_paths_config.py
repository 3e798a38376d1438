"""Paths a user can open from where they stand, and the configuration found as ruff and pre-commit find
theirs: upward to the repository's top, named in the report, never two silently."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

from mlgate.cli import main
from mlgate.hooks import check_config_files
from mlgate.patterns import rebase
from tests.conftest import git_repo, write_tree

SERVICE = {
    "svc/Dockerfile": "FROM python:latest\nCOPY . /app\n",
    "svc/requirements.txt": "numpy>=1.20\n",
    "svc/legacy/Dockerfile": "FROM ubuntu:latest\n",
    "svc/src/train.py": "from sklearn.linear_model import LogisticRegression\n",
}


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def test_text_paths_are_relative_to_the_current_directory_and_sarif_to_the_repository(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    git_repo(tmp_path / "r", SERVICE)
    monkeypatch.chdir(tmp_path)
    code, out, _ = run(capsys, "check", "r/svc", "--select", "repro-image-digest")
    assert code == 0  # a warning rule: the default gate fails on errors only
    assert " r/svc/Dockerfile:1  repro-image-digest\n" in out
    assert " r/svc/legacy/Dockerfile:1  repro-image-digest\n" in out
    monkeypatch.chdir(tmp_path / "r" / "svc" / "src")
    code, out, _ = run(capsys, "check", "..", "--select", "repro-image-digest")
    assert " ../Dockerfile:1" not in out  # outside the current directory: absolute, as ruff prints it
    assert f" {tmp_path / 'r' / 'svc' / 'Dockerfile'}:1  repro-image-digest\n" in out
    monkeypatch.chdir(tmp_path)
    code, out, _ = run(capsys, "check", "r/svc", "--select", "repro-image-digest", "--format", "sarif")
    results = json.loads(out)["runs"][0]["results"]
    uris = {r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] for r in results}
    assert uris == {"svc/Dockerfile", "svc/legacy/Dockerfile"}  # relative to the repository root


def test_configuration_is_found_upward_to_the_repository_top_and_named(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    root = git_repo(tmp_path / "r", {**SERVICE, ".mlgate.yaml": (
        "fail-on: warning\npaths:\n  exclude: [svc/legacy/**, svc/**/fixtures/**]\n")})
    monkeypatch.chdir(root / "svc")
    code, out, _ = run(capsys, "check", "--select", "repro-image-digest")
    assert code == 1  # fail-on: warning, from the configuration above
    assert "  config: ../.mlgate.yaml\n" in out
    assert " Dockerfile:1  repro-image-digest\n" in out and "legacy/Dockerfile" not in out  # rebased
    monkeypatch.chdir(root)
    code, out, _ = run(capsys, "check", "svc", "--select", "repro-image-digest")
    assert "  config: .mlgate.yaml\n" in out and "svc/Dockerfile:1" in out and "legacy" not in out
    code, out, _ = run(capsys, "check", "svc", "--select", "repro-image-digest", "--format", "json")
    assert json.loads(out)["config"] == "../.mlgate.yaml"
    (root / "svc" / ".mlgate.yaml").write_text("fail-on: never\n")  # the nearest one wins
    code, out, _ = run(capsys, "check", "svc", "--select", "repro-image-digest")
    assert code == 0 and "  config: svc/.mlgate.yaml\n" in out and "legacy/Dockerfile" in out


def test_a_folder_that_is_excluded_above_is_still_analysed_when_named(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    root = git_repo(tmp_path / "r", {**SERVICE, ".mlgate.yaml": "paths:\n  exclude: [svc/**]\n"})
    monkeypatch.chdir(root)
    _, out, _ = run(capsys, "check", "svc", "--select", "repro-image-digest")
    assert "svc/Dockerfile:1" in out  # as ruff checks a path given on its command line


def test_outside_a_repository_only_the_named_folder_is_looked_at(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    write_tree(tmp_path / "a", {".mlgate.yaml": "fail-on: warning\n", **SERVICE})
    code, out, _ = run(capsys, "check", str(tmp_path / "a" / "svc"), "--select", "repro-image-digest")
    assert code == 0  # fail-on: warning in the folder above was not read
    assert "  config: none (defaults; see `mlgate init`)\n" in out


def test_both_configurations_is_a_warning_that_names_the_one_used(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    root = git_repo(tmp_path / "r", {**SERVICE, ".mlgate.yaml": "fail-on: error\n",
                                     "pyproject.toml": "[tool.mlgate]\nfail-on = 'never'\n"})
    monkeypatch.chdir(root)
    code, out, err = run(capsys, "check", "--select", "repro-image-digest")
    assert code == 0  # a warning finding, fail-on: error from .mlgate.yaml
    assert err == ("mlgate: warning: both .mlgate.yaml and [tool.mlgate] in pyproject.toml: using .mlgate.yaml; "
                   "[tool.mlgate] is ignored (keep one of them)\n")
    assert "  config: .mlgate.yaml\n" in out
    lines: list[str] = []
    assert check_config_files(["pyproject.toml"], root=root, out=lines.append) == 1
    assert lines == ["mlgate-config: both .mlgate.yaml and [tool.mlgate] in pyproject.toml: using .mlgate.yaml; "
                     "[tool.mlgate] is ignored (keep one of them)"]


@pytest.mark.parametrize(("pattern", "prefix", "expected"), [
    ("examples/**", "examples/demo", "**"),
    ("svc/**", "svc", "**"),
    ("src/models/**", "src", "/models/**"),
    ("src/*/features/**", "src", "/*/features/**"),
    ("docs/api/**", "src", None),
    ("*.pkl", "src", "*.pkl"),
    ("**/deploy/**", "src", "**/deploy/**"),
    ("!src/keep.py", "src", "!/keep.py"),
])
def test_patterns_are_rebased_for_a_subfolder(pattern: str, prefix: str, expected: str | None) -> None:
    assert rebase(pattern, prefix) == expected


if sys.platform == "win32":  # pragma: no cover
    pytest.skip("POSIX paths", allow_module_level=True)
