"""The analysed repository is hostile, its .git included: git must run nothing it names, and the action
must use the workspace's repository and the pull request as the API knows it (issue: security)."""

from __future__ import annotations

import json
import os
import stat
import subprocess
from pathlib import Path

import pytest

from mlgate import git as mgit
from mlgate.cli import main
from tests.conftest import git, git_repo, write_tree
from tests.github_fake import FakeGitHub
from tests.test_action import Actions, fake, fast_api, notices  # noqa: F401  (fixtures)

ROOT = Path(__file__).resolve().parents[1]


def _touch(marker: Path) -> str:
    return f"touch {marker}"


def hostile_repo(tmp_path: Path) -> tuple[Path, Path]:
    """A repository whose own configuration names a command in every place git would run one, and a
    folder where each command would leave its marker."""
    marks = tmp_path / "marks"
    marks.mkdir()
    root = git_repo(tmp_path / "repo", {
        ".gitattributes": "* filter=evil diff=evil\n",
        "requirements.txt": "pandas==2.2.2\n",
        "src/train.py": "import random\n",
    })
    write_tree(root, {"requirements.txt": "pandas==2.2.2\nnumpy\n"})
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "second")
    hooks = root / ".git" / "hooks"
    for name in ("reference-transaction", "post-checkout", "pre-auto-gc", "post-index-change"):
        hook = hooks / name
        hook.write_text(f"#!/bin/sh\n{_touch(marks / ('hook-' + name))}\n")
        hook.chmod(hook.stat().st_mode | stat.S_IEXEC)
    config = {
        "core.fsmonitor": _touch(marks / "fsmonitor"),
        "filter.evil.clean": f"sh -c '{_touch(marks / 'clean')}; cat'",
        "filter.evil.smudge": f"sh -c '{_touch(marks / 'smudge')}; cat'",
        "filter.evil.process": _touch(marks / "process"),
        "filter.evil.required": "true",
        "diff.evil.textconv": f"sh -c '{_touch(marks / 'textconv')}; cat' --",
        "diff.external": _touch(marks / "external"),
        "credential.helper": f"!{_touch(marks / 'credential')}",
        "core.alternateRefsCommand": _touch(marks / "alternate"),
        "remote.origin.url": f"ext::sh -c touch% {marks / 'ext'}",
        "remote.origin.uploadpack": _touch(marks / "uploadpack"),
        "protocol.ext.allow": "always",
        "core.sshCommand": _touch(marks / "ssh"),
    }
    for key, value in config.items():
        git(root, "config", key, value)
    # touch every tracked file so that git must re-read them (racy index entries run the filters)
    (root / "src" / "train.py").write_text("import random\nrandom.seed(0)\n")
    return root, marks


def test_the_attack_is_live_plain_git_runs_the_commands(tmp_path: Path) -> None:
    """Without mlgate's settings, git itself runs what the configuration names: the test can fail."""
    root, marks = hostile_repo(tmp_path)
    subprocess.run(["git", "diff", "HEAD"], cwd=root, capture_output=True)
    subprocess.run(["git", "fetch", "origin", "main"], cwd=root, capture_output=True, timeout=60)
    assert {p.name for p in marks.iterdir()} >= {"fsmonitor", "ext"}


