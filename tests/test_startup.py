"""Start-up cost: what a scan imports. A small repository is mostly start-up, so a scan of the working tree
asks git its plain questions without GitPython (~100 ms to import); these tests check, in a fresh
interpreter, which modules were loaded (never how long anything took) and that git's answers arrived."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import git, git_repo, write_tree

ROOT = Path(__file__).resolve().parents[1]
POINTER = "version https://git-lfs.github.com/spec/v1\noid sha256:" + "c" * 64 + "\nsize 4000\n"


def _run(code: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-c", code], cwd=cwd, env={**os.environ, "PYTHONPATH": str(ROOT)},
                          capture_output=True, text=True, timeout=120)


def test_a_scan_of_the_working_tree_asks_git_without_gitpython(tmp_path: Path) -> None:
    """A subfolder of a git work tree: the tracked files (not the untracked one), the HEAD commit, the
    folder's prefix in the repository, LFS pointers in the index and linguist attributes all come from git,
    and no GitPython module is loaded."""
    root = git_repo(tmp_path / "r", {
        "README.md": "# shop\n",
        "ml/.gitattributes": "*.parquet filter=lfs diff=lfs merge=lfs -text\nthird_party/** linguist-vendored\n",
        "ml/data/train.parquet": POINTER,
        "ml/data/plain.parquet": "PAR1 not a pointer",
        "ml/third_party/lib.py": "import torch\n",
        "ml/train.py": "import torch\nmodel = torch.nn.Linear(2, 1)\n",
    })
    (root / "ml/data/train.parquet").write_bytes(b"PAR1" + bytes(4000))  # what git-lfs's smudge writes
    write_tree(root, {"ml/untracked.py": "import torch\n"})
    head = git(root, "rev-parse", "HEAD").strip()
    code = (
        "import sys, json\nfrom pathlib import Path\nfrom mlgate.analysis import analyse\n"
        "from mlgate.config import load_config\n"
        "r = analyse('ml', load_config(Path('ml')))\n"
        "lfs = next(x for x in r.results if x.rule_id == 'data-lfs')\n"
        "print(json.dumps([r.commit, r.path_prefix, r.file_count, [f.path for f in lfs.findings],\n"
        "                  [s.path for s in r.skipped]]))\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] in ('git', 'gitdb', 'smmap')))\n"
    )
    proc = _run(code, root)
    lines = proc.stdout.splitlines()
    assert len(lines) == 2, proc.stdout + proc.stderr
    # tracked files only (not untracked.py; third_party is vendored); the index holds train.parquet's pointer
    assert json.loads(lines[0]) == [head, "ml/", 4, ["data/plain.parquet"], ["third_party"]]
    assert lines[1] == "[]"


def test_outside_a_git_work_tree_the_scan_reads_the_folder(tmp_path: Path) -> None:
    write_tree(tmp_path, {"train.py": "import torch\n", ".gitignore": "out/\n", "out/model.py": "x = 1\n"})
    code = (
        "import sys, json\nfrom pathlib import Path\nfrom mlgate.analysis import analyse\n"
        "from mlgate.config import load_config\n"
        "r = analyse('.', load_config(Path('.')))\n"
        "print(json.dumps([r.commit, r.path_prefix, r.file_count]))\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] in ('git', 'gitdb', 'smmap')))\n"
    )
    proc = _run(code, tmp_path)
    assert proc.stdout.splitlines() == ['[null, "", 2]', "[]"], proc.stdout + proc.stderr  # out/ is ignored


def test_a_hook_called_in_process_leaves_the_garbage_collector_as_it_found_it(tmp_path: Path) -> None:
    """The hooks pause Python's cyclic collector while they run (a console script also freezes what it made,
    as the process ends next); a caller that passes its arguments gets its collector back."""
    import gc

    from mlgate import hooks

    write_tree(tmp_path, {"requirements.txt": "numpy\n", ".mlgate.yaml": "fail-on: error\n"})
    cwd = Path.cwd()
    os.chdir(tmp_path)
    try:
        assert gc.isenabled()
        assert hooks.data_pins(["requirements.txt"]) == 1
        assert gc.isenabled()
        assert hooks.config([".mlgate.yaml"]) == 0
        assert gc.isenabled()
    finally:
        os.chdir(cwd)


def test_a_check_asks_git_two_questions_and_keeps_the_folder_prefix(tmp_path: Path) -> None:
    """`mlgate check` of a subfolder runs git twice (the tracked files, HEAD); the folder's prefix in the
    repository, which SARIF's locations carry, comes from the listing, not from a third git process."""
    root = git_repo(tmp_path / "r", {"README.md": "# shop\n", "ml/requirements.txt": "numpy\n"})
    wrapper = tmp_path / "bin" / "git"
    log = tmp_path / "git.log"
    wrapper.parent.mkdir()
    real = subprocess.run(["sh", "-c", "command -v git"], capture_output=True, text=True, check=True).stdout.strip()
    wrapper.write_text(f'#!/bin/sh\nfor a in "$@"; do case "$a" in -*|*=*) ;; *) printf "%s " "$a" >> {log}; '
                       f'esac; done\necho >> {log}\nexec {real} "$@"\n')
    wrapper.chmod(0o755)
    env = {**os.environ, "PYTHONPATH": str(ROOT), "PATH": f"{wrapper.parent}{os.pathsep}{os.environ['PATH']}"}
    proc = subprocess.run([sys.executable, "-m", "mlgate", "check", "ml", "--format", "sarif"], cwd=root, env=env,
                          capture_output=True, text=True, timeout=120)
    sarif = json.loads(proc.stdout)
    uris = {loc["physicalLocation"]["artifactLocation"]["uri"] for run in sarif["runs"] for r in run["results"]
            for loc in r.get("locations", [])}
    assert "ml/requirements.txt" in uris, proc.stdout + proc.stderr
    assert [line.split()[0] for line in log.read_text().splitlines()] == ["ls-files", "rev-parse"]


