"""A hostile repository: mlgate finishes in bounded time, reports what it could not read as notices,
analyses everything else, and never runs the repository's code. The same repository goes through
`mlgate check` (as a git repository and as a plain directory), every pre-commit hook entry, and
`mlgate action` against the fake GitHub API."""

from __future__ import annotations

import json
import os
import random
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import git, write_tree

ROOT = Path(__file__).resolve().parents[1]
HF_LOAD = "from transformers import AutoModel\nmodel = AutoModel.from_pretrained('bert-base-uncased')\n"
BOUND_SECONDS = 30  # the whole hostile repository, on a 2-core runner
# files that would leave a marker if anything imported, ran or installed them
CODE_FILES = ("conftest.py", "setup.py", "sitecustomize.py", "src/pkg/__init__.py", "tests/test_pwn.py",
              "noxfile.py", "usercustomize.py")


def alias_bomb(leaf: str, levels: int = 9) -> str:
    """YAML anchors and aliases (indented for a mapping): tiny as text, 10**levels nodes expanded."""
    out = f"  l0: &l0 [{leaf}, x, x, x, x, x, x, x, x, x]\n"
    for i in range(1, levels + 1):
        out += f"  l{i}: &l{i} [" + ", ".join([f"*l{i - 1}"] * 10) + "]\n"
    return out


def marker_for(base: Path, code_file: str) -> Path:
    return base / ("PWNED-" + code_file.replace("/", "_"))


def hostile_files(base: Path) -> dict[str, str | bytes]:
    def payload(name: str) -> str:
        return f"open({str(marker_for(base, name))!r}, 'w').write('ran')\n"

    rng = random.Random(4)
    files: dict[str, str | bytes] = {name: payload(name) for name in CODE_FILES}
    files["setup.py"] = (payload("setup.py")
                         + "from setuptools import setup\nsetup(name='x', install_requires=['numpy>=1'])\n")
    files["tests/test_pwn.py"] = payload("tests/test_pwn.py") + "def test_x():\n    pass\n"
    files.update({
        # alias bombs in files the rules parse: a DVC pipeline, training params, a KServe manifest, a workflow
        "configs/bomb.yaml": "x:\n" + alias_bomb("x"),
        "pipelines/train/dvc.yaml": "x-anchors:\n" + alias_bomb("{cmd: python train.py, deps: [data]}")
        + "stages:\n  train: {cmd: python train.py, deps: *l9}\n",
        "configs/train/params.yaml": "x-anchors:\n" + alias_bomb("{lr: 0.1, seed: 1, dataset: latest}")
        + "train: {lr: 0.1, grid: *l9}\n",
        "deploy/kserve/inferenceservice.yaml": "apiVersion: serving.kserve.io/v1beta1\nkind: InferenceService\n"
        "metadata:\n  name: churn\n  annotations:\n" + alias_bomb("{storageUri: 's3://models/churn'}").replace(
            "  l", "    l") + "spec:\n  predictor:\n    model: {storageUri: *l9}\n",
        ".github/workflows/bomb.yml": "on: [pull_request]\nx-anchors:\n" + alias_bomb("{run: pytest}")
        + "jobs:\n  test:\n    runs-on: ubuntu-latest\n    steps: *l9\n",
        # deep nesting: YAML flow collections, and 10,000-level JSON in a model card and a provenance sidecar
        "configs/deep.yaml": "a: " + "[" * 3000 + "]" * 3000 + "\n",
        "models/churn/model_card.json": '{"model": ' * 10_000 + "1" + "}" * 10_000,
        "models/churn/model.pkl.provenance.json": "[" * 10_000 + "]" * 10_000,
        # undecodable text
        # (each holds what a rule looks for first, so that the rules do try to parse it)
        "random.py": bytes(rng.getrandbits(8) for _ in range(4096)) + HF_LOAD.encode(),
        "latin1.py": b"# caf\xe9\n" + HF_LOAD.encode(),
        "utf16.py": "import os\n".encode("utf-16"),
        "bad_utf16.py": b"\xff\xfe" + b"\x00\xd8" * 3,  # a BOM, then lone surrogates
        # notebooks that are not notebooks
        "notebooks/broken.ipynb": "{ this is not json " + json.dumps(HF_LOAD),
        "notebooks/script.ipynb": "# a notebook saved as a script\n" + HF_LOAD,
        "notebooks/list.ipynb": json.dumps([HF_LOAD]),
        "notebooks/deep.ipynb": '{"cells": [' + "[" * 10_000 + "]" * 10_000 + "], " + json.dumps(HF_LOAD) + ": 1}",
        # DVC files of the wrong shape
        "data/raw.csv.dvc": "- outs\n- 3\n",
        "dvc.yaml": "stages: [1, 2, {cmd: 3}]\n",
        # junk CODEOWNERS lines (control characters, a noncharacter, unsupported patterns, no owner)
        ".github/CODEOWNERS": "\x01\x7fjunk \ufffe\n[[[ @x\n!neg @y\n* not-an-owner\n/src/ @acme/ml\n",
        ".github/workflows/ci.yml": "on: {pull_request: {}}\njobs: [1, 2]\n",
        "Dockerfile": "FROM ${UNSET:-python:3.11-slim}\nFROM \\\n",
        "requirements.txt": "-r requirements.txt\n--hash\n===\nnumpy>=\n",
        "pyproject.toml": "[project\nname = ",
        "params.yaml": "{{ template }}: [\n",
        "caf\u00e9/mod\u00e8le.py": "import torch\n",
        # a good file among the bad: its finding must still be reported
        "serve/Dockerfile": "FROM python:latest\n",
    })
    return files


