"""Nothing is silent: a mistyped path, a folder with nothing to analyse and a repository git refuses are
each said, never a quiet "Gate PASSED"."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from mlgate.cli import main
from tests.conftest import git_repo, write_tree


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def test_a_mistyped_path_is_exit_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert run(capsys, "check", str(tmp_path / "exmaples")) == (
        2, "", f"mlgate: error: {tmp_path / 'exmaples'}: no such directory\n")
    (tmp_path / "README.md").write_text("# x\n")
    code, out, err = run(capsys, "check", str(tmp_path / "README.md"))
    assert (code, out) == (2, "")
    assert err.endswith("README.md: not a directory (mlgate check analyses a repository or a folder)\n")


@pytest.mark.parametrize("fmt", ["text", "json"])
def test_an_empty_folder_is_said_not_passed(tmp_path: Path, capsys: pytest.CaptureFixture[str], fmt: str) -> None:
    (tmp_path / "empty").mkdir()
    code, out, err = run(capsys, "check", str(tmp_path / "empty"), "--format", fmt)
    assert code == 2 and out == ""
    assert err.startswith(f"mlgate: error: {tmp_path / 'empty'}: nothing to analyse: no file here")
    assert "PASSED" not in out + err


def test_untracked_files_only_and_everything_excluded_are_said(tmp_path: Path,
                                                               capsys: pytest.CaptureFixture[str]) -> None:
    root = git_repo(tmp_path / "r", {"README.md": "# r\n"})
    (root / "README.md").unlink()
    import subprocess

    subprocess.run(["git", "rm", "-q", "--cached", "README.md"], cwd=root, check=True)
    (root / "train.py").write_text("import torch\n")  # not added: git tracks nothing
    code, _, err = run(capsys, "check", str(root))
    assert code == 2 and "nothing to analyse" in err
    other = write_tree(tmp_path / "o", {"src/train.py": "import torch\n",
                                        ".mlgate.yaml": "paths:\n  exclude: ['**']\n"})
    code, _, err = run(capsys, "check", str(other))
    assert code == 2 and "nothing to analyse" in err


def test_a_repository_git_refuses_is_said(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                          capsys: pytest.CaptureFixture[str]) -> None:
    root = git_repo(tmp_path / "r", {"Dockerfile": "FROM python:latest\n", "requirements.txt": "numpy==1.26.4\n"})
    monkeypatch.setenv("HOME", str(tmp_path))  # no safe.directory from the user's own configuration
    monkeypatch.setenv("GIT_CONFIG_NOSYSTEM", "1")
    monkeypatch.setenv("GIT_TEST_ASSUME_DIFFERENT_OWNER", "1")  # git's own switch: as if another user owned it
    code, out, err = run(capsys, "check", str(root), "--select", "repro-image-digest")
    assert code == 0
    warning = err.splitlines()[0]
    assert warning.startswith(f"mlgate: warning: git refuses this repository: {root.resolve()} belongs to "
                              "another user (dubious ownership)")
    assert f"git config --global --add safe.directory {root.resolve()}" in warning
    assert warning.endswith("mlgate read every file not ignored by .gitignore instead of the files git tracks")
    assert "Dockerfile:1" in out  # the analysis goes on
    code, out, _ = run(capsys, "check", str(root), "--format", "json")
    assert any(n["path"] == ".git" and "dubious ownership" in n["message"] for n in json.loads(out)["notices"])
    monkeypatch.delenv("GIT_TEST_ASSUME_DIFFERENT_OWNER")
    code, out, err = run(capsys, "check", str(root), "--select", "repro-image-digest")
    assert err == ""
