"""`mlgate action` end to end: a fake Actions environment (event file, output and summary files, a real git
repository with a base and a head commit) against a fake GitHub REST API on 127.0.0.1."""

from __future__ import annotations

import dataclasses
import json
import os
import re
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from ruamel.yaml import YAML

from mlgate.cli import main
from mlgate.github import api as api_module
from mlgate.github.env import INPUTS, OUTPUTS
from tests.conftest import git, git_repo, write_tree
from tests.github_fake import FakeGitHub

ROOT = Path(__file__).resolve().parents[1]
TOKEN = "ghs_S3cretT0kenValue1234567890abcdef"

BASE_FILES = {
    "requirements.txt": "pandas==2.2.2\n",
    "params.yaml": "train:\n  lr: 0.01\n",
    "src/churn/train.py": "from sklearn.linear_model import LogisticRegression\n",
    ".github/CODEOWNERS": "/params.yaml @acme/ml-reviewers\n",
    "Dockerfile": "FROM python:3.11-slim@sha256:" + "a" * 64 + "\nCOPY . /app\n",
}
HEAD_FILES = {
    "requirements.txt": "pandas==2.2.2\nnumpy>=1.20\n",   # new error finding on a changed line (2)
    "params.yaml": "train:\n  lr: 0.02\n",                # a model-spec change
}


@pytest.fixture(autouse=True)
def fast_api(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(api_module, "TUNING", api_module.Tuning(
        retries=2, backoff=0.01, secondary_rate_wait=0.01, max_rate_limit_wait=1, timeout=5,
        seconds_between_requests=0, seconds_between_writes=0))


@pytest.fixture
def fake() -> Iterator[FakeGitHub]:
    server = FakeGitHub().start()
    yield server
    server.stop()


class Actions:
    """A checkout of a PR (base and head commits) plus the runner's files and variables."""

    def __init__(self, tmp: Path, fake: FakeGitHub, head_files: dict[str, str] | None = None,
                 fork: bool = False, base_files: dict[str, str] | None = None) -> None:
        self.tmp = tmp
        self.root = git_repo(tmp / "ws", {**BASE_FILES, **(base_files or {})}, "base")
        self.base_sha = git(self.root, "rev-parse", "HEAD").strip()
        write_tree(self.root, head_files or HEAD_FILES)
        git(self.root, "add", "-A")
        git(self.root, "commit", "-q", "-m", "head")
        self.head_sha = git(self.root, "rev-parse", "HEAD").strip()
        fake.files = self.pr_files()
        head_repo = "someone/churn" if fork else fake.repo
        event = {"action": "synchronize", "number": fake.number, "pull_request": {
            "number": fake.number,
            "head": {"sha": self.head_sha, "ref": "feature", "repo": {"full_name": head_repo}},
            "base": {"sha": self.base_sha, "ref": "main", "repo": {"full_name": fake.repo}}}}
        (tmp / "event.json").write_text(json.dumps(event))
        fake.pull = json.loads(json.dumps(event["pull_request"]))  # what the API says: the event agrees
        self.output = tmp / "output.txt"
        self.summary = tmp / "summary.md"
        self.env = {
            "GITHUB_ACTIONS": "true", "GITHUB_EVENT_NAME": "pull_request",
            "GITHUB_EVENT_PATH": str(tmp / "event.json"), "GITHUB_REPOSITORY": fake.repo,
            "GITHUB_SHA": "f" * 40,  # the merge commit: the status must not go there
            "GITHUB_WORKSPACE": str(self.root), "GITHUB_API_URL": fake.url,
            "GITHUB_SERVER_URL": "https://github.com", "GITHUB_RUN_ID": "4242",
            "GITHUB_OUTPUT": str(self.output), "GITHUB_STEP_SUMMARY": str(self.summary),
            "INPUT_TOKEN": TOKEN,
        }

    def pr_files(self) -> list[dict[str, Any]]:
        names = git(self.root, "diff", "--name-only", self.base_sha, self.head_sha).split()
        files = []
        for name in names:
            diff = git(self.root, "diff", self.base_sha, self.head_sha, "--", name)
            files.append({"filename": name, "status": "modified", "patch": diff[diff.index("@@"):]})
        return files

    def run(self, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str],
            **inputs: str) -> tuple[int, str, str]:
        for key in [k for k in __import__("os").environ if k.startswith(("INPUT_", "GITHUB_"))]:
            monkeypatch.delenv(key)
        for key, value in {**self.env, **{f"INPUT_{k.upper()}": v for k, v in inputs.items()}}.items():
            monkeypatch.setenv(key, value)
        monkeypatch.chdir(self.root)
        code = main(["action"])
        out, err = capsys.readouterr()
        return code, out, err

    def outputs(self) -> dict[str, str]:
        text = self.output.read_text()
        return dict(re.findall(r"^([\w-]+)<<(ghadelimiter_[\w-]+)\n(.*?)\n\2$", text, re.M | re.S)[i][::2]
                    for i in range(len(re.findall(r"<<ghadelimiter_", text))))


