"""A hostile repository: mlgate finishes in bounded time, reports what it could not read as notices,
analyses everything else, and never runs the repository's code."""

from __future__ import annotations

import json
import os
import random
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.conftest import git, write_tree

MARKER = "MLGATE_PWNED"


def hostile_files(marker: Path) -> dict[str, str | bytes]:
    payload = f"open({str(marker)!r}, 'w').write('ran')\n"
    bomb = "a: &a [x, x, x, x, x, x, x, x, x, x]\n" + "".join(
        f"{chr(98 + i)}: &{chr(98 + i)} [" + ", ".join([f"*{chr(97 + i)}"] * 10) + "]\n" for i in range(9))
    rng = random.Random(4)
    return {
        # code that would leave a marker if anything imported or ran it
        "conftest.py": payload,
        "setup.py": payload + "from setuptools import setup\nsetup(name='x', install_requires=['numpy>=1'])\n",
        "sitecustomize.py": payload,
        "src/pkg/__init__.py": payload,
        "tests/test_pwn.py": payload + "def test_x():\n    pass\n",
        # malformed and hostile data
        "configs/bomb.yaml": bomb,
        "configs/deep.yaml": "a: " + "[" * 3000 + "]" * 3000 + "\n",
        "configs/model/deep.json": "[" * 10_000 + "]" * 10_000,
        "random.py": bytes(rng.getrandbits(8) for _ in range(4096)),
        "latin1.py": b"# caf\xe9\nx = 1\n",
        "utf16.py": "import os\n".encode("utf-16"),
        "notebooks/broken.ipynb": "{ this is not json",
        "notebooks/list.ipynb": "[]",
        "data/raw.csv.dvc": "- outs\n- 3\n",
        "dvc.yaml": "stages: [1, 2, {cmd: 3}]\n",
        ".github/CODEOWNERS": "\x00\x01junk\n[[[ @x\n!neg @y\n* not-an-owner\n/src/ @acme/ml\n",
        ".github/workflows/ci.yml": "on: {pull_request: {}}\njobs: [1, 2]\n",
        "Dockerfile": "FROM ${UNSET:-python:3.11-slim}\nFROM \\\n",
        "requirements.txt": "-r requirements.txt\n--hash\n===\nnumpy>=\n",
        "pyproject.toml": "[project\nname = ",
        "params.yaml": "{{ template }}: [\n",
        "caf\u00e9/mod\u00e8le.py": "import torch\n",
        # a good file among the bad: its findings must still be reported
        "serve/Dockerfile": "FROM python:latest\n",
    }


@pytest.fixture(scope="module")
def hostile_repo(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    base = tmp_path_factory.mktemp("hostile")
    marker = base / MARKER
    root = write_tree(base / "repo", hostile_files(marker))
    # a 200 MB file, sparse so it costs no disk
    with open(root / "data" / "huge.parquet", "wb") as fh:
        fh.truncate(200 * 1024 * 1024)
    with open(root / "huge.yaml", "wb") as fh:
        fh.truncate(200 * 1024 * 1024)
    os.symlink("/etc/passwd", root / "passwd.yaml")
    os.symlink("..", root / "parent")
    os.symlink("loop.yaml", root / "loop.yaml")
    (root / "new\nline.py").write_text("x = 1\n")
    git(root, "init", "-q", "-b", "main")
    git(root, "add", "-A")
    git(root, "commit", "-qm", "hostile")
    return root, marker


def run_check(root: Path, *extra: str) -> tuple[subprocess.CompletedProcess[str], float]:
    start = time.monotonic()
    proc = subprocess.run([sys.executable, "-m", "mlgate", "check", str(root), "--format", "json", *extra],
                          capture_output=True, text=True, timeout=120,
                          cwd=Path(__file__).resolve().parents[1])
    return proc, time.monotonic() - start


def test_hostile_repository_is_analysed_without_running_anything(hostile_repo: tuple[Path, Path]) -> None:
    root, marker = hostile_repo
    proc, seconds = run_check(root)
    assert "Traceback" not in proc.stderr, proc.stderr
    assert proc.returncode in (0, 1), proc.stderr
    assert seconds < 60
    assert not marker.exists(), "mlgate ran code from the analysed repository"
    report = json.loads(proc.stdout)
    errors = [r["id"] for r in report["rules"] if r["status"] == "error"]
    assert errors == [], f"rules crashed on hostile input: {errors}"
    notices = {n["path"]: n["message"] for n in report["notices"]}
    assert "outside the repository" in notices["passwd.yaml"]
    assert "does not resolve" in notices["loop.yaml"]
    assert any("line break" in m for m in notices.values())
    assert "larger than" in notices["huge.yaml"]
    digest = next(r for r in report["rules"] if r["id"] == "repro-image-digest")
    assert {(f["path"], f["line"]) for f in digest["findings"]} >= {("serve/Dockerfile", 1)}
    assert "root:" not in proc.stdout  # nothing of /etc/passwd leaks into the report


def test_hostile_repository_as_a_plain_directory(hostile_repo: tuple[Path, Path], tmp_path: Path) -> None:
    root, marker = hostile_repo
    plain = tmp_path / "plain"
    subprocess.run(["cp", "-a", str(root), str(plain)], check=True)
    subprocess.run(["rm", "-rf", str(plain / ".git")], check=True)
    proc, _ = run_check(plain)
    assert "Traceback" not in proc.stderr and proc.returncode in (0, 1), proc.stderr
    assert not marker.exists()
    report = json.loads(proc.stdout)
    assert [r["id"] for r in report["rules"] if r["status"] == "error"] == []
