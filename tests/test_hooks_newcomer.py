"""The hooks as a newcomer meets them: each line says its severity, `--help` and `--version` name the
hook, the gate hook is short, and the plain git hooks fail loudly and gate only what a push adds."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from mlgate import __version__, hooks
from mlgate.cli import main
from tests.conftest import git, git_repo, write_tree

LOOSE = "numpy>=1.26\n"
PINNED = "numpy==1.26.4 --hash=sha256:" + "c" * 64 + "\n"


@pytest.mark.parametrize(("entry", "prog"), [(hooks.data_pins, "mlgate-hook-data-pins"),
                                             (hooks.rollout, "mlgate-hook-rollout"),
                                             (hooks.config, "mlgate-hook-config")])
def test_help_and_version_name_the_hook(capsys: pytest.CaptureFixture[str], entry: object, prog: str) -> None:
    with pytest.raises(SystemExit) as done:
        entry(["--help"])  # type: ignore[operator]
    out = capsys.readouterr().out
    assert done.value.code == 0 and out.startswith(f"usage: {prog} ")
    assert "exit codes: 0 nothing at or above fail-on, 1 a finding at or above fail-on, 2 a usage" in " ".join(
        out.split())
    with pytest.raises(SystemExit) as done:
        entry(["--version"])  # type: ignore[operator]
    assert (done.value.code, capsys.readouterr().out) == (0, f"mlgate {__version__}\n")
    assert hooks.gate(["--version"]) == 0 and capsys.readouterr().out == f"mlgate {__version__}\n"
    assert hooks.gate(["--help"]) == 0 and capsys.readouterr().out.startswith("usage: mlgate-hook-gate ")


def test_each_line_says_its_severity_so_the_blocking_one_is_plain(tmp_path: Path) -> None:
    write_tree(tmp_path, {"requirements.txt": LOOSE, "Dockerfile": "FROM python:3.11-slim\n"})
    lines: list[str] = []
    code = hooks.run_hook(hooks.HOOKS["mlgate-data-pins"], ["Dockerfile", "requirements.txt"], root=tmp_path,
                          out=lines.append)
    assert code == 1
    assert lines[0].startswith("Dockerfile:1: info repro-image-digest ")
    assert lines[1].startswith("requirements.txt:1: error repro-deps-pinned ")
    assert lines[2].startswith("mlgate-data-pins: 1 finding at or above fail-on (error), 1 below it")


def test_the_gate_hook_prints_a_short_summary(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                              capsys: pytest.CaptureFixture[str]) -> None:
    files: dict[str, str | bytes] = {f"svc{i}/requirements.txt": LOOSE for i in range(14)}
    root = git_repo(tmp_path / "r", {**files, "src/churn/train.py": "import torch\n"})
    monkeypatch.chdir(root)
    monkeypatch.delenv("PRE_COMMIT_FROM_REF", raising=False)
    assert hooks.gate([]) == 1
    lines = capsys.readouterr().out.splitlines()
    assert len(lines) <= 13  # the full report is ~80 lines inside pre-commit's output
    assert lines[0].startswith("mlgate: ML Test Score ")
    assert all(line.startswith("  error   ") for line in lines[1:-2])  # only what blocks: errors, here
    assert any("/requirements.txt:1  repro-deps-pinned  numpy is not pinned" in line for line in lines)
    assert any(line.startswith("  ... and ") and line.endswith(" more") for line in lines)
    assert lines[-1].startswith("Gate FAILED: ") and lines[-1].endswith("The full report: mlgate check")


# ------------------------------------------------------------------------------ plain git hooks
def _env(tmp_path: Path) -> dict[str, str]:
    import os

    return {"PATH": "/usr/bin:/bin:/usr/local/bin", "HOME": str(tmp_path), "GIT_CONFIG_NOSYSTEM": "1",
            "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.com", "GIT_COMMITTER_NAME": "t",
            "GIT_COMMITTER_EMAIL": "t@example.com", **({"TMPDIR": os.environ["TMPDIR"]} if "TMPDIR" in os.environ
                                                          else {})}


def test_installed_hooks_work_without_the_virtualenv_and_fail_loudly_when_mlgate_is_gone(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    root = git_repo(tmp_path / "r", {"README.md": "# churn\n"})
    assert main(["init", str(root), "--git-hooks"]) == 0
    capsys.readouterr()
    (root / "requirements.txt").write_text(LOOSE)
    git(root, "add", "requirements.txt")
    # PATH has no mlgate at all: the recorded interpreter runs it
    bad = subprocess.run(["git", "commit", "-qm", "deps"], cwd=root, env=_env(tmp_path), capture_output=True,
                         text=True)
    assert bad.returncode == 1
    assert "requirements.txt:1: error repro-deps-pinned numpy is not pinned" in bad.stderr
    hook = root / ".git" / "hooks" / "pre-commit"
    text = hook.read_text()
    start = text.index("\nMLGATE_PYTHON=") + 1
    end = text.index("\n", start)
    hook.write_text(text[:start] + "MLGATE_PYTHON=/gone/venv/bin/python" + text[end:])  # the venv was removed
    gone = subprocess.run(["git", "commit", "-qm", "deps"], cwd=root, env=_env(tmp_path), capture_output=True,
                          text=True)
    assert gone.returncode == 1  # never a silent pass
    assert gone.stderr.startswith("mlgate: cannot run the pre-commit checks: /gone/venv/bin/python has no mlgate")
    assert "mlgate init --git-hooks --force" in gone.stderr


def test_the_pre_push_hook_gates_only_what_a_new_branch_adds(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    remote = tmp_path / "remote.git"
    subprocess.run(["git", "init", "-q", "--bare", str(remote)], check=True)
    root = git_repo(tmp_path / "r", {
        "requirements.txt": LOOSE, "tests/test_smoke.py": "def test_smoke():\n    assert True\n",
        ".github/workflows/ci.yml": "name: ci\non:\n  pull_request:\njobs:\n  test:\n    runs-on: ubuntu-latest\n"
                                    "    steps:\n      - uses: actions/checkout@v4\n      - run: pytest\n"})
    git(root, "remote", "add", "origin", str(remote))
    git(root, "push", "-q", "origin", "main")  # main already has an error finding
    assert main(["init", str(root), "--git-hooks"]) == 0
    capsys.readouterr()
    env = _env(tmp_path)
    git(root, "checkout", "-q", "-b", "docs")
    (root / "README.md").write_text("# churn\n")
    git(root, "add", "README.md")
    git(root, "commit", "-qm", "readme")
    clean = subprocess.run(["git", "push", "-q", "origin", "docs"], cwd=root, env=env, capture_output=True,
                           text=True)
    assert clean.returncode == 0, clean.stdout + clean.stderr  # the old finding is not the push's
    git(root, "checkout", "-q", "-b", "serving")
    write_tree(root, {"serving/requirements.txt": "fastapi>=0.110\n"})
    git(root, "add", "-A")
    git(root, "commit", "-qm", "serving", "--no-verify")  # the pre-commit hook would stop it first
    new = subprocess.run(["git", "push", "-q", "origin", "serving"], cwd=root, env=env, capture_output=True,
                         text=True)
    assert new.returncode == 1
    assert "serving/requirements.txt:1  repro-deps-pinned" in new.stderr + new.stdout
    assert "Gate FAILED: 1 new error finding" in new.stderr + new.stdout