def test_the_command_in_process_leaves_the_garbage_collector_as_it_found_it(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """`mlgate`'s entry point pauses the cyclic collector while a command runs and freezes what it made (the
    process ends next); called in process without arguments, it still gives the collector back."""
    import gc

    from mlgate.cli import main

    write_tree(tmp_path, {"requirements.txt": "numpy==1.26.4\n"})
    monkeypatch.setattr(sys, "argv", ["mlgate", "check", str(tmp_path), "-q"])
    assert gc.isenabled()
    assert main() in (0, 1)
    assert gc.isenabled()
    gc.unfreeze()  # what the test process made stays collectable


def test_a_check_of_plain_requirements_without_a_lock_file_loads_no_packaging(tmp_path: Path) -> None:
    """Extras and a beta pinned with `==` are read without packaging's PEP 508 parser (~20 ms to import), and
    a loose line with no lock file to pin it from gets its suggestion without it; the findings are the same."""
    root = git_repo(tmp_path / "r", {"train.py": "import torch\n",
                                     "requirements.txt": "ray[air]==2.7.0\nprefect==2.0b8\ntorch>=2.0\nnumpy\n"})
    code = (
        "import sys, json\nfrom pathlib import Path\nfrom mlgate.analysis import analyse\n"
        "from mlgate.config import load_config\n"
        "r = analyse('.', load_config(Path('.')))\n"
        "pins = next(x for x in r.results if x.rule_id == 'repro-deps-pinned')\n"
        "print(json.dumps([[f.line, f.suggestion is None] for f in pins.findings]))\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] == 'packaging'))\n"
    )
    proc = _run(code, root)
    lines = proc.stdout.splitlines()
    assert len(lines) == 2, proc.stdout + proc.stderr
    assert json.loads(lines[0]) == [[3, True], [4, True]]  # torch and numpy: loose, nothing to pin them from
    assert lines[1] == "[]"


def test_the_command_line_is_parsed_without_shutil_and_as_wide_as_argparse_makes_it(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """argparse's formatter asks shutil for the terminal's width on every argument added, and shutil imports
    bz2, lzma and zlib (~3 ms): mlgate's formatter reads the same width without it."""
    import shutil

    from mlgate.cli import _columns

    for columns in ("", "50", "200", "0", "-3", "wide"):
        monkeypatch.setenv("COLUMNS", columns)
        assert _columns() == shutil.get_terminal_size().columns, columns
    monkeypatch.delenv("COLUMNS")
    assert _columns() == shutil.get_terminal_size().columns
    # shutil made unimportable rather than looked for in sys.modules: a site .pth of the machine may import it
    code = ("import sys\nsys.modules['shutil'] = None  # an import of it now raises ImportError\n"
            "from mlgate.cli import build_parser\n"
            "args = build_parser('check').parse_args(['check', '.', '--format', 'json'])\n"
            "print(args.format)\n")
    proc = _run(code, tmp_path)
    assert proc.stdout == "json\n", proc.stdout + proc.stderr


def test_the_command_ends_without_finalization_once_its_output_and_exit_handlers_are_done(tmp_path: Path) -> None:
    """`python -m mlgate` and the `mlgate` script end the process after the command (cli.exit_now): the atexit
    handlers have run (mlgate's caches are written there) and the output is flushed, the exit code is the
    command's; the interpreter's finalization (an object's ``__del__`` at exit) is skipped. With GitPython loaded,
    whose objects end their git processes when finalized, the process ends as usual."""
    root = git_repo(tmp_path / "r", {"train.py": "import torch\n"})
    code = ("import atexit, sys\n{extra}"
            "import os\nclass Last:\n    def __del__(self, write=os.write):\n        write(2, b'finalized')\n"
            "def handler():  # made after the command froze what it made: freed as sys.modules is torn down\n"
            "    sys.modules['probe_last'] = Last()\n    print('handler', file=sys.stderr)\n"
            "atexit.register(handler)\n"
            "sys.argv = ['mlgate', 'check', '-q', '--fail-under', '3']\n"
            "from mlgate.cli import run\nrun()\n")
    for extra, finalized in (("", False), ("import git\n", True)):
        proc = _run(code.format(extra=extra), root)
        assert proc.returncode == 1, proc.stderr
        assert proc.stdout.startswith("mlgate: ML Test Score ") and "gate failed" in proc.stdout
        assert proc.stderr.count("handler") == 1
        assert ("finalized" in proc.stderr) is finalized, proc.stderr