def test_hostile_git_configuration_runs_nothing(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    root, marks = hostile_repo(tmp_path)
    assert main(["check", str(root), "--base", "HEAD~1", "--format", "json", "--fail-on", "never"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert report["comparison"]["new"], "the base was read and compared"
    # every other git entry point mlgate has
    assert mgit.tracked_files(root) is not None
    head = git(root, "rev-parse", "HEAD").strip()
    assert mgit.changed_lines(root, "HEAD~1", head) is not None
    assert mgit.differing_files(root, "HEAD~1", head, ["requirements.txt"]) == {"requirements.txt"}
    state = mgit.working_state(root)
    assert state is not None and state[2] == ["src/train.py"]
    assert mgit.commit_of(root) == (head, True)
    assert mgit.fetch_commit(root, "b" * 40)[0] is None          # ext:: is refused, not run
    assert mgit.fetch_commit(root, "feature")[0] is None
    assert mgit.hooks_dir(root) == root / ".git" / "hooks"
    mgit.lfs_pointer_blobs(root, ["requirements.txt"])
    assert sorted(p.name for p in marks.iterdir()) == []


def test_the_hooks_git_questions_run_nothing_either(tmp_path: Path) -> None:
    """The pre-commit hooks ask git without GitPython (check-attr, cat-file): same settings, same result."""
    from mlgate import hooks

    root, marks = hostile_repo(tmp_path)
    files = ["requirements.txt", "src/train.py", "gone.txt"]
    assert mgit.check_attributes(root, files, ("filter",), light=True) == mgit.check_attributes(
        root, files, ("filter",)) == {f: {"filter": "evil"} for f in files}
    assert mgit.index_lfs_pointers(root, files) == set()
    out: list[str] = []
    assert hooks.run_hook(hooks.HOOKS["mlgate-data-pins"], files[:2], root=root, out=out.append) == 1
    assert out[0].startswith("requirements.txt:2: error repro-deps-pinned"), out
    assert sorted(p.name for p in marks.iterdir()) == []


def test_git_runs_without_the_actions_secrets_in_its_environment(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    root = git_repo(tmp_path / "repo", {"a.txt": "a\n"})
    dump = tmp_path / "env.txt"
    hook = tmp_path / "fsmonitor.sh"
    hook.write_text(f"#!/bin/sh\nenv > {dump}\n")
    hook.chmod(0o755)
    monkeypatch.setenv("INPUT_TOKEN", "ghs_secret")
    monkeypatch.setenv("GITHUB_TOKEN", "ghs_secret")
    repo = mgit._open(root)
    assert repo is not None
    env = repo.git._environment
    assert env["INPUT_TOKEN"] == "" and env["GITHUB_TOKEN"] == ""


def test_a_bare_repository_planted_by_the_pull_request_is_never_used(
        tmp_path: Path, fake: FakeGitHub, monkeypatch: pytest.MonkeyPatch,  # noqa: F811
        capsys: pytest.CaptureFixture[str]) -> None:
    marker = tmp_path / "pwned"
    planted = {
        "sub/HEAD": "ref: refs/heads/main\n",
        "sub/config": ("[core]\n\tbare = true\n\tfsmonitor = touch " + str(marker) + "\n"
                       "[protocol \"ext\"]\n\tallow = always\n"
                       f"[remote \"origin\"]\n\turl = ext::sh -c touch% {marker}\n"
                       "\tfetch = +refs/heads/*:refs/remotes/origin/*\n"),
        "sub/objects/info/keep": "x\n",
        "sub/refs/heads/keep": "x\n",
        "sub/requirements.txt": "torch\n",
    }
    gh = Actions(tmp_path, fake, head_files=planted)
    # the attack works on plain git: run from that folder, git takes the planted folder for a repository
    found = subprocess.run(["git", "rev-parse", "--absolute-git-dir"], cwd=gh.root / "sub",
                           capture_output=True, text=True).stdout.strip()
    assert found == str(gh.root / "sub")
    assert fake.pull is not None
    fake.pull["base"]["sha"] = "b" * 40   # a base that is not there: mlgate tries to fetch it
    _, out, err = gh.run(monkeypatch, capsys, path="sub")
    assert not marker.exists()
    assert "Traceback" not in err
    report = json.loads((gh.root / "mlgate-report.json").read_text())
    assert report["repository"]["commit"] == gh.head_sha   # the workspace's repository was analysed
    assert any(f["path"] == "requirements.txt" for r in report["rules"] for f in r["findings"])
    assert any("Full scan" in n for n in notices(out))


def test_a_forged_event_base_equal_to_the_head_does_not_hide_new_findings(
        tmp_path: Path, fake: FakeGitHub, monkeypatch: pytest.MonkeyPatch,  # noqa: F811
        capsys: pytest.CaptureFixture[str]) -> None:
    gh = Actions(tmp_path, fake)
    event = json.loads((tmp_path / "event.json").read_text())
    event["pull_request"]["base"]["sha"] = gh.head_sha                 # "nothing is new"
    event["pull_request"]["base"]["ref"] = "main](https://evil.example) ![t](https://evil.example/t.png)"
    (tmp_path / "event.json").write_text(json.dumps(event))
    code, _, _ = gh.run(monkeypatch, capsys, status="true")
    assert code == 1                                  # the new unpinned numpy line fails the gate
    assert fake.statuses[-1]["state"] == "failure"
    body = fake.comments[0]["body"]
    assert "evil.example" not in body and "main" in body
    assert "numpy" in body


def test_an_event_that_names_another_pull_request_posts_nothing_to_it(
        tmp_path: Path, fake: FakeGitHub, monkeypatch: pytest.MonkeyPatch,  # noqa: F811
        capsys: pytest.CaptureFixture[str]) -> None:
    gh = Actions(tmp_path, fake)
    assert fake.pull is not None
    fake.pull["head"]["sha"] = "c" * 40       # PR #7 is about another commit than the one checked out
    _, out, err = gh.run(monkeypatch, capsys)
    assert "Traceback" not in err
    assert fake.comments == [] and fake.review_comments == []
    assert fake.writes() == []   # nothing at all: not even a status decided by the checkout's own config
    assert any("is neither the head" in n for n in notices(out))


def test_the_image_trusts_no_directory_but_the_workspace() -> None:
    dockerfile = (ROOT / "Dockerfile").read_text()
    commands = [line for line in dockerfile.splitlines() if not line.lstrip().startswith("#")]
    assert not any("safe.directory" in line for line in commands)


@pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() != 0, reason="needs root to chown")
def test_the_workspace_is_read_although_another_user_owns_it(tmp_path: Path) -> None:
    root = git_repo(tmp_path / "ws", {"requirements.txt": "numpy\n"})
    for dirpath, dirnames, filenames in os.walk(root):
        for name in [*dirnames, *filenames]:
            os.lchown(os.path.join(dirpath, name), 65534, 65534)
    os.lchown(root, 65534, 65534)
    assert mgit.tracked_files(root) is None        # git refuses a repository of another owner
    assert "belongs to another user" in (mgit.refused(root) or "")
    with mgit.confined(root):
        tracked = mgit.tracked_files(root)
        assert tracked is not None and tracked[0] == ["requirements.txt"]
        assert mgit.tracked_files(tmp_path) is None   # nothing above the workspace
    assert mgit.tracked_files(root) is None        # the exception ends with the action
    from mlgate.analysis import analyse
    from mlgate.config import load_config

    report = analyse(str(root), load_config(root))
    assert report.notices[0].path == ".git" and "belongs to another user" in report.notices[0].message
    assert report.warnings and report.warnings[0].startswith("git refuses this repository")