def test_two_runs_one_comment_one_review_comment_status_on_head(
        tmp_path: Path, fake: FakeGitHub, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    gh = Actions(tmp_path, fake)
    code, out, err = gh.run(monkeypatch, capsys)
    assert code == 1  # a new error finding: the gate fails, whatever the API did
    assert len(fake.comments) == 1
    body = fake.comments[0]["body"]
    assert body.startswith("<!-- mlgate:comment -->")
    assert "### New findings" in body and "repro-deps-pinned" in body
    assert f"https://github.com/acme/churn/blob/{gh.head_sha}/requirements.txt#L2" in body
    assert "How to waive a finding or attest a test" in body
    # one review with one comment, on the changed line, with the remediation and a fingerprint marker
    reviews = [r for r in fake.requests if r.method == "POST" and r.path.endswith("/reviews")]
    assert len(reviews) == 1 and reviews[0].body["event"] == "COMMENT"
    assert reviews[0].body["commit_id"] == gh.head_sha
    (comment,) = reviews[0].body["comments"]
    assert (comment["path"], comment["line"], comment["side"]) == ("requirements.txt", 2, "RIGHT")
    assert "<!-- mlgate:finding:" in comment["body"] and "**Fix:**" in comment["body"]
    # the status goes to the PR head, not the merge commit
    (status,) = fake.statuses
    assert status["sha"] == gh.head_sha and status["context"] == "mlgate" and status["state"] == "failure"
    assert len(status["description"]) <= 140 and status["target_url"].endswith("/actions/runs/4242")
    assert not any(r.path.endswith("f" * 40) for r in fake.requests)
    # outputs, report, summary
    outputs = gh.outputs()
    assert set(outputs) == set(OUTPUTS)
    assert outputs["passed"] == "false" and outputs["new-findings"] == "2" and outputs["score"] == "0"
    report = json.loads((gh.root / outputs["report"]).read_text())
    assert report["gate"]["passed"] is False and report["comparison"]["base"] == "main"
    assert "ML Test Score" in gh.summary.read_text()
    assert "::error file=requirements.txt,line=2,title=mlgate repro-deps-pinned::" in out

    # the second run on the same commit: the comment is left alone, nothing is commented again
    before = len(fake.writes())
    code2, _, _ = gh.run(monkeypatch, capsys)
    assert code2 == 1
    assert len(fake.comments) == 1 and fake.comments[0]["body"] == body
    new_writes = fake.writes()[before:]
    assert [(r.method, r.path) for r in new_writes] == [("POST", f"/repos/acme/churn/statuses/{gh.head_sha}")]
    assert len(fake.review_comments) == 1
    for text in (out, err, gh.summary.read_text(), gh.output.read_text(), json.dumps(report)):
        assert TOKEN not in text


def test_merge_checkout_skips_review_comments_where_the_base_moved_the_lines(
        tmp_path: Path, fake: FakeGitHub, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    # head adds lines 2 and 3; in the merge commit the loose pin moves from line 2 to line 3, which is
    # still a changed line of the PR, but a different one: a review comment there would be misplaced
    head = {"requirements.txt": "pandas==2.2.2\nnumpy>=1.20\nscipy==1.13.1\n"}
    gh = Actions(tmp_path, fake, head_files=head)
    root = gh.root
    git(root, "checkout", "-q", "-b", "feature")
    git(root, "checkout", "-q", "main")
    git(root, "reset", "-q", "--hard", gh.base_sha)
    write_tree(root, {"requirements.txt": "# pins reviewed weekly\npandas==2.2.2\n"})
    git(root, "commit", "-q", "-am", "main moves on")
    main_tip = git(root, "rev-parse", "HEAD").strip()
    git(root, "merge", "-q", "--no-edit", "feature")  # the merge commit actions/checkout would check out
    event = json.loads((tmp_path / "event.json").read_text())
    event["pull_request"]["base"]["sha"] = main_tip
    (tmp_path / "event.json").write_text(json.dumps(event))
    gh.env["GITHUB_SHA"] = git(root, "rev-parse", "HEAD").strip()
    code, _, _ = gh.run(monkeypatch, capsys)
    assert code == 1 and len(fake.comments) == 1
    assert "requirements.txt" in fake.comments[0]["body"]
    assert not any(r.path.endswith("/reviews") and r.method == "POST" for r in fake.requests)
    assert fake.statuses[0]["sha"] == gh.head_sha


def test_changed_body_edits_the_comment_in_place_found_across_pages(
        tmp_path: Path, fake: FakeGitHub, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    gh = Actions(tmp_path, fake)
    fake.comments.extend({"id": i, "body": f"chatter {i}", "user": {"login": "dev", "id": 2},
                          "url": f"{fake.url}/repos/acme/churn/issues/comments/{i}"} for i in range(1, 151))
    fake.comments.append({"id": 500, "body": "<!-- mlgate:comment -->\nold body",
                          "user": {"login": "github-actions[bot]", "id": 41898282, "type": "Bot"},
                          "url": f"{fake.url}/repos/acme/churn/issues/comments/500"})
    gh.run(monkeypatch, capsys)
    assert len(fake.comments) == 151  # no new comment: the old one (on page 2) was found
    assert "ML Test Score" in fake.comments[-1]["body"]
    assert [r.method for r in fake.writes() if "/issues/" in r.path] == ["PATCH"]


def test_fork_sends_no_write_and_keeps_every_output(
        tmp_path: Path, fake: FakeGitHub, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    gh = Actions(tmp_path, fake, fork=True)
    code, out, _ = gh.run(monkeypatch, capsys, **{"check-run": "true"})
    assert code == 1
    assert fake.writes() == []
    assert out.count("fork") >= 1 and out.count("::notice::mlgate: this pull request comes from a fork") == 1
    assert gh.outputs()["passed"] == "false"
    assert "repro-deps-pinned" in gh.summary.read_text()
    assert (gh.root / "mlgate-report.json").exists()


def test_read_only_token_403_skips_writes_with_one_notice(
        tmp_path: Path, fake: FakeGitHub, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    gh = Actions(tmp_path, fake)
    fake.forbid_writes = True
    code, out, err = gh.run(monkeypatch, capsys, **{"check-run": "true"})
    assert code == 1
    assert len(fake.writes()) == 1  # the first write is refused; no other is tried
    assert out.count("may not write to this repository") == 1
    assert TOKEN not in out + err


def test_502_is_retried_then_the_status_is_set(
        tmp_path: Path, fake: FakeGitHub, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    gh = Actions(tmp_path, fake)
    fake.fail.append(("POST", r"/repos/acme/churn/statuses/[0-9a-f]+", 502))
    gh.run(monkeypatch, capsys)
    posts = [r for r in fake.requests if r.method == "POST" and "/statuses/" in r.path]
    assert len(posts) == 2 and len(fake.statuses) == 1


def test_secondary_rate_limit_is_retried(
        tmp_path: Path, fake: FakeGitHub, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    gh = Actions(tmp_path, fake)
    fake.fail.append(("POST", r"/repos/acme/churn/issues/7/comments", 403,
                      "You have exceeded a secondary rate limit. Please wait a few minutes before you "
                      "try again.",
                      {"Retry-After": "0"}))
    _, out, _ = gh.run(monkeypatch, capsys)
    posts = [r for r in fake.requests if r.method == "POST" and r.path.endswith("/issues/7/comments")]
    assert len(posts) == 2 and len(fake.comments) == 1
    assert "may not write" not in out  # a rate limit is not a read-only token


def test_the_token_never_appears_even_when_the_api_echoes_it(
        tmp_path: Path, fake: FakeGitHub, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    gh = Actions(tmp_path, fake)
    fake.fail.append(("POST", r"/repos/acme/churn/statuses/[0-9a-f]+", 422, f"token {TOKEN} is odd"))
    code, out, err = gh.run(monkeypatch, capsys)
    assert code == 1
    assert "could not set the commit status (HTTP 422: token *** is odd)" in out
    assert all(r.headers.get("Authorization") == f"token {TOKEN}" for r in fake.requests)
    for text in (out, err, gh.summary.read_text(), gh.output.read_text(),
                 (gh.root / "mlgate-report.json").read_text()):
        assert TOKEN not in text


def test_api_down_gives_up_with_a_notice_and_the_gate_decides(
        tmp_path: Path, fake: FakeGitHub, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    gh = Actions(tmp_path, fake, head_files={"README.md": "# churn\n"})  # no new finding: the gate passes
    fake.fail.extend([("GET", r"/repos/acme/churn/pulls/7/files", 503)] * 5)
    code, out, err = gh.run(monkeypatch, capsys)
    assert code == 0
    assert "the GitHub API failed (" in out and out.count("::notice::mlgate: the GitHub API failed") == 1
    assert fake.writes() == []
    assert gh.outputs()["passed"] == "true"
    assert TOKEN not in out + err


def test_comment_fits_githubs_limit_with_a_pointer_to_the_summary(
        tmp_path: Path, fake: FakeGitHub, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    many = "".join(f"pkg{i:04d}-with-a-rather-long-distribution-name-for-padding>=1.{i}\n"
                   for i in range(1500))
    gh = Actions(tmp_path, fake, head_files={"requirements.txt": "pandas==2.2.2\n" + many})
    gh.run(monkeypatch, capsys, **{"review-comments": "false"})
    body = fake.comments[0]["body"]
    assert len(body.encode("utf-16-le")) // 2 <= 65_536
    assert "cut to fit GitHub's limit" in body and "/actions/runs/4242" in body
    assert "How to waive a finding or attest a test" in body
    assert gh.summary.read_text().count("pkg1499") >= 1  # the job summary keeps everything


def test_check_run_annotations_go_fifty_to_a_request(
        tmp_path: Path, fake: FakeGitHub, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    many = "".join(f"pkg{i:03d}>=1.0\n" for i in range(120))
    gh = Actions(tmp_path, fake, head_files={"requirements.txt": "pandas==2.2.2\n" + many})
    _, out, _ = gh.run(monkeypatch, capsys, **{"check-run": "true", "review-comments": "false"})
    (run,) = fake.check_runs
    assert run["head_sha"] == gh.head_sha and run["conclusion"] == "failure"
    sizes = [len(o["annotations"]) for o in run["outputs"]]
    assert sizes == [50, 50, 20]
    # workflow commands: at most 10 errors per step, then one summary notice
    assert out.count("::error ") == 10
    assert "110 more findings not shown as annotations" in out


def test_spec_review_names_who_must_review_and_passes_on_team_approval(
        tmp_path: Path, fake: FakeGitHub, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    gh = Actions(tmp_path, fake)
    gh.run(monkeypatch, capsys)
    report = json.loads((gh.root / "mlgate-report.json").read_text())
    rule = next(r for r in report["rules"] if r["id"] == "spec-review-enforced")
    assert rule["status"] == "fail" and "@acme/ml-reviewers" in rule["summary"]
    # named, without pinging the team on every edit of the comment (a zero-width joiner after the @)
    assert "@\u200dacme/ml-reviewers" in fake.comments[0]["body"]
    assert "@acme" not in fake.comments[0]["body"]

    fake.reviews = [{"id": 1, "state": "APPROVED", "user": {"login": "ana", "id": 3},
                     "commit_id": gh.head_sha}]
    fake.team_members = {"acme/ml-reviewers": {"ana"}}
    gh.run(monkeypatch, capsys)
    report = json.loads((gh.root / "mlgate-report.json").read_text())
    rule = next(r for r in report["rules"] if r["id"] == "spec-review-enforced")
    assert rule["status"] == "pass"
    assert "acme/ml-reviewers" not in fake.comments[0]["body"].split("<details>")[0]


def test_shallow_checkout_without_base_falls_back_to_a_full_scan_and_says_so(
        tmp_path: Path, fake: FakeGitHub, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    gh = Actions(tmp_path, fake)
    event = json.loads((tmp_path / "event.json").read_text())
    event["pull_request"]["base"]["sha"] = "b" * 40  # not in the repository, and there is no remote
    (tmp_path / "event.json").write_text(json.dumps(event))
    fake.pull = event["pull_request"]
    code, out, _ = gh.run(monkeypatch, capsys)
    assert code == 1
    assert "Full scan" in fake.comments[0]["body"] and "fetch-depth: 0" in fake.comments[0]["body"]
    assert "::notice::mlgate: Full scan" in out


def test_schedule_is_a_full_scan_with_a_status_only(
        tmp_path: Path, fake: FakeGitHub, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    gh = Actions(tmp_path, fake)
    (tmp_path / "event.json").write_text(json.dumps({"schedule": "0 6 * * 1"}))
    gh.env.update({"GITHUB_EVENT_NAME": "schedule", "GITHUB_SHA": gh.head_sha})
    code, _, _ = gh.run(monkeypatch, capsys, **{"check-run": "true", "sarif-file": "out/mlgate.sarif"})
    assert code == 1
    sarif = json.loads((gh.root / "out" / "mlgate.sarif").read_text())
    assert sarif["version"] == "2.1.0" and sarif["runs"][0]["results"]
    assert [(r.method, r.path.rsplit("/", 1)[0]) for r in fake.writes()] == [
        ("POST", "/repos/acme/churn/statuses"), ("POST", "/repos/acme/churn")]
    assert fake.statuses[0]["sha"] == gh.head_sha and fake.check_runs[0]["head_sha"] == gh.head_sha
    report = json.loads((gh.root / "mlgate-report.json").read_text())
    assert "comparison" not in report
    assert gh.outputs()["new-findings"] == str(sum(len(r["findings"]) for r in report["rules"]))


def test_outside_actions_is_a_usage_error(monkeypatch: pytest.MonkeyPatch,
                                          capsys: pytest.CaptureFixture[str]) -> None:
    for key in [k for k in __import__("os").environ if k.startswith(("INPUT_", "GITHUB_"))]:
        monkeypatch.delenv(key)
    assert main(["action"]) == 2
    assert "use `mlgate check` elsewhere" in capsys.readouterr().err


def test_action_yml_declares_exactly_the_inputs_the_code_reads() -> None:
    action = YAML(typ="safe").load((ROOT / "action.yml").read_text())
    assert set(action["inputs"]) == set(INPUTS)
    assert set(action["outputs"]) == set(OUTPUTS)
    runs = action["runs"]
    assert runs["using"] == "composite"  # no image built on every run; Linux, macOS and Windows runners
    run = next(step for step in runs["steps"] if step.get("id") == "run")
    assert run["run"].strip().endswith('"$bin/mlgate" action')  # the console script, not `python -m`
    # every input reaches the code as the variable it reads, and every output comes from that step
    assert run["env"] == {**{f"INPUT_{name.upper().replace('-', '_')}": f"${{{{ inputs.{name} }}}}"
                             for name in INPUTS},
                          # no cache read from the runner's home, where a step that ran the pull request's
                          # code may have planted one
                          "MLGATE_NO_CACHE": "1"}
    for name, spec in action["outputs"].items():
        assert spec["value"] == f"${{{{ steps.run.outputs.{name} }}}}"
    python = next(step for step in runs["steps"] if step.get("id") == "python")
    assert python["with"]["update-environment"] is False  # the job's Python and PATH are left alone
    cache = next(step for step in runs["steps"] if step.get("id") == "cache")
    assert cache["uses"].startswith("actions/cache@") and cache["with"]["key"] == "${{ steps.key.outputs.key }}"
    for name, spec in action["inputs"].items():
        assert spec.get("description"), name
    assert action["inputs"]["token"]["default"] == "${{ github.token }}"
    code_reads = set(re.findall(r'read_(?:input|flag)\(env, "([\w-]+)"\)',
                                (ROOT / "mlgate" / "github" / "env.py").read_text()))
    assert code_reads == set(INPUTS)


def _mlgate_steps(node: Any) -> Iterator[dict[str, Any]]:
    if isinstance(node, dict):
        if "mlgate@" in str(node.get("uses", "")):
            yield node
        for value in node.values():
            yield from _mlgate_steps(value)
    elif isinstance(node, list):
        for value in node:
            yield from _mlgate_steps(value)


def test_readme_workflow_uses_only_declared_inputs() -> None:
    action = YAML(typ="safe").load((ROOT / "action.yml").read_text())
    used: set[str] = set()
    steps = 0
    for doc in (ROOT / "docs" / "github-action.md", ROOT / "README.md"):
        if not doc.exists():
            continue
        for block in re.findall(r"```yaml\n(.*?)```", doc.read_text(), re.S):
            try:
                data = YAML(typ="safe").load(block)
            except Exception:
                continue  # a fragment (steps to add to a job), not a workflow
            for step in _mlgate_steps(data):
                steps += 1
                used |= set(step.get("with") or {})
    assert steps, "no workflow example uses the action"
    assert used <= set(action["inputs"]), used - set(action["inputs"])


def test_example_comment_is_generated_from_the_fixture() -> None:
    import importlib.util

    spec = importlib.util.spec_from_file_location("example_comment", ROOT / "scripts" / "example_comment.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    assert (ROOT / "docs" / "example-comment.md").read_text() == module.generate(), \
        "docs/example-comment.md is stale: run python scripts/example_comment.py"


def test_mlgate_check_never_imports_pygithub(tmp_path: Path) -> None:
    import subprocess
    import sys

    root = git_repo(tmp_path / "r", BASE_FILES)
    code = ("import sys\nfrom mlgate.cli import main\nmain(['check', sys.argv[1], '-q'])\n"
            "assert 'github' not in sys.modules, 'PyGithub imported'\n")
    done = subprocess.run([sys.executable, "-c", code, str(root)], cwd=ROOT, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr


# ------------------------------------------------------------------------------------- API faults
def assert_report_intact(gh: Actions, code: int, out: str, err: str, *, gate: int = 1) -> None:
    """Whatever the API did: the gate's exit code, the report in the job summary, the JSON file and the
    step outputs, and no secret anywhere."""
    assert code == gate, out + err
    assert "Traceback" not in err
    summary = gh.summary.read_text()
    assert "ML Test Score" in summary and ("repro-deps-pinned" in summary or gate == 0)
    report = json.loads((gh.root / "mlgate-report.json").read_text())
    assert report["gate"]["passed"] is (gate == 0)
    assert gh.outputs()["passed"] == ("true" if gate == 0 else "false")
    for text in (out, err, summary, gh.output.read_text(), json.dumps(report)):
        assert TOKEN not in text and "S3cretT0ken" not in text


def notices(out: str) -> list[str]:
    return [line for line in out.splitlines() if line.startswith("::notice::")]


@pytest.mark.parametrize("status", [500, 502, 503])
def test_server_errors_then_success_post_once(
        tmp_path: Path, fake: FakeGitHub, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str], status: int) -> None:
    gh = Actions(tmp_path, fake)
    fake.fail += [("GET", r"/repos/acme/churn/pulls/7/files", status),
                  ("POST", r"/repos/acme/churn/issues/7/comments", status),
                  ("POST", r"/repos/acme/churn/issues/7/comments", status)]
    code, out, err = gh.run(monkeypatch, capsys)
    assert_report_intact(gh, code, out, err)
    assert len(fake.comments) == 1 and len(fake.statuses) == 1 and len(fake.review_comments) == 1
    assert not [n for n in notices(out) if "GitHub API failed" in n or "could not" in n]


@pytest.mark.parametrize("headers, message", [
    ({"Retry-After": "3600"}, "You have exceeded a secondary rate limit."),
    ({"Retry-After": "1"}, "Forbidden"),
], ids=["secondary-retry-after-an-hour", "retry-after-plain-403"])
def test_rate_limit_with_retry_after_is_waited_for_but_capped(
        tmp_path: Path, fake: FakeGitHub, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str], headers: dict[str, str], message: str) -> None:
    gh = Actions(tmp_path, fake)
    monkeypatch.setattr(api_module, "TUNING", dataclasses.replace(api_module.TUNING, max_rate_limit_wait=0.05))
    fake.fail.append(("POST", r"/repos/acme/churn/issues/7/comments", 403, message, headers))
    start = time.monotonic()
    code, out, err = gh.run(monkeypatch, capsys)
    assert time.monotonic() - start < 20  # an hour's Retry-After is capped at max_rate_limit_wait
    assert_report_intact(gh, code, out, err)
    posts = [r for r in fake.requests if r.method == "POST" and r.path.endswith("/issues/7/comments")]
    assert len(posts) == 2 and len(fake.comments) == 1
    assert "may not write" not in out


def test_primary_rate_limit_exhausted_gives_up_with_one_notice(
        tmp_path: Path, fake: FakeGitHub, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    gh = Actions(tmp_path, fake)
    reset = str(int(time.time()) + 3600)
    fake.fail += [("GET", r"/repos/acme/churn/pulls/7/files", 403, "API rate limit exceeded for installation.",
                   {"X-RateLimit-Remaining": "0", "X-RateLimit-Reset": reset})] * 4
    start = time.monotonic()
    code, out, err = gh.run(monkeypatch, capsys)
    assert time.monotonic() - start < 20  # an hour to the reset is more than max_rate_limit_wait: no wait
    assert_report_intact(gh, code, out, err)
    assert [n for n in notices(out) if "GitHub API failed" in n] == notices(out)[-1:]
    assert len(notices(out)) == 1 and "rate limit" in notices(out)[0].lower()
    assert fake.writes() == []


def test_read_only_token_keeps_the_report_with_one_notice(
        tmp_path: Path, fake: FakeGitHub, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    gh = Actions(tmp_path, fake)
    fake.forbid_writes = True
    code, out, err = gh.run(monkeypatch, capsys, **{"check-run": "true"})
    assert_report_intact(gh, code, out, err)
    assert len(notices(out)) == 1 and "may not write to this repository" in notices(out)[0]
    assert fake.comments == [] and fake.statuses == []


def test_pull_request_404_gives_one_notice_and_no_writes_to_it(
        tmp_path: Path, fake: FakeGitHub, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    gh = Actions(tmp_path, fake)
    fake.number = 99  # the event names PR 7; the API knows no such pull request
    code, out, err = gh.run(monkeypatch, capsys)
    assert_report_intact(gh, code, out, err)
    first, second = notices(out)
    assert "404" in first
    assert "Pull request #7 could not be confirmed through the GitHub API" in second
    # the event is all that names the head: no status either (a forged event could name any commit)
    assert fake.writes() == []


def test_422_on_a_too_long_comment_is_one_notice(
        tmp_path: Path, fake: FakeGitHub, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    gh = Actions(tmp_path, fake)
    fake.fail.append(("POST", r"/repos/acme/churn/issues/7/comments", 422,
                      "Validation Failed: body is too long (maximum is 65536 characters)"))
    code, out, err = gh.run(monkeypatch, capsys)
    assert_report_intact(gh, code, out, err)
    assert len(notices(out)) == 1 and "HTTP 422" in notices(out)[0] and "too long" in notices(out)[0]
    assert fake.comments == [] and len(fake.statuses) == 1


def test_connection_refused_gives_up_with_one_notice(
        tmp_path: Path, fake: FakeGitHub, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    import socket

    gh = Actions(tmp_path, fake)
    with socket.socket() as sock:  # a port that was free a moment ago: nothing listens there
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    gh.env["GITHUB_API_URL"] = f"http://127.0.0.1:{port}"
    start = time.monotonic()
    code, out, err = gh.run(monkeypatch, capsys)
    assert time.monotonic() - start < 20
    assert_report_intact(gh, code, out, err)
    assert len(notices(out)) == 1 and "the GitHub API failed (ConnectionError" in notices(out)[0]


def test_hung_server_times_out_with_one_notice(
        tmp_path: Path, fake: FakeGitHub, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    gh = Actions(tmp_path, fake)
    # the environment variable wins over the module's TUNING; 2 s, not 1: on a loaded machine an answer that is
    # not hung can take a second, and its timeout was a second notice
    gh.env["MLGATE_API_TIMEOUT"] = "2"
    fake.hang.append(("GET", r"/repos/acme/churn/pulls/7/files", 5.0))
    start = time.monotonic()
    code, out, err = gh.run(monkeypatch, capsys)
    assert time.monotonic() - start < 10
    assert_report_intact(gh, code, out, err)
    assert len(notices(out)) == 1 and "timed out" in notices(out)[0].lower(), notices(out)
    assert fake.writes() == []


def test_hung_comment_post_is_not_sent_twice(
        tmp_path: Path, fake: FakeGitHub, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    gh = Actions(tmp_path, fake)
    gh.env["MLGATE_API_TIMEOUT"] = "2"  # see test_hung_server_times_out_with_one_notice
    fake.hang.append(("POST", r"/repos/acme/churn/issues/7/comments", 3.5))
    code, out, err = gh.run(monkeypatch, capsys)
    assert_report_intact(gh, code, out, err)
    assert len(notices(out)) == 1 and "timed out" in notices(out)[0].lower(), notices(out)
    deadline = time.monotonic() + 8
    while not fake.comments and time.monotonic() < deadline:  # the slow answer still lands, as on GitHub
        time.sleep(0.05)
    posts = [r for r in fake.requests if r.method == "POST" and r.path.endswith("/issues/7/comments")]
    assert len(posts) == 1 and len(fake.comments) == 1  # never retried: no duplicate comment
    # the next run finds that comment and leaves a single one
    fake.hang.clear()
    gh.run(monkeypatch, capsys)
    assert len(fake.comments) == 1


def test_secret_inputs_and_token_shapes_never_appear(
        tmp_path: Path, fake: FakeGitHub, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    gh = Actions(tmp_path, fake)
    other = "ghp_AnotherT0kenThatLooksReal0123456789"
    gh.env["INPUT_API-KEY"] = "hunter2-secret-value"
    fake.fail += [("POST", r"/repos/acme/churn/statuses/[0-9a-f]+", 422,
                   f"bad {TOKEN} and hunter2-secret-value and {other}"),
                  ("GET", r"/repos/acme/churn/pulls/7/files", 418, f"teapot {TOKEN}")]
    code, out, err = gh.run(monkeypatch, capsys)
    assert_report_intact(gh, code, out, err)
    for text in (out, err, gh.summary.read_text(), (gh.root / "mlgate-report.json").read_text()):
        assert "hunter2-secret-value" not in text and other not in text
    assert "HTTP 422: bad *** and *** and ***" in out


def test_exception_messages_are_scrubbed() -> None:
    """A failure outside the API wrapper (an exception whose text holds the token) is scrubbed too."""
    import io

    from mlgate.github import action

    env = {"GITHUB_ACTIONS": "true", "INPUT_TOKEN": TOKEN, "GITHUB_EVENT_NAME": "push",
           "GITHUB_REPOSITORY": "acme/churn", "GITHUB_WORKSPACE": "/nonexistent"}
    out, err = io.StringIO(), io.StringIO()

    def boom(*_a: Any, **_k: Any) -> int:
        raise RuntimeError(f"requests said Authorization: token {TOKEN}")

    orig = action._run
    action._run = boom  # type: ignore[assignment]
    try:
        assert action.run(env, out, err) == 2
    finally:
        action._run = orig
    assert TOKEN not in err.getvalue() and "token ***" in err.getvalue()


REMOTE_READ = {"src/churn/load.py": 'import pandas as pd\n\n\ndef load() -> pd.DataFrame:\n'
                                    '    return pd.read_csv("https://example.com/churn.csv")\n'}


@pytest.mark.parametrize("floor", ["", "fail-confidence: medium\n"])
def test_only_findings_at_the_confidence_floor_become_review_comments(
        tmp_path: Path, fake: FakeGitHub, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str], floor: str) -> None:
    # the new findings on load.py:5 are medium confidence: a read in code may be verified elsewhere; the
    # floor is the base branch's configuration (a pull request cannot set its own gate)
    gh = Actions(tmp_path, fake, head_files=REMOTE_READ, base_files={".mlgate.yaml": floor} if floor else None)
    code, _, _ = gh.run(monkeypatch, capsys)
    body = fake.comments[0]["body"]
    assert '`data-remote-unpinned` [`src/churn/load.py:5`]' in body
    reviews = [r for r in fake.requests if r.method == "POST" and r.path.endswith("/reviews")]
    if not floor:
        assert code == 0 and "**Gate: ✅ passed**" in body
        new = body[body.index("### New findings (2)"):body.index("<details>")]
        assert new.count("_(medium confidence: does not fail the gate)_") == 2
        assert reviews == []
    else:
        assert code == 1 and "**Gate: ❌ failed**: 1 new error finding" in body
        assert "does not fail the gate" not in body
        (review,) = reviews
        assert {(c["path"], c["line"]) for c in review.body["comments"]} == {("src/churn/load.py", 5)}
        assert {c["body"].split("`")[1] for c in review.body["comments"]} == {"data-schema",
                                                                              "data-remote-unpinned"}


def test_one_rules_findings_in_one_file_are_one_review_comment(
        tmp_path: Path, fake: FakeGitHub, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    # three loose pins added to one file: one review comment on the first, naming each line and its fix,
    # not three notifications saying the same thing
    gh = Actions(tmp_path, fake, head_files={"requirements.txt": "pandas==2.2.2\nnumpy>=1.20\nscipy\npyarrow<16\n"})
    code, _, _ = gh.run(monkeypatch, capsys)
    assert code == 1
    (review,) = [r for r in fake.requests if r.method == "POST" and r.path.endswith("/reviews")]
    assert review.body["body"].startswith("mlgate: 3 new findings on lines this pull request changes")
    (comment,) = review.body["comments"]
    assert (comment["path"], comment["line"], comment["side"]) == ("requirements.txt", 2, "RIGHT")
    body = comment["body"]
    assert body.count("<!-- mlgate:finding:") == 3
    assert "`repro-deps-pinned` (error): 3 findings on lines this pull request changes in this file" in body
    for line, name in ((2, "numpy"), (3, "scipy"), (4, "pyarrow")):
        assert f"- line {line}: {name} is not pinned to an exact version" in body
        assert f"`{name}==<version>`" in body  # each line's own fix
    # the next run comments none of them again
    code2, _, _ = gh.run(monkeypatch, capsys)
    assert code2 == 1 and len(fake.review_comments) == 1


def test_findings_with_a_suggestion_keep_a_comment_each(
        tmp_path: Path, fake: FakeGitHub, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    # two unpinned downloads of a model whose commit the repository pins elsewhere: each line has its own
    # one-click suggestion, which applies to the line its comment is on
    empty = tmp_path / "hf"
    empty.mkdir()
    monkeypatch.setenv("HF_HOME", str(empty))
    sha = "0123456789abcdef0123456789abcdef01234567"
    head = {"src/churn/pinned.py": f'from transformers import AutoModel\n'
                                   f'm = AutoModel.from_pretrained("acme/x", revision="{sha}")\n',
            "src/churn/embed.py": 'from transformers import AutoModel, AutoTokenizer\n'
                                  'tok = AutoTokenizer.from_pretrained("acme/x")\n'
                                  'model = AutoModel.from_pretrained("acme/x")\n'}
    gh = Actions(tmp_path, fake, head_files=head)
    gh.run(monkeypatch, capsys)
    (review,) = [r for r in fake.requests if r.method == "POST" and r.path.endswith("/reviews")]
    comments = sorted((c["line"], c["body"]) for c in review.body["comments"] if c["path"] == "src/churn/embed.py")
    assert [line for line, _ in comments] == [2, 3]
    assert f'```suggestion\ntok = AutoTokenizer.from_pretrained("acme/x", revision="{sha}")\n```' in comments[0][1]
    assert f'```suggestion\nmodel = AutoModel.from_pretrained("acme/x", revision="{sha}")\n```' in comments[1][1]


def test_action_without_the_extra_is_one_line_and_exit_2(tmp_path: Path) -> None:
    import subprocess
    import sys

    # PyGithub made unimportable, as after `pip install mlgate` without the `action` extra
    code = "import sys\nsys.modules['github'] = None\nfrom mlgate.cli import main\nsys.exit(main(['action']))\n"
    done = subprocess.run([sys.executable, "-c", code], cwd=tmp_path, capture_output=True, text=True,
                          env={**os.environ, "GITHUB_ACTIONS": "true"})
    assert done.returncode == 2
    assert done.stdout == ""
    assert done.stderr == ("mlgate: error: `mlgate action` needs the GitHub client, which `pip install mlgate` "
                           "leaves out: install it with `pip install 'mlgate[action]'`\n")


def test_pygithub_is_only_in_the_action_extra_which_the_image_and_the_tests_install() -> None:
    if sys.version_info >= (3, 11):
        import tomllib
    else:  # pragma: no cover
        import tomli as tomllib

    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    names = [re.split(r"[<>=!~;\[ ]", d, maxsplit=1)[0].lower() for d in project["dependencies"]]
    assert "pygithub" not in names and names  # `pip install mlgate` does not bring the GitHub client
    assert any(d.lower().startswith("pygithub>=") for d in project["optional-dependencies"]["action"])
    assert "mlgate[action]" in project["optional-dependencies"]["test"]
    assert 'RUN pip install ".[action]"' in (ROOT / "Dockerfile").read_text()


def test_composite_inputs_are_read_with_underscores_too() -> None:
    from mlgate.github.env import read_input

    assert read_input({"INPUT_FAIL_UNDER": "2.5"}, "fail-under") == "2.5"  # composite action.yml
    assert read_input({"INPUT_FAIL-UNDER": "1"}, "fail-under") == "1"  # as the runner sets it for docker