def build_hostile(base: Path) -> Path:
    root = write_tree(base / "repo", hostile_files(base))
    with open(root / "data" / "huge.parquet", "wb") as fh:  # 200 MB, sparse so it costs no disk
        fh.truncate(200 * 1024 * 1024)
    with open(root / "huge.yaml", "wb") as fh:
        fh.truncate(200 * 1024 * 1024)
    os.symlink("/etc/passwd", root / "passwd.yaml")
    os.symlink("/etc/passwd", root / "requirements-dev.txt")
    os.symlink("..", root / "parent")
    os.symlink("../..", root / "configs" / "up")
    os.symlink("loop.yaml", root / "loop.yaml")
    (root / "new\nline.py").write_text("x = 1\n")
    (root / "models" / "model\nv2.yaml").write_text("storageUri: s3://m/latest\n")
    (root / "données" / "clients_été.csv.dvc").parent.mkdir()
    (root / "données" / "clients_été.csv.dvc").write_text("outs:\n- path: clients_été.csv\n  md5: 0a1b\n")
    return root


def assert_no_marker(base: Path) -> None:
    ran = [name for name in CODE_FILES if marker_for(base, name).exists()]
    assert ran == [], f"mlgate ran code from the analysed repository: {ran}"


@dataclass
class Run:
    base: Path
    root: Path
    proc: subprocess.CompletedProcess[str]
    seconds: float
    report: dict[str, Any]

    def notices(self) -> dict[str, str]:
        return {n["path"]: n["message"] for n in self.report["notices"]}

    def findings(self, rule: str) -> list[dict[str, Any]]:
        return next(r for r in self.report["rules"] if r["id"] == rule)["findings"]


def run_check(root: Path, *extra: str) -> tuple[subprocess.CompletedProcess[str], float]:
    start = time.monotonic()
    proc = subprocess.run([sys.executable, "-m", "mlgate", "check", str(root), "--format", "json", *extra],
                          capture_output=True, text=True, timeout=120, cwd=ROOT)
    return proc, time.monotonic() - start


@pytest.fixture(scope="module")
def hostile(tmp_path_factory: pytest.TempPathFactory) -> Run:
    base = tmp_path_factory.mktemp("hostile")
    root = build_hostile(base)
    git(root, "init", "-q", "-b", "main")
    git(root, "add", "-A")
    git(root, "commit", "-qm", "hostile")
    proc, seconds = run_check(root)
    assert "Traceback" not in proc.stderr, proc.stderr
    return Run(base, root, proc, seconds, json.loads(proc.stdout))


def test_finishes_in_bound_without_errors_or_running_code(hostile: Run) -> None:
    assert hostile.proc.returncode in (0, 1), hostile.proc.stderr
    assert hostile.seconds < BOUND_SECONDS, f"{hostile.seconds:.1f} s"
    errors = [r["id"] for r in hostile.report["rules"] if r["status"] == "error"]
    assert errors == [], f"rules crashed on hostile input: {errors}"
    assert_no_marker(hostile.base)
    assert "root:" not in hostile.proc.stdout  # nothing of /etc/passwd leaks into the report


