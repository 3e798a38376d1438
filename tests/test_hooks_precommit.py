"""The real pre-commit framework running mlgate's hooks: `pre-commit try-repo <this repository>` in
a temporary git repository with staged files, a passing and a failing commit, every hook id.

`try-repo` builds a fresh environment (virtualenv + `pip install .`) on every call: it keeps its
store in a temporary directory and ignores PRE_COMMIT_HOME. So each call here runs *all* the
hooks of the manifest at once (`try-repo REPO` without a hook id, `--hook-stage manual` so that
the pre-push `mlgate` hook runs too), and the assertions read each hook's own verdict, exit code
and output from pre-commit's verbose report. Two environment builds instead of twelve.

The repository is snapshotted (tracked and untracked, not ignored) into a commit of its own, so
what is tested is the working tree as it is, committed or not.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from mlgate.rules import ALL_RULES
from tests.conftest import git, write_tree

ROOT = Path(__file__).resolve().parents[1]
HOOK_IDS = (
    "mlgate-data-pins",
    "mlgate-provenance",
    "mlgate-model-spec",
    "mlgate-rollout",
    "mlgate-config",
    "mlgate",
)

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="needs git")

HASHED = "--hash=sha256:" + "0" * 64
PASSING: dict[str, str | bytes] = {
    ".mlgate.yaml": "fail-on: error\nrules:\n  spec-codeowners: error\n",
    ".github/CODEOWNERS": "/configs/model/ @acme/ml-reviewers\n",
    "configs/model/gbm.yaml": "model:\n  name: gbm\n  learning_rate: 0.05\n",
    "requirements.txt": f"numpy==1.26.4 \\\n    {HASHED}\npandas==2.2.2 \\\n    {HASHED}\n",
    "Dockerfile": "FROM python:3.11-slim@sha256:" + "1" * 64 + "\nCOPY . /app\n",
    "tests/test_config.py": "import yaml\n\n\ndef test_model_config_loads():\n"
    "    assert yaml.safe_load(open('configs/model/gbm.yaml'))['model']['name'] == 'gbm'\n",
    ".github/workflows/ci.yml": "name: ci\non:\n  pull_request:\njobs:\n  test:\n    runs-on: ubuntu-latest\n"
    "    steps:\n      - uses: actions/checkout@v4\n      - run: pip install -r "
    "requirements.txt pytest\n      - run: pytest -q\n",
}
FAILING: dict[str, str | bytes] = {
    ".mlgate.yaml": "fail-on: error\nrules:\n  spec-codeowners: error\n  prov-artifact-metadata: error\n"
    "  prov-model-card: error\n  rollout-rollback: error\n  prov-immutable-model-ref: error\n",
    ".github/CODEOWNERS": "/src/ @acme/platform\n",
    "configs/model/gbm.yaml": "model:\n  name: gbm\n  learning_rate: 0.05\n",
    "requirements.txt": "numpy>=1.26\npandas==2.2.2\n",
    "pyproject.toml": '[project]\nname = "churn"\nversion = "0.3.0"\n\n'
    '[tool.mlgate]\nfail-on = "sometimes"\n',
    "models/churn-gbm.pkl": b"\x80\x04\x95\x00\x00\x00binary model\x00",
    "deploy/serving.yaml": (
        "apiVersion: serving.kserve.io/v1beta1\nkind: InferenceService\nmetadata:\n  name: churn\nspec:\n"
        "  predictor:\n    model:\n      modelFormat:\n        name: sklearn\n"
        "      storageUri: s3://acme-models/churn/latest/\n"
    ),
}


@pytest.fixture(scope="session")
def snapshot(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """This repository's working tree as one commit of a throwaway repository."""
    dest = tmp_path_factory.mktemp("mlgate-snapshot")
    listed = (
        subprocess.run(
            ["git", "ls-files", "-z", "-co", "--exclude-standard"], cwd=ROOT, check=True, capture_output=True
        )
        .stdout.decode()
        .split("\0")
    )
    for rel in listed:
        if not rel or rel.startswith("tests/") or not (ROOT / rel).is_file():
            continue
        (dest / rel).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(ROOT / rel, dest / rel)
    git(dest, "init", "-q", "-b", "main")
    git(dest, "add", "-A")
    git(dest, "commit", "-q", "-m", "snapshot")
    return dest


def _hook_reports(output: str) -> dict[str, dict[str, str]]:
    """hook id -> {status, exit code, output} from `pre-commit run --verbose`."""
    reports: dict[str, dict[str, str]] = {}
    blocks = re.split(
        r"^(?=\S.*?\.{3,}(?:\(no files to check\))?(?:Passed|Failed|Skipped)\s*$)", output, flags=re.M
    )
    for block in blocks:
        head = re.match(r"^\S.*?\.{3,}(?:\(no files to check\))?(Passed|Failed|Skipped)\s*$", block, re.M)
        hook = re.search(r"^- hook id: (\S+)$", block, re.M)
        if not head or not hook:
            continue
        code = re.search(r"^- exit code: (\d+)$", block, re.M)
        body = block.split("\n\n", 1)[1] if "\n\n" in block else ""
        reports[hook.group(1)] = {
            "status": head.group(1),
            "exit": code.group(1) if code else "0",
            "output": body,
        }
    return reports


