"""The pre-commit file hooks: only the files given (plus what they need), `path:line: rule-id message`,
exit 1 at or above fail-on, configuration, waivers and inline ignores honoured, no heavy imports."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from mlgate import hooks
from mlgate.repo import FsSource
from mlgate.rules import ALL_RULES
from tests.conftest import TODAY, write_tree

ROOT = Path(__file__).resolve().parents[1]

LOOSE_REQS = "numpy>=1.26\npandas==2.2.2\n"
MODEL_CONFIG = "model:\n  name: gbm\n  learning_rate: 0.05\n  n_estimators: 400\n"


def run(hook_id: str, root: Path, *files: str, **kw: object) -> tuple[int, list[str]]:
    lines: list[str] = []
    code = hooks.run_hook(hooks.HOOKS[hook_id], list(files), root=root, today=TODAY, out=lines.append, **kw)  # type: ignore[arg-type]
    return code, lines


def test_data_pins_reports_the_unpinned_requirement_and_fails(tmp_path: Path) -> None:
    write_tree(tmp_path, {"requirements.txt": LOOSE_REQS})
    code, out = run("mlgate-data-pins", tmp_path, "requirements.txt")
    assert code == 1
    assert out[0] == "requirements.txt:1: error repro-deps-pinned numpy is not pinned to an exact version"
    assert out[-1].startswith("mlgate-data-pins: 1 finding at or above fail-on (error)")


def test_below_fail_on_is_printed_but_passes_and_fail_on_flag_tightens(tmp_path: Path) -> None:
    write_tree(tmp_path, {"Dockerfile": "FROM python:3.11-slim\nRUN pip install -r requirements.txt\n"})
    code, out = run("mlgate-data-pins", tmp_path, "Dockerfile")
    assert code == 0
    assert out == [
        "Dockerfile:1: info repro-image-digest FROM python:3.11-slim is pinned by tag only; tags can be "
        "moved to a different image"
    ]
    code, _ = run("mlgate-data-pins", tmp_path, "Dockerfile", fail_on="info")
    assert code == 1


def test_only_the_given_files_are_judged(tmp_path: Path) -> None:
    write_tree(
        tmp_path,
        {
            "requirements.txt": LOOSE_REQS,
            "Dockerfile": "FROM python:latest\n",
            "serving/requirements.txt": "fastapi==0.110.0 \\\n    --hash=sha256:" + "a" * 64 + "\n",
        },
    )
    code, out = run("mlgate-data-pins", tmp_path, "serving/requirements.txt")
    assert (code, out) == (0, [])


def test_a_lock_file_beside_pyproject_is_read_though_not_staged(tmp_path: Path) -> None:
    pyproject = '[project]\nname = "churn"\nversion = "1.0"\ndependencies = ["scikit-learn>=1.4", "pandas"]\n'
    write_tree(tmp_path, {"pyproject.toml": pyproject})
    code, out = run("mlgate-data-pins", tmp_path, "pyproject.toml", fail_on="warning")
    assert code == 1 and out[0].startswith(
        "pyproject.toml:4: warning repro-deps-pinned 2 dependencies are version ranges"
    )
    write_tree(tmp_path, {"uv.lock": "version = 1\n"})
    assert run("mlgate-data-pins", tmp_path, "pyproject.toml", fail_on="warning") == (0, [])


def test_model_spec_uses_codeowners_it_was_not_given(tmp_path: Path) -> None:
    write_tree(
        tmp_path,
        {
            "configs/model/gbm.yaml": MODEL_CONFIG,
            ".github/CODEOWNERS": "/src/ @acme/ml-eng\n",
            ".mlgate.yaml": "rules:\n  spec-codeowners: error\n",
        },
    )
    code, out = run("mlgate-model-spec", tmp_path, "configs/model/gbm.yaml")
    assert code == 1
    assert out[0] == (
        "configs/model/gbm.yaml: error spec-codeowners 1 model-spec file in configs/model/ (gbm.yaml) "
        "has no code owner in .github/CODEOWNERS"
    )
    write_tree(tmp_path, {".github/CODEOWNERS": "/src/ @acme/ml-eng\n/configs/model/ @acme/ml-eng\n"})
    assert run("mlgate-model-spec", tmp_path, "configs/model/gbm.yaml") == (0, [])


def test_severity_override_off_waiver_and_inline_ignore_are_honoured(tmp_path: Path) -> None:
    write_tree(
        tmp_path, {"requirements.txt": LOOSE_REQS, ".mlgate.yaml": "rules:\n  repro-deps-pinned: warning\n"}
    )
    code, out = run("mlgate-data-pins", tmp_path, "requirements.txt")
    assert code == 0 and out[0].startswith("requirements.txt:1: warning repro-deps-pinned")
    write_tree(tmp_path, {".mlgate.yaml": "rules:\n  repro-deps-pinned: 'off'\n"})
    assert run("mlgate-data-pins", tmp_path, "requirements.txt") == (0, [])
    write_tree(
        tmp_path,
        {
            ".mlgate.yaml": "waivers:\n  - rule: repro-deps-pinned\n    paths: [requirements.txt]\n"
            "    reason: pinned by the base image\n    expires: 2027-06-30\n"
        },
    )
    assert run("mlgate-data-pins", tmp_path, "requirements.txt") == (0, [])
    write_tree(
        tmp_path,
        {
            ".mlgate.yaml": "fail-on: error\n",
            "requirements.txt": "numpy>=1.26  # mlgate: ignore[repro-deps-pinned] the CUDA image "
            "fixes numpy\npandas==2.2.2\n",
        },
    )
    assert run("mlgate-data-pins", tmp_path, "requirements.txt") == (0, [])


def test_excluded_paths_are_not_checked(tmp_path: Path) -> None:
    write_tree(
        tmp_path,
        {"examples/requirements.txt": LOOSE_REQS, ".mlgate.yaml": "paths:\n  exclude: [examples/**]\n"},
    )
    assert run("mlgate-data-pins", tmp_path, "examples/requirements.txt") == (0, [])


def test_a_rule_that_cannot_judge_yet_is_skipped(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delitem(ALL_RULES, "repro-deps-pinned")
    write_tree(tmp_path, {"requirements.txt": LOOSE_REQS})
    assert run("mlgate-data-pins", tmp_path, "requirements.txt") == (0, [])


def test_a_broken_configuration_is_exit_2(tmp_path: Path) -> None:
    write_tree(tmp_path, {"requirements.txt": LOOSE_REQS, ".mlgate.yaml": "fail-on: sometimes\n"})
    code, out = run("mlgate-data-pins", tmp_path, "requirements.txt")
    assert code == 2
    assert out == [
        "mlgate: error: .mlgate.yaml:1: 'sometimes' is not valid for fail-on; use one of error, "
        "warning, info, never"
    ]


def test_names_outside_the_repository_are_ignored_and_a_missing_file_is_exit_2(tmp_path: Path) -> None:
    write_tree(tmp_path, {"repo/requirements.txt": "numpy==1.26.4 --hash=sha256:" + "b" * 64 + "\n"})
    root = tmp_path / "repo"
    assert run("mlgate-data-pins", root, "../elsewhere.txt", str(root / "requirements.txt")) == (0, [])
    # pre-commit passes only files that exist: a missing one is a mistyped name, as ruff says (E902)
    assert run("mlgate-data-pins", root, "gone.txt", str(root / "requirements.txt")) == (
        2, ["mlgate-hook-data-pins: error: gone.txt: no such file"])


def test_hook_reads_only_the_given_files_and_what_they_need(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    files: dict[str, str | bytes] = {
        f"src/pkg{i}/mod{j}.py": "import torch\n" for i in range(20) for j in range(10)
    }
    files.update(
        {
            "configs/model/gbm.yaml": MODEL_CONFIG,
            "CODEOWNERS": "* @acme/all\n",
            "requirements.txt": LOOSE_REQS,
            "Dockerfile": "FROM python:latest\n",
        }
    )
    write_tree(tmp_path, files)
    read: list[str] = []
    original, original_sized = FsSource.read, FsSource.read_sized

    def spy(self: FsSource, path: str, limit: int) -> bytes | None:
        read.append(path)
        return original(self, path, limit)

    def spy_sized(self: FsSource, path: str, limit: int) -> tuple[int | None, bytes | None]:
        read.append(path)
        return original_sized(self, path, limit)

    monkeypatch.setattr(FsSource, "read", spy)
    monkeypatch.setattr(FsSource, "read_sized", spy_sized)
    run("mlgate-model-spec", tmp_path, "configs/model/gbm.yaml", "src/pkg3/mod1.py")
    assert set(read) <= {"configs/model/gbm.yaml", "src/pkg3/mod1.py", "CODEOWNERS"}
    assert "CODEOWNERS" in read


def test_config_hook(tmp_path: Path) -> None:
    write_tree(tmp_path, {".mlgate.yaml": "fail-on: erorr\n", "pyproject.toml": '[project]\nname = "x"\n'})
    lines: list[str] = []
    code = hooks.check_config_files([".mlgate.yaml", "pyproject.toml"], root=tmp_path, out=lines.append)
    assert code == 1
    assert lines == [".mlgate.yaml:1: 'erorr' is not valid for fail-on; did you mean error?"]
    write_tree(
        tmp_path,
        {
            ".mlgate.yaml": "fail-on: warning\n",
            "pyproject.toml": '[project]\nname = "x"\n\n[tool.mlgate]\nfail-undr = 2\n',
        },
    )
    lines.clear()
    code = hooks.check_config_files([".mlgate.yaml", "pyproject.toml"], root=tmp_path, out=lines.append)
    assert code == 1
    assert lines == ["mlgate-config: both .mlgate.yaml and [tool.mlgate] in pyproject.toml: using .mlgate.yaml; "
                     "[tool.mlgate] is ignored (keep one of them)",
                     "pyproject.toml:5: unknown key 'fail-undr' in the top level; did you mean fail-under?"]


def _subprocess_env() -> dict[str, str]:
    return {**os.environ, "PYTHONPATH": str(ROOT)}


def test_hook_imports_neither_gitpython_nor_pygithub(tmp_path: Path) -> None:
    write_tree(
        tmp_path,
        {
            "requirements.txt": LOOSE_REQS,
            "configs/model/gbm.yaml": MODEL_CONFIG,
            "CODEOWNERS": "/configs/ @acme/ml\n",
            ".mlgate.yaml": "fail-on: error\n",
        },
    )
    code = (
        "import sys\nfrom mlgate import hooks\n"
        "codes = [hooks.data_pins(['requirements.txt']), hooks.model_spec(['configs/model/gbm.yaml']),\n"
        "         hooks.provenance(['requirements.txt']), hooks.rollout(['configs/model/gbm.yaml']),\n"
        "         hooks.config(['.mlgate.yaml'])]\n"
        "heavy = sorted(m for m in sys.modules\n"
        "               if m.split('.')[0] in ('git', 'github', 'gitdb', 'requests'))\n"
        "print('CODES', codes, 'HEAVY', heavy)\n"
    )
    proc = subprocess.run(
        [sys.executable, "-X", "importtime", "-c", code],
        cwd=tmp_path,
        env=_subprocess_env(),
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert "CODES [1, 0, 0, 0, 0] HEAVY []" in proc.stdout, proc.stdout + proc.stderr
    imported = {
        line.split("|")[-1].strip() for line in proc.stderr.splitlines() if line.startswith("import time:")
    }
    assert not {m for m in imported if m.split(".")[0] in ("git", "github")}


def test_hooks_in_a_git_work_tree_with_lfs_rules_stay_light(tmp_path: Path) -> None:
    """In a git work tree whose .gitattributes routes files through LFS, the hooks still ask git without
    GitPython, and load no JSON Schema validator and no fix machinery (no sidecar given, no suggestion
    shown): each hook's entry point, in a fresh interpreter, as pre-commit runs it."""
    from tests.conftest import git, git_repo

    root = git_repo(tmp_path / "r", {".gitattributes": "*.pt filter=lfs diff=lfs merge=lfs -text\n",
                                     "CODEOWNERS": "/configs/ @acme/ml\n", ".mlgate.yaml": "fail-on: error\n"})
    write_tree(root, {"requirements.txt": LOOSE_REQS, "configs/model/gbm.yaml": MODEL_CONFIG,
                      "models/net.pt": bytes(range(256)) * 12,
                      "deploy/svc.yaml": "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: svc}\n"})
    git(root, "add", "models/net.pt")  # staged without git-lfs: the content itself, not a pointer
    staged = ["requirements.txt", "configs/model/gbm.yaml", "models/net.pt", "deploy/svc.yaml", ".mlgate.yaml"]
    code = (
        "import sys\nfrom mlgate import hooks\n"
        f"files = {staged!r}\n"
        "codes = [hooks.data_pins(files[:3]), hooks.model_spec(files[:2]), hooks.provenance(files[2:3]),\n"
        "         hooks.rollout(files[3:4]), hooks.config(files[4:])]\n"
        "heavy = sorted(m for m in sys.modules if m.split('.')[0] in ('git', 'gitdb', 'github', 'requests',\n"
        "               'jsonschema') or m == 'mlgate.fixes')\n"
        "print('CODES', codes, 'HEAVY', heavy)\n"
    )
    proc = subprocess.run([sys.executable, "-c", code], cwd=root, env=_subprocess_env(), capture_output=True,
                          text=True, timeout=60)
    assert "CODES [1, 0, 0, 0, 0] HEAVY []" in proc.stdout, proc.stdout + proc.stderr
    # what the hooks said is what they would say with every module at hand: git was asked and answered
    assert "models/net.pt: warning data-lfs" in proc.stdout, proc.stdout
    assert "requirements.txt:1: error repro-deps-pinned" in proc.stdout, proc.stdout