# (case, path of the notice, words the notice must hold)
NOTICE_CASES = [
    ("alias bomb in a DVC pipeline", "pipelines/train/dvc.yaml", "alias bomb"),
    ("alias bomb in training params", "configs/train/params.yaml", "alias bomb"),
    ("alias bomb in a KServe manifest", "deploy/kserve/inferenceservice.yaml", "alias bomb"),
    ("alias bomb in a workflow", ".github/workflows/bomb.yml", "alias bomb"),
    ("10,000-level JSON model card", "models/churn/model_card.json", "JSON nested too deeply"),
    ("200 MB YAML", "huge.yaml", "larger than the 2,000,000-byte limit"),
    ("random bytes as .py", "random.py", "binary content"),
    ("invalid UTF-8", "latin1.py", "not valid UTF-8"),
    ("invalid UTF-16", "bad_utf16.py", "invalid UTF-16"),
    ("notebook that is not JSON", "notebooks/broken.ipynb", "invalid JSON"),
    ("notebook saved as a script", "notebooks/script.ipynb", "invalid JSON"),
    ("notebook that is a JSON list", "notebooks/list.ipynb", "not a Jupyter notebook"),
    (".dvc file that is a list", "data/raw.csv.dvc", "not a DVC file"),
    ("dvc.yaml whose stages are a list", "dvc.yaml", "`stages` is a list"),
    ("CODEOWNERS junk owner", ".github/CODEOWNERS:1", "is not a user, team or e-mail"),
    ("CODEOWNERS unsupported pattern", ".github/CODEOWNERS:2", "not supported by GitHub"),
    ("CODEOWNERS negation", ".github/CODEOWNERS:3", "not supported by GitHub"),
    ("CODEOWNERS owner without @", ".github/CODEOWNERS:4", "is not a user, team or e-mail"),
    ("symlink to /etc/passwd (YAML)", "passwd.yaml", "outside the repository; not followed"),
    ("symlink to /etc/passwd (requirements)", "requirements-dev.txt", "outside the repository; not followed"),
    ("symlink loop", "loop.yaml", "does not resolve"),
    ("file name with a newline", "new\\nline.py", "line break; skipped"),
    ("YAML file name with a newline", "models/model\\nv2.yaml", "line break; skipped"),
    ("broken pyproject.toml", "pyproject.toml", "invalid TOML"),
    ("notebook nested 10,000 deep", "notebooks/deep.ipynb", "JSON nested too deeply"),
]


@pytest.mark.parametrize("path, words", [c[1:] for c in NOTICE_CASES], ids=[c[0] for c in NOTICE_CASES])
def test_what_cannot_be_read_is_a_notice(hostile: Run, path: str, words: str) -> None:
    notices = hostile.notices()
    assert path in notices, sorted(notices)
    assert words in notices[path]


def test_deep_sidecar_is_an_invalid_sidecar_finding(hostile: Run) -> None:
    (finding,) = [f for f in hostile.findings("prov-artifact-metadata")
                  if f["path"] == "models/churn/model.pkl.provenance.json"]
    assert "JSON nested too deeply" in finding["message"]


def test_everything_else_is_still_analysed(hostile: Run) -> None:
    digest = {(f["path"], f["line"]) for f in hostile.findings("repro-image-digest")}
    assert {("serve/Dockerfile", 1), ("Dockerfile", 1)} <= digest
    # a file read with its undecodable bytes replaced is still analysed, at the right line
    assert ("latin1.py", 3) in {(f["path"], f["line"]) for f in hostile.findings("data-hf-revision")}
    assert ("requirements.txt", 4) in {(f["path"], f["line"]) for f in hostile.findings("repro-deps-pinned")}
    # the root params.yaml (invalid YAML) and the bombed one are still model-spec files without an owner
    owners = {f["path"] for f in hostile.findings("spec-codeowners")}
    assert {"params.yaml", "configs/train/params.yaml"} <= owners
    # the 200 MB parquet is judged by its size, never read
    assert any(f["path"] == "data/huge.parquet" for f in hostile.findings("data-lfs"))


def test_the_readable_dvc_file_with_a_non_ascii_name_is_judged(hostile: Run) -> None:
    rule = next(r for r in hostile.report["rules"] if r["id"] == "data-dvc-pinned")
    assert rule["status"] == "pass" and "données/clients_été.csv.dvc" in rule["evidence"]


def test_only_unreadable_dvc_files_make_the_dvc_rule_unknown_not_fail(tmp_path: Path) -> None:
    from tests.conftest import run_rule

    root = write_tree(tmp_path / "r", {".dvc/config": "[core]\n    remote = s3\n", "data/raw.csv.dvc": "- outs\n",
                                       "dvc.yaml": "x-a:\n" + alias_bomb("x") + "stages: {train: {cmd: *l9}}\n"})
    result = run_rule(root, "data-dvc-pinned")
    assert result.status.value == "unknown" and "could not be read" in result.summary