def _try_repo(
    snapshot: Path, work: Path, files: dict[str, str | bytes]
) -> tuple[int, dict[str, dict[str, str]], str]:
    write_tree(work, files)
    git(work, "init", "-q", "-b", "main")
    git(work, "add", "-A")
    env = {
        **os.environ,
        "PRE_COMMIT_COLOR": "never",
        "PRE_COMMIT_HOME": str(work.parent / "pre-commit-home"),
        "GIT_AUTHOR_NAME": "t",
        "GIT_AUTHOR_EMAIL": "t@example.com",
        "GIT_COMMITTER_NAME": "t",
        "GIT_COMMITTER_EMAIL": "t@example.com",
        "PIP_DISABLE_PIP_VERSION_CHECK": "1",
    }
    env.pop("PYTHONPATH", None)
    proc = subprocess.run(
        [
            sys.executable,
            "-m",
            "pre_commit",
            "try-repo",
            str(snapshot),
            "--verbose",
            "--hook-stage",
            "manual",
        ],
        cwd=work,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )
    output = proc.stdout + proc.stderr
    return proc.returncode, _hook_reports(output), output


def _implemented(hook_rules: tuple[str, ...]) -> bool:
    return any(r in ALL_RULES for r in hook_rules)


def test_manifest_hook_ids_are_the_ones_tested() -> None:
    manifest = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text())
    assert tuple(h["id"] for h in manifest) == HOOK_IDS


def test_try_repo_passing_commit(snapshot: Path, tmp_path: Path) -> None:
    code, reports, output = _try_repo(snapshot, tmp_path / "work", PASSING)
    assert code == 0, output
    assert set(reports) == set(HOOK_IDS), output
    for hook_id in ("mlgate-data-pins", "mlgate-model-spec", "mlgate-config", "mlgate", "mlgate-rollout"):
        assert reports[hook_id]["status"] == "Passed", output
        assert reports[hook_id]["exit"] == "0"
    assert reports["mlgate-provenance"]["status"] == "Skipped"  # no artifact, sidecar or model card staged
    for hook_id in ("mlgate-data-pins", "mlgate-model-spec", "mlgate-config", "mlgate-rollout"):
        assert reports[hook_id]["output"].strip() == "", output  # a passing file hook says nothing
    assert "Gate PASSED" in reports["mlgate"]["output"]


def test_try_repo_failing_commit(snapshot: Path, tmp_path: Path) -> None:
    from mlgate.hooks import HOOKS

    code, reports, output = _try_repo(snapshot, tmp_path / "work", FAILING)
    assert code == 1, output
    assert set(reports) == set(HOOK_IDS), output

    data = reports["mlgate-data-pins"]
    assert (data["status"], data["exit"]) == ("Failed", "1"), output
    assert "requirements.txt:1: error repro-deps-pinned numpy is not pinned to an exact version" in data["output"]
    assert "mlgate-data-pins: 1 finding at or above fail-on (error)" in data["output"]

    spec = reports["mlgate-model-spec"]
    assert (spec["status"], spec["exit"]) == ("Failed", "1"), output
    assert (
        "configs/model/gbm.yaml: error spec-codeowners 1 model-spec file in configs/model/ (gbm.yaml) has no code "
        "owner in .github/CODEOWNERS"
    ) in spec["output"]

    config = reports["mlgate-config"]
    assert (config["status"], config["exit"]) == ("Failed", "1"), output
    assert (
        "pyproject.toml:6: 'sometimes' is not valid for fail-on; use one of error, warning"
        in config["output"]
    )

    gate = reports["mlgate"]
    assert (gate["status"], gate["exit"]) == ("Failed", "1"), output
    assert "repro-deps-pinned" in gate["output"] and "Gate FAILED" in gate["output"], gate["output"]

    # provenance and rollout: their rules come from other areas; while none of them is implemented
    # the hooks have nothing to judge and pass; once one is, the staged artifact / manifest fails.
    for hook_id in ("mlgate-provenance", "mlgate-rollout"):
        report = reports[hook_id]
        if _implemented(HOOKS[hook_id].rules):
            assert (report["status"], report["exit"]) == ("Failed", "1"), output
            assert any(
                re.search(rf"^\S+(:\d+)?: (error|warning|info) {rid} ", report["output"], re.M)
                for rid in HOOKS[hook_id].rules
            )
        else:
            assert report["status"] == "Passed", output