def test_module_entry_point_prints_and_exits_like_the_console_script(tmp_path: Path) -> None:
    write_tree(tmp_path, {"requirements.txt": LOOSE_REQS})
    proc = subprocess.run(
        [sys.executable, "-m", "mlgate.hooks", "mlgate-data-pins", "--", "requirements.txt"],
        cwd=tmp_path,
        env=_subprocess_env(),
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert proc.returncode == 1
    assert proc.stdout.startswith("requirements.txt:1: error repro-deps-pinned numpy is not pinned")


def test_gate_hook_on_push_counts_only_findings_new_against_the_remote(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from tests.conftest import git, git_repo

    root = git_repo(tmp_path / "r", {"requirements.txt": LOOSE_REQS})  # an old error finding
    pushed_before = git(root, "rev-parse", "HEAD").strip()
    write_tree(root, {"src/churn/train.py": "print('train')\n"})
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "train script")
    monkeypatch.chdir(root)
    monkeypatch.delenv("PRE_COMMIT_FROM_REF", raising=False)
    assert hooks.gate(["-q"]) == 1  # by hand: every finding counts
    monkeypatch.setenv("PRE_COMMIT_FROM_REF", pushed_before)
    assert hooks.gate(["-q"]) == 0, capsys.readouterr().out  # on push: nothing new
    monkeypatch.setenv("PRE_COMMIT_FROM_REF", "0" * 40)  # a new branch with nothing to compare with
    assert hooks.gate(["-q"]) == 1


def test_config_hook_ignores_files_mlgate_does_not_read(tmp_path: Path) -> None:
    write_tree(tmp_path, {"sub/.mlgate.yaml": "fail-on: erorr\n", "README.md": "# x\n"})
    assert hooks.check_config_files(["sub/.mlgate.yaml", "README.md"], root=tmp_path, out=print) == 0


POINTER = "version https://git-lfs.github.com/spec/v1\noid sha256:{}\nsize 3000\n"


def test_a_staged_lfs_pointer_is_not_taken_for_a_plain_blob(tmp_path: Path) -> None:
    """With git-lfs installed the index holds the pointer and the working tree the content: the hook asks
    git for the staged blob instead of reading the working tree (`mlgate check` does the same)."""
    from tests.conftest import git, git_repo

    root = git_repo(tmp_path / "r", {".gitattributes": "*.pt filter=lfs diff=lfs merge=lfs -text\n"})
    write_tree(root, {"models/net.pt": bytes(range(256)) * 12, "models/plain.pt": bytes(range(256)) * 12,
                      "pointer.txt": POINTER.format("a" * 64)})
    blob = git(root, "hash-object", "-w", "pointer.txt").strip()
    git(root, "update-index", "--add", "--cacheinfo", f"100644,{blob},models/net.pt")  # what git-lfs stages
    git(root, "add", "models/plain.pt")  # committed without git-lfs: the content itself
    _, out = run("mlgate-data-pins", root, "models/net.pt", "models/plain.pt")
    assert [line.split(" ", 3)[:3] for line in out] == [["models/plain.pt:", "warning", "data-lfs"]], out
    assert hooks.staged_lfs_pointers(root, ["models/net.pt", "models/plain.pt", "gone.pt"]) == {"models/net.pt"}


def test_outside_a_git_work_tree_the_working_tree_is_all_there_is(tmp_path: Path) -> None:
    write_tree(tmp_path, {".gitattributes": "*.pt filter=lfs\n", "net.pt": bytes(range(256))})
    _, out = run("mlgate-data-pins", tmp_path, "net.pt")
    assert [line.split(" ", 3)[2] for line in out] == ["data-lfs"]


CARD = "# Churn model\n\n## Intended use\n\nScoring monthly churn risk for retention offers.\n"


@pytest.mark.parametrize("card", ["models/MODEL_CARD.md", "models/model-card.md", "docs/model_card.md",
                                  "model_card.json"])
def test_provenance_finds_the_model_card_of_a_parent_or_docs_folder(tmp_path: Path, card: str) -> None:
    content = '{"model_details": {"name": "churn"}}\n' if card.endswith(".json") else CARD
    write_tree(tmp_path, {"models/churn/v3/model.pkl": b"\x80\x04K\x01.", card: content})
    _, out = run("mlgate-provenance", tmp_path, "models/churn/v3/model.pkl")
    assert not [line for line in out if "prov-model-card" in line], out
    (tmp_path / card).unlink()
    _, out = run("mlgate-provenance", tmp_path, "models/churn/v3/model.pkl")
    assert [line for line in out if "without a model card" in line]


def test_a_lock_file_beside_requirements_is_read_though_not_staged(tmp_path: Path) -> None:
    write_tree(tmp_path, {"requirements.txt": "numpy==1.26.4\npandas==2.2.2\n"})
    _, out = run("mlgate-data-pins", tmp_path, "requirements.txt")
    assert out and "without hashes" in out[0]
    write_tree(tmp_path, {"uv.lock": "version = 1\n"})
    assert run("mlgate-data-pins", tmp_path, "requirements.txt") == (0, [])


def test_importing_the_hooks_loads_no_analysis_machinery(tmp_path: Path) -> None:
    """Every hook pays its imports on every commit: the module itself is light, the config hook loads the
    configuration code only when it is given a configuration file, and file names alone need no argparse."""
    code = (
        "import sys\nfrom mlgate import hooks\nloaded = {m for m in sys.modules if m.startswith('mlgate')}\n"
        "hooks.config(['README.md', 'src/train.py'])\n"
        "after = {m for m in sys.modules if m.startswith('mlgate')}\n"
        "print(sorted(loaded), sorted(after - loaded), 'argparse' in sys.modules)\n"
    )
    proc = subprocess.run([sys.executable, "-c", code], cwd=tmp_path, env=_subprocess_env(),
                          capture_output=True, text=True, timeout=60)
    # file names only, as pre-commit passes them: no argparse either
    light = "['mlgate', 'mlgate.cache', 'mlgate.constants', 'mlgate.hooks', 'mlgate.records']"
    assert proc.stdout.strip() == f"{light} [] False", proc.stdout + proc.stderr


def test_only_matching_keeps_the_files_pre_commit_would_give_the_hook(tmp_path: Path) -> None:
    write_tree(tmp_path, {"requirements.txt": LOOSE_REQS, "notes/requirements.md": "numpy\n"})
    assert run("mlgate-provenance", tmp_path, "requirements.txt", only_matching=True) == (0, [])
    code, out = run("mlgate-data-pins", tmp_path, "requirements.txt", "notes/requirements.md", only_matching=True)
    assert code == 1 and out[0].startswith("requirements.txt:1: error repro-deps-pinned")


def _plain_git_hook_env(tmp_path: Path) -> dict[str, str]:
    """The hook as copied by hand from hooks/: MLGATE_PYTHON names the interpreter that has this checkout."""
    return {**_subprocess_env(), "MLGATE_PYTHON": sys.executable, "PATH": "/usr/bin:/bin:/usr/local/bin"}


def test_plain_git_hook_checks_the_staged_files(tmp_path: Path) -> None:
    from tests.conftest import git, git_repo

    root = git_repo(tmp_path / "r", {"README.md": "# churn\n"})
    env = _plain_git_hook_env(tmp_path)
    hook = [str(ROOT / "hooks" / "pre-commit")]
    quiet = subprocess.run(hook, cwd=root, env=env, capture_output=True, text=True, timeout=60)
    assert (quiet.returncode, quiet.stdout, quiet.stderr) == (0, "", "")  # nothing staged: no hook runs
    write_tree(root, {"requirements.txt": LOOSE_REQS, "src/churn/train.py": "print('train')\n"})
    git(root, "add", "-A")
    proc = subprocess.run(hook, cwd=root, env=env, capture_output=True, text=True, timeout=120)
    assert proc.returncode == 1, proc.stdout + proc.stderr
    assert proc.stdout.startswith("requirements.txt:1: error repro-deps-pinned numpy is not pinned"), proc.stdout
    assert "commit blocked" in proc.stderr


def test_a_folder_too_large_to_list_falls_back_to_the_usual_names(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(hooks, "MAX_LISTING", 5)
    shards = {f"data/shards/part-{i:03}.parquet": b"PAR1" for i in range(8)}
    write_tree(tmp_path, {**shards, "data/shards/MODEL_CARD.md": CARD, "data/shards/card-notes.md": "x\n"})
    need = hooks.provenance_context(tmp_path, ["data/shards/part-001.parquet"])
    assert "data/shards/MODEL_CARD.md" in need  # looked up by name, not listed
    assert not {p for p in need if p.startswith("data/shards/part-")} - {"data/shards/part-001.parquet"}


def test_a_hook_prints_but_never_blocks_on_a_finding_below_the_confidence_floor(tmp_path: Path) -> None:
    # the id is a parameter mlgate cannot resolve (it may be a local directory): low confidence
    write_tree(tmp_path, {"embed.py": "from transformers import AutoModel\n\n\ndef load(name: str) -> AutoModel:\n"
                                      "    return AutoModel.from_pretrained(name)\n"})
    code, out = run("mlgate-data-pins", tmp_path, "embed.py", fail_on="info")
    assert code == 0
    assert out == ["embed.py:5: warning data-hf-revision AutoModel.from_pretrained(name) may download (when its "
                   "argument "
                   "is a Hub id, not a local path) from the Hugging Face Hub without a revision, so it gets "
                   "whatever `main` points to when it runs (low confidence)"]
    write_tree(tmp_path, {".mlgate.yaml": "fail-confidence: low\n"})
    code, _ = run("mlgate-data-pins", tmp_path, "embed.py", fail_on="info")
    assert code == 1