def test_symlinks_to_parent_directories_are_never_walked(hostile: Run) -> None:
    paths = {n["path"] for n in hostile.report["notices"]} | {
        f["path"] for r in hostile.report["rules"] for f in r["findings"]}
    assert not any(p.startswith(("parent/", "configs/up/")) for p in paths)


def test_as_a_plain_directory(hostile: Run, tmp_path: Path) -> None:
    plain = tmp_path / "plain"
    subprocess.run(["cp", "-a", str(hostile.root), str(plain)], check=True)
    subprocess.run(["rm", "-rf", str(plain / ".git")], check=True)
    proc, seconds = run_check(plain)
    assert "Traceback" not in proc.stderr and proc.returncode in (0, 1), proc.stderr
    assert seconds < BOUND_SECONDS
    assert_no_marker(hostile.base)
    report = json.loads(proc.stdout)
    assert [r["id"] for r in report["rules"] if r["status"] == "error"] == []
    notices = {n["path"]: n["message"] for n in report["notices"]}
    assert "alias bomb" in notices["pipelines/train/dvc.yaml"]
    assert "line break" in notices["new\\nline.py"]
    paths = {f["path"] for r in report["rules"] for f in r["findings"]}
    assert ("serve/Dockerfile" in paths) and not any(p.startswith("parent/") for p in paths)


HOOK_IDS = ["mlgate-data-pins", "mlgate-provenance", "mlgate-model-spec", "mlgate-rollout", "mlgate-config"]


@pytest.mark.parametrize("hook", HOOK_IDS)
def test_hooks_over_every_hostile_file(hostile: Run, hook: str) -> None:
    files = sorted(git(hostile.root, "ls-files", "-z").split("\0"))
    files = [f for f in files if f]
    start = time.monotonic()
    proc = subprocess.run([sys.executable, "-m", "mlgate.hooks", hook, "--", *files], cwd=hostile.root,
                          capture_output=True, text=True, timeout=120,
                          env={**os.environ, "PYTHONPATH": str(ROOT)})
    assert time.monotonic() - start < BOUND_SECONDS
    assert "Traceback" not in proc.stderr, proc.stderr
    assert proc.returncode in (0, 1), proc.stdout + proc.stderr
    assert "root:" not in proc.stdout
    assert_no_marker(hostile.base)
    if hook == "mlgate-data-pins":
        assert "serve/Dockerfile:1: warning repro-image-digest" in proc.stdout, proc.stdout


def test_gate_hook_over_the_hostile_repository(hostile: Run) -> None:
    proc = subprocess.run([sys.executable, "-m", "mlgate.hooks", "mlgate", "-q"], cwd=hostile.root,
                          capture_output=True, text=True, timeout=120,
                          env={**os.environ, "PYTHONPATH": str(ROOT), "PRE_COMMIT_FROM_REF": ""})
    assert "Traceback" not in proc.stderr and proc.returncode in (0, 1), proc.stderr
    assert_no_marker(hostile.base)


