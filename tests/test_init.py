"""`mlgate init`: starter files tuned to the repository, existing files kept byte for byte,
idempotent; `--git-hooks` installs the plain hooks and refuses to clobber others; the plain hooks
really block a bad commit."""

from __future__ import annotations

import difflib
import os
import shlex
import stat
import subprocess
import sys
from pathlib import Path

import pytest
from pre_commit.clientlib import load_config as precommit_load_config
from ruamel.yaml import YAML

from mlgate.cli import main
from mlgate.config import load_config
from tests.conftest import git, git_repo

ROOT = Path(__file__).resolve().parents[1]

ML_REPO: dict[str, str | bytes] = {
    "params.yaml": "train:\n  lr: 0.01\n",
    "configs/model/gbm.yaml": "model:\n  n_estimators: 400\n",
    "configs/model/mlp.yaml": "model:\n  hidden: [128, 64]\n",
    "src/churn/features/build.py": "import pandas as pd\n\ndef add_tenure(df):\n    return df\n",
    "src/churn/train.py": "from sklearn.ensemble import GradientBoostingClassifier\n",
    "deploy/k8s/serving.yaml": "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: churn\n",
    "tests/test_features.py": "def test_ok():\n    assert True\n",
    "examples/demo.py": "print('demo')\n",
}

# A real team's config: comments everywhere, 4-space list style, a `ci:` section after `repos:`.
EXISTING_PRECOMMIT = """\
# Hooks for the churn model repository.
# Run `pre-commit install` once after cloning.
default_language_version:
    python: python3.11

repos:
-   repo: https://github.com/pre-commit/pre-commit-hooks
    rev: v4.6.0   # keep in sync with CI
    hooks:
    -   id: trailing-whitespace
    -   id: check-yaml
        args: [--allow-multiple-documents]
    # -   id: check-added-large-files   (models are in DVC)
-   repo: https://github.com/astral-sh/ruff-pre-commit
    rev: v0.4.4
    hooks:
    -   id: ruff
        args: [--fix]

# pre-commit.ci settings
ci:
    autoupdate_schedule: monthly   # less noise
"""


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def _snapshot(root: Path) -> dict[str, bytes]:
    return {
        str(p.relative_to(root)): p.read_bytes()
        for p in sorted(root.rglob("*"))
        if p.is_file() and ".git" not in p.relative_to(root).parts
    }