def test_action_over_the_hostile_repository(tmp_path_factory: pytest.TempPathFactory) -> None:
    """A pull request that adds the hostile files, through `mlgate action` and the fake API."""
    from tests.github_fake import FakeGitHub

    base = tmp_path_factory.mktemp("hostile-action")
    root = base / "repo"
    write_tree(root, {"README.md": "# churn\n"})
    git(root, "init", "-q", "-b", "main")
    git(root, "add", "-A")
    git(root, "commit", "-qm", "base")
    base_sha = git(root, "rev-parse", "HEAD").strip()
    build_hostile(base)
    git(root, "add", "-A")
    git(root, "commit", "-qm", "hostile")
    head_sha = git(root, "rev-parse", "HEAD").strip()
    fake = FakeGitHub().start()
    try:
        fake.files = [{"filename": "serve/Dockerfile", "status": "added",
                       "patch": "@@ -0,0 +1 @@\n+FROM python:latest"},
                      {"filename": "new\nline.py", "status": "added", "patch": "@@ -0,0 +1 @@\n+x = 1"}]
        event = {"action": "opened", "number": fake.number, "pull_request": {
            "number": fake.number,
            "head": {"sha": head_sha, "ref": "feature", "repo": {"full_name": fake.repo}},
            "base": {"sha": base_sha, "ref": "main", "repo": {"full_name": fake.repo}}}}
        (base / "event.json").write_text(json.dumps(event))
        fake.pull = event["pull_request"]
        token = "ghs_H0stileT0kenValue1234567890abcdef"
        env = {"PATH": os.environ["PATH"], "HOME": str(base), "PYTHONPATH": str(ROOT),
               "GITHUB_ACTIONS": "true", "GITHUB_EVENT_NAME": "pull_request",
               "GITHUB_EVENT_PATH": str(base / "event.json"), "GITHUB_REPOSITORY": fake.repo,
               "GITHUB_SHA": head_sha, "GITHUB_WORKSPACE": str(root), "GITHUB_API_URL": fake.url,
               "GITHUB_RUN_ID": "1", "GITHUB_OUTPUT": str(base / "out.txt"),
               "GITHUB_STEP_SUMMARY": str(base / "summary.md"), "INPUT_TOKEN": token,
               "MLGATE_API_RETRIES": "1", "MLGATE_API_TIMEOUT": "5", "MLGATE_API_PACE": "0",
               "MLGATE_API_WRITE_PACE": "0"}
        start = time.monotonic()
        proc = subprocess.run([sys.executable, "-m", "mlgate", "action"], cwd=root, env=env,
                              capture_output=True, text=True, timeout=120)
        assert time.monotonic() - start < BOUND_SECONDS
    finally:
        fake.stop()
    assert "Traceback" not in proc.stderr and proc.returncode in (0, 1), proc.stdout + proc.stderr
    assert_no_marker(base)
    report = json.loads((root / "mlgate-report.json").read_text())
    assert [r["id"] for r in report["rules"] if r["status"] == "error"] == []
    assert len(fake.comments) == 1 and "serve/Dockerfile" in fake.comments[0]["body"]
    assert "serve/Dockerfile" in (base / "summary.md").read_text()
    for text in (proc.stdout, proc.stderr, (base / "summary.md").read_text(), json.dumps(report),
                 fake.comments[0]["body"]):
        assert token not in text and "root:x:" not in text


@pytest.mark.parametrize("name", [".mlgate.yaml", "pyproject.toml"])
def test_configuration_symlinked_out_of_the_repository_is_not_read(tmp_path: Path, name: str) -> None:
    from mlgate import hooks
    from mlgate.config import ConfigError, load_config

    secret = tmp_path / "outside.toml"
    secret.write_text("[tool.mlgate]\nfail-on = 'root:x:0:0'\n")
    root = tmp_path / "repo"
    root.mkdir()
    os.symlink(secret, root / name)
    if name == "pyproject.toml":  # a project file, not mlgate's: one out of the repository is ignored
        assert load_config(root).fail_on == "error"
    else:
        with pytest.raises(ConfigError, match="outside the repository"):
            load_config(root)
    lines: list[str] = []
    assert hooks.check_config_files([name], root=root, out=lines.append) == hooks.EXIT_FINDINGS
    assert lines == [f"{name}: a symbolic link to a place outside the repository; not read"]


def test_huge_configuration_is_refused_without_reading_it_whole(tmp_path: Path) -> None:
    from mlgate.config import ConfigError, load_config

    with open(tmp_path / ".mlgate.yaml", "wb") as fh:
        fh.truncate(200 * 1024 * 1024)
    with pytest.raises(ConfigError, match="too large"):
        load_config(tmp_path)


@pytest.mark.parametrize("module", ["mlgate", "mlgate.hooks"])
def test_python_dash_m_never_imports_modules_of_the_analysed_repository(tmp_path: Path, module: str) -> None:
    """`python -m` puts the current directory first on sys.path: a repository file named like a module
    mlgate imports later (a library, or a standard module not yet loaded) must not be imported."""
    marker = tmp_path / "SHADOWED"
    repo = tmp_path / "repo"
    repo.mkdir()
    payload = f"open({str(marker)!r}, 'a').write(__name__ + '\\n')\n"
    for name in ("pathspec", "jsonschema", "git", "random", "tempfile", "tomllib", "difflib", "tokenize",
                 "inspect"):
        (repo / f"{name}.py").write_text(payload)
    (repo / "Dockerfile").write_text("FROM python:latest\n")
    args = ["check", "."] if module == "mlgate" else ["mlgate-data-pins", "--", "Dockerfile"]
    proc = subprocess.run([sys.executable, "-m", module, *args], cwd=repo, capture_output=True, text=True,
                          timeout=120, env={**os.environ, "PYTHONPATH": str(ROOT)})
    assert proc.returncode in (0, 1), proc.stdout + proc.stderr  # the hook's warning does not block
    assert "repro-image-digest" in proc.stdout and "Traceback" not in proc.stderr
    assert not marker.exists(), marker.read_text()