def test_init_writes_tuned_config_workflow_and_precommit(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = git_repo(tmp_path / "r", ML_REPO)
    code, out, err = run(capsys, "init", str(root))
    assert code == 0, err
    assert ".mlgate.yaml: written" in out and ".pre-commit-config.yaml: written" in out

    text = (root / ".mlgate.yaml").read_text()
    assert text.startswith("# mlgate configuration")
    config = load_config(root)  # the generated file is a valid configuration
    assert config.model_spec == ("params.yaml", "configs/model/*.yaml", "src/churn/train.py")
    assert config.features == ("src/churn/features/build.py",)
    assert config.deploy == ("deploy/k8s/serving.yaml",)
    assert '# exclude: ["examples/**"]' in text

    workflow = YAML(typ="safe").load((root / ".github/workflows/mlgate.yml").read_text())
    assert workflow["permissions"] == {"contents": "read", "pull-requests": "write", "statuses": "write"}
    on = workflow.get("on", workflow.get(True))
    assert "pull_request" in on and on["push"] == {"branches": ["main"]}
    checkout, action = workflow["jobs"]["mlgate"]["steps"]
    assert checkout == {"uses": "actions/checkout@v4", "with": {"fetch-depth": 0}}
    assert action["uses"] == "mlgate/mlgate@v0.1.0"  # the same release as the hooks' rev

    cfg = precommit_load_config(str(root / ".pre-commit-config.yaml"))
    (repo,) = cfg["repos"]
    assert repo["repo"] == "https://github.com/mlgate/mlgate"
    assert [h["id"] for h in repo["hooks"]] == [
        "mlgate-data-pins",
        "mlgate-provenance",
        "mlgate-model-spec",
        "mlgate-rollout",
        "mlgate-config",
        "mlgate",
    ]


def test_init_appends_one_block_and_keeps_every_existing_byte(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = git_repo(tmp_path / "r", {**ML_REPO, ".pre-commit-config.yaml": EXISTING_PRECOMMIT})
    code, out, err = run(capsys, "init", str(root))
    assert code == 0, err
    assert ".pre-commit-config.yaml: mlgate's hooks added" in out
    after = (root / ".pre-commit-config.yaml").read_text()

    diff = list(difflib.ndiff(EXISTING_PRECOMMIT.splitlines(keepends=True), after.splitlines(keepends=True)))
    assert not [d for d in diff if d.startswith("- ")], "an existing line was changed or removed"
    added = [d[2:] for d in diff if d.startswith("+ ")]
    assert "".join(added) == (
        "-   repo: https://github.com/mlgate/mlgate\n"
        "    rev: v0.1.0\n"
        "    hooks:\n"
        "    -   id: mlgate-data-pins\n"
        "    -   id: mlgate-provenance\n"
        "    -   id: mlgate-model-spec\n"
        "    -   id: mlgate-rollout\n"
        "    -   id: mlgate-config\n"
        "    # the whole gate, on `git push` (pre-commit install --hook-type pre-push)\n"
        "    -   id: mlgate\n"
    )
    # the block sits at the end of `repos:`, before the comment and the `ci:` section
    start = after.index("-   repo: https://github.com/mlgate/mlgate")
    assert after[:start] == EXISTING_PRECOMMIT[:start]
    assert after[start:].endswith(EXISTING_PRECOMMIT[start:])

    cfg = precommit_load_config(str(root / ".pre-commit-config.yaml"))  # pre-commit itself accepts it
    assert [r["repo"] for r in cfg["repos"]][-1] == "https://github.com/mlgate/mlgate"
    assert cfg["ci"] == {"autoupdate_schedule": "monthly"}


def test_init_twice_changes_nothing(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    root = git_repo(tmp_path / "r", {**ML_REPO, ".pre-commit-config.yaml": EXISTING_PRECOMMIT})
    assert run(capsys, "init", str(root))[0] == 0
    first = _snapshot(root)
    code, out, _ = run(capsys, "init", str(root))
    assert code == 0
    assert _snapshot(root) == first
    assert out.splitlines() == [
        ".mlgate.yaml: kept as it is",
        ".github/workflows/mlgate.yml: kept as it is",
        ".pre-commit-config.yaml: already has mlgate's hooks",
    ]


def test_init_keeps_crlf_and_a_file_without_final_newline(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    original = (
        "repos:\r\n  - repo: https://github.com/psf/black\r\n    rev: 24.4.2\r\n"
        "    hooks:\r\n      - id: black"
    )
    root = git_repo(tmp_path / "r", {"params.yaml": "lr: 1\n"})
    (root / ".pre-commit-config.yaml").write_bytes(original.encode())
    assert run(capsys, "init", str(root))[0] == 0
    after = (root / ".pre-commit-config.yaml").read_bytes().decode()
    assert after.startswith(
        original + "\r\n  - repo: https://github.com/mlgate/mlgate\r\n    rev: v0.1.0\r\n"
    )
    assert "\r\n      - id: mlgate-data-pins\r\n" in after
    assert "\n" not in after.replace("\r\n", "")
    precommit_load_config(str(root / ".pre-commit-config.yaml"))


def test_init_keeps_an_existing_mlgate_config(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    root = git_repo(tmp_path / "r", {**ML_REPO, ".mlgate.yaml": "# ours\nfail-on: warning\n"})
    assert run(capsys, "init", str(root))[0] == 0
    assert (root / ".mlgate.yaml").read_text() == "# ours\nfail-on: warning\n"


@pytest.mark.parametrize("text", ["repos: []\n", "repos:\n", "# ours\nrepos: [{repo: https://github.com/psf/black, "
                                  "rev: 24.3.0, hooks: [{id: black}]}]  # formatter\n"])
def test_init_adds_to_an_inline_empty_or_null_repos_list(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                                         text: str) -> None:
    root = git_repo(tmp_path / "r", {".pre-commit-config.yaml": text})
    code, out, err = run(capsys, "init", str(root))
    assert code == 0, err
    assert (".pre-commit-config.yaml: mlgate's hooks added (checked with pre-commit's own schema); then run "
            "`pre-commit install` and `pre-commit install --hook-type pre-push`") in out
    written = (root / ".pre-commit-config.yaml").read_text()
    cfg = precommit_load_config(str(root / ".pre-commit-config.yaml"))
    ours = cfg["repos"][-1]
    assert (ours["repo"], ours["rev"]) == ("https://github.com/mlgate/mlgate", "v0.1.0")
    assert [h["id"] for h in ours["hooks"]][-1] == "mlgate"
    if "black" in text:
        assert cfg["repos"][0]["repo"] == "https://github.com/psf/black"
        assert written.startswith("# ours\n") and "# formatter" in written
    assert run(capsys, "init", str(root))[0] == 0  # twice: nothing changes
    assert (root / ".pre-commit-config.yaml").read_text() == written


def test_init_says_when_pre_commit_cannot_check_what_it_wrote(
        tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    import sys

    root = git_repo(tmp_path / "r", ML_REPO)
    monkeypatch.setitem(sys.modules, "pre_commit.clientlib", None)  # as if pre-commit were not installed
    code, out, _ = run(capsys, "init", str(root))
    assert code == 0
    assert (".pre-commit-config.yaml: written (not checked: pre-commit is not installed here (pip install "
            "pre-commit; then `pre-commit validate-config` checks it)); then run `pre-commit install` and "
            "`pre-commit install --hook-type pre-push`") in out


def test_workflow_and_hooks_name_the_same_release(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from mlgate import __version__

    root = git_repo(tmp_path / "r", ML_REPO)
    run(capsys, "init", str(root))
    workflow = YAML(typ="safe").load((root / ".github/workflows/mlgate.yml").read_text())
    uses = [s["uses"] for s in workflow["jobs"]["mlgate"]["steps"] if "mlgate/mlgate" in s["uses"]]
    (repo,) = precommit_load_config(str(root / ".pre-commit-config.yaml"))["repos"]
    assert uses == [f"mlgate/mlgate@{repo['rev']}"] and repo["rev"] == f"v{__version__}"


# ---------------------------------------------------------------------- plain git hooks
def test_shipped_git_hooks_are_the_ones_in_hooks_folder() -> None:
    for name in ("pre-commit", "pre-push"):
        assert (ROOT / "hooks" / name).read_bytes() == (ROOT / "mlgate" / "githooks" / name).read_bytes()
        assert os.access(ROOT / "hooks" / name, os.X_OK)


def test_git_hooks_install_refuse_and_force(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    root = git_repo(tmp_path / "r", {"params.yaml": "lr: 1\n"})
    code, _, _ = run(capsys, "init", str(root), "--git-hooks")
    assert code == 0
    for name in ("pre-commit", "pre-push"):
        target = root / ".git" / "hooks" / name
        # the shipped hook, with the interpreter that has mlgate recorded at install time
        shipped = (ROOT / "hooks" / name).read_text()
        assert target.read_text() == shipped.replace('MLGATE_PYTHON="${MLGATE_PYTHON:-}"',
                                                     f"MLGATE_PYTHON={shlex.quote(sys.executable)}")
        assert f"\nMLGATE_PYTHON={shlex.quote(sys.executable)}\n" in target.read_text()
        assert target.stat().st_mode & stat.S_IXUSR
    assert run(capsys, "init", str(root), "--git-hooks")[1].count("already installed") == 2

    (root / ".git/hooks/pre-commit").write_text("#!/bin/sh\nexec lint-staged\n")
    code, _, err = run(capsys, "init", str(root), "--git-hooks")
    assert code == 2 and "is a different hook" in err
    assert (root / ".git/hooks/pre-commit").read_text() == "#!/bin/sh\nexec lint-staged\n"
    assert run(capsys, "init", str(root), "--git-hooks", "--force")[0] == 0
    assert (root / ".git/hooks/pre-commit").read_text().startswith((ROOT / "hooks/pre-commit").read_text()[:200])
    assert "exec lint-staged" not in (root / ".git/hooks/pre-commit").read_text()


def test_git_hooks_outside_a_repository_is_exit_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys, "init", str(tmp_path), "--git-hooks")
    assert code == 2 and "not inside a git work tree" in err


def _shims(bin_dir: Path) -> dict[str, str]:
    """Console scripts as pip would install them, running this checkout's mlgate."""
    bin_dir.mkdir()
    scripts = {
        f"mlgate-hook-{h}": f"-m mlgate.hooks mlgate-{h}"
        for h in ("data-pins", "provenance", "model-spec", "rollout", "config")
    }
    scripts["mlgate"] = "-m mlgate"
    for name, args in scripts.items():
        (bin_dir / name).write_text(f'#!/bin/sh\nexec "{sys.executable}" {args} "$@"\n')
        (bin_dir / name).chmod(0o755)
    return {
        "PATH": f"{bin_dir}:/usr/bin:/bin",
        "PYTHONPATH": str(ROOT),
        "HOME": str(bin_dir),
        "GIT_AUTHOR_NAME": "t",
        "GIT_AUTHOR_EMAIL": "t@example.com",
        "GIT_COMMITTER_NAME": "t",
        "GIT_COMMITTER_EMAIL": "t@example.com",
    }


def test_plain_pre_commit_hook_blocks_a_bad_commit_and_lets_a_good_one_through(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = git_repo(tmp_path / "r", {"README.md": "# churn\n"})
    assert run(capsys, "init", str(root), "--git-hooks")[0] == 0
    env = _shims(tmp_path / "bin")
    (root / "requirements.txt").write_text("numpy>=1.26\n")
    (root / "my data.yaml").write_text("a: 1\n")  # a name with a space travels safely through -z / xargs -0
    git(root, "add", "requirements.txt", "my data.yaml")
    bad = subprocess.run(
        ["git", "commit", "-m", "add deps"], cwd=root, env=env, capture_output=True, text=True
    )
    assert bad.returncode == 1
    # git shows a hook's standard output on its standard error
    assert "requirements.txt:1: error repro-deps-pinned numpy is not pinned to an exact version" in bad.stderr
    assert "mlgate: commit blocked" in bad.stderr

    (root / "requirements.txt").write_text("numpy==1.26.4 --hash=sha256:" + "c" * 64 + "\n")
    git(root, "add", "requirements.txt")
    good = subprocess.run(
        ["git", "commit", "-m", "pin deps"], cwd=root, env=env, capture_output=True, text=True
    )
    assert good.returncode == 0, good.stdout + good.stderr


def test_plain_pre_push_hook_runs_the_gate(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    root = git_repo(tmp_path / "r", {"requirements.txt": "numpy>=1.26\n"})
    assert run(capsys, "init", str(root), "--git-hooks")[0] == 0
    env = _shims(tmp_path / "bin")
    hook = root / ".git/hooks/pre-push"
    proc = subprocess.run(
        [str(hook), "origin", "git@example.com:acme/churn.git"],
        cwd=root,
        env=env,
        input="",
        capture_output=True,
        text=True,
    )
    assert proc.returncode == 1
    assert "repro-deps-pinned" in proc.stdout and "Gate FAILED" in proc.stdout


@pytest.mark.parametrize("files", [{"README.md": "# notes\n"}, {"examples/a.py": "print(1)\n"}])
def test_init_config_is_valid_when_nothing_is_found(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], files: dict[str, str | bytes]
) -> None:
    root = git_repo(tmp_path / "r", files)
    assert run(capsys, "init", str(root))[0] == 0
    assert load_config(root).exclude == ()


def test_init_paths_match_what_was_found_and_nothing_more(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = git_repo(
        tmp_path / "r",
        {
            "src/train.py": "import torch\n",
            "src/utils.py": "import os\n",
            "src/featurization.py": "import pandas\n",
            "configs/model/a.yaml": "lr: 1\n",
            "configs/model/b.yaml": "lr: 2\n",
            "configs/train/[wip].yaml": "lr: 3\n",
        },
    )
    assert run(capsys, "init", str(root))[0] == 0
    config = load_config(root)
    assert config.model_spec == ("configs/model/*.yaml", "configs/train/\\[wip\\].yaml", "src/train.py")
    assert config.features == ("src/featurization.py",)
    from mlgate.patterns import PathSet

    assert PathSet(config.model_spec).filter(
        ["src/utils.py", "configs/train/[wip].yaml", "configs/train/w.yaml"]
    ) == ["configs/train/[wip].yaml"]


def test_init_keeps_a_commented_out_hook_with_its_repo(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    original = (
        "repos:\n"
        "  - repo: https://github.com/pre-commit/mirrors-mypy\n"
        "    rev: v1.10.0\n"
        "    hooks:\n"
        "      - id: mypy\n"
        "      # - id: mypy-strict   (too slow for now)\n"
        "\n"
        "# CI\n"
        "ci:\n"
        "  skip: [mypy]\n"
    )
    root = git_repo(tmp_path / "r", {".pre-commit-config.yaml": original})
    assert run(capsys, "init", str(root))[0] == 0
    after = (root / ".pre-commit-config.yaml").read_text()
    head = original.split("\n\n# CI")[0] + "\n"
    assert after.startswith(head + "  - repo: https://github.com/mlgate/mlgate\n")
    assert after.endswith("      - id: mlgate\n\n# CI\nci:\n  skip: [mypy]\n")
    assert precommit_load_config(str(root / ".pre-commit-config.yaml"))["ci"] == {"skip": ["mypy"]}


def test_init_on_a_precommit_config_with_a_reused_anchor_says_pre_commits_verdict_in_one_line(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    import warnings

    root = git_repo(tmp_path / "r", {".pre-commit-config.yaml": "x: &a 1\ny: &a 2\nrepos: []\n"})
    with warnings.catch_warnings(record=True) as seen:
        warnings.simplefilter("always")
        code, out, err = run(capsys, "init", str(root))
    assert code == 0, err
    assert not [str(w.message) for w in seen]  # ruamel's ReusedAnchorWarning is not printed at the user
    assert ("mlgate's hooks added (pre-commit's schema reports a problem: found duplicate anchor; first occurrence "
            "line 1, column 4 second occurrence line 2, column 4)") in out
