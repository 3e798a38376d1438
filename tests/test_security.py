"""The pull request is hostile (issue 13, items 3 to 10): each attack reproduced against the fake GitHub
API on 127.0.0.1 and a real git repository, and what a user then sees: no injected workflow command,
no foreign comment edited, no file written outside the workspace, a report for every hostile input,
every body within GitHub's limits."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import time
from pathlib import Path

import pytest

from mlgate.cli import main
from tests.conftest import git, git_repo, write_tree
from tests.github_fake import FakeGitHub
from tests.test_action import Actions, fake, fast_api  # noqa: F401  (fixtures)

ROOT = Path(__file__).resolve().parents[1]

# A line the runner would take as a workflow command, unless it is one mlgate means to write: an
# annotation of one of its findings (title=mlgate <rule>) or one of its own notices and warnings.
_COMMAND = re.compile(r"^\s*::")
_OURS = re.compile(r"^::(error|warning|notice) file=[^:]*,title=mlgate [a-z-]+( \((medium|low) confidence\))?::"
                   r"|^::(notice|warning)::mlgate")


def injected(text: str) -> list[str]:
    """The lines of a log the runner would read as commands mlgate did not mean to write."""
    return [ln for ln in text.splitlines() if _COMMAND.match(ln) and not _OURS.match(ln)] + \
        [ln for ln in text.splitlines() if "##[" in ln]


# --------------------------------------------------------------------- 3. workflow-command injection
INJECT = "\n::add-mask::S3cret\n::stop-commands::tok\n::error file=README.md,line=1::forged\n##[error]old form"


def test_quoted_values_with_line_breaks_inject_no_workflow_command(
        tmp_path: Path, fake: FakeGitHub, monkeypatch: pytest.MonkeyPatch,  # noqa: F811
        capsys: pytest.CaptureFixture[str]) -> None:
    env_yml = "name: churn\ndependencies:\n  - " + json.dumps("numpy" + INJECT) + "\n  - python=3.11.7\n"
    mlproject = "name: churn\ndocker_env:\n  image: " + json.dumps("python:3.11" + INJECT) + "\n"
    gh = Actions(tmp_path, fake, head_files={"environment.yml": env_yml, "MLproject": mlproject,
                                             "requirements.txt": "pandas==2.2.2\n"})
    code, out, err = gh.run(monkeypatch, capsys)
    assert code == 1 and "Traceback" not in err
    report = json.loads((gh.root / "mlgate-report.json").read_text())
    messages = [f["message"] for r in report["rules"] for f in r["findings"]]
    assert any("::add-mask::S3cret" in m for m in messages if m.startswith("conda dependency"))
    assert any("::add-mask::S3cret" in m for m in messages if m.startswith("MLproject docker_env"))
    assert injected(out) == [] and injected(err) == []
    # the values are still shown, escaped on one line, in the text report and the annotations
    assert "conda dependency `numpy\\n::add-mask::S3cret\\n::stop-commands::tok" in out
    assert "%0A::add-mask::S3cret" in out  # inside an annotation's message, as the runner decodes it


def test_config_key_with_a_line_break_in_a_config_error_injects_nothing(
        tmp_path: Path, fake: FakeGitHub, monkeypatch: pytest.MonkeyPatch,  # noqa: F811
        capsys: pytest.CaptureFixture[str]) -> None:
    config = "rules:\n  " + json.dumps("repro-seeds" + INJECT) + ": off\n"
    gh = Actions(tmp_path, fake, head_files={".mlgate.yaml": config})
    # a pull request: the base's configuration gates; the comment and the log say the PR's is invalid
    code, out, err = gh.run(monkeypatch, capsys)
    assert code == 0 and "Traceback" not in err  # the PR adds no finding
    assert "unknown rule id 'repro-seeds%0A::add-mask::S3cret" in out  # said in a notice, escaped
    assert "configuration is invalid" in fake.comments[0]["body"]
    assert injected(out) == [] and injected(err) == []
    # a push: the working tree's configuration is the gate's, and it is invalid: exit 2, one line
    (tmp_path / "event.json").write_text(json.dumps({"before": gh.base_sha, "after": gh.head_sha}))
    gh.env.update({"GITHUB_EVENT_NAME": "push", "GITHUB_SHA": gh.head_sha})
    code, out, err = gh.run(monkeypatch, capsys)
    assert code == 2
    assert "unknown rule id 'repro-seeds\\n::add-mask::S3cret" in err
    assert injected(out) == [] and injected(err) == []
    # `mlgate check` prints the same error the same way
    code = main(["check", str(gh.root)])
    out, err = capsys.readouterr()
    assert code == 2 and "unknown rule id" in err and injected(out + err) == []
    assert len(err.strip().splitlines()) == 1


def test_file_name_that_looks_like_a_command_is_not_one(
        tmp_path: Path, fake: FakeGitHub, monkeypatch: pytest.MonkeyPatch,  # noqa: F811
        capsys: pytest.CaptureFixture[str]) -> None:
    # no line break at all: the text report indents a path, and the runner trims the indentation
    gh = Actions(tmp_path, fake)
    write_tree(gh.root, {"::add-mask::x/Dockerfile": "FROM python:latest\n",
                         "##[error]y/Dockerfile": "FROM python:latest\n"})
    git(gh.root, "add", "-A")
    git(gh.root, "commit", "-qm", "odd names")
    code, out, err = gh.run(monkeypatch, capsys)
    assert code == 1 and "add-mask" in out and "Traceback" not in err
    assert injected(out) == [] and injected(err) == []


def test_pre_commit_hooks_print_no_workflow_command_and_survive_non_utf8_names(tmp_path: Path) -> None:
    env_yml = "name: churn\ndependencies:\n  - " + json.dumps("numpy" + INJECT) + "\n"
    root = git_repo(tmp_path / "r", {"environment.yml": env_yml, "serve/Dockerfile": "FROM python:latest\n"})
    odd = os.fsencode(str(root)) + b"/caf\xe9.yaml"
    with open(odd, "w") as fh:
        fh.write("a: 1\n")
    args = [sys.executable, "-m", "mlgate.hooks", "mlgate-data-pins", "--", "environment.yml",
            "serve/Dockerfile", os.fsdecode(b"caf\xe9.yaml")]
    proc = subprocess.run(args, cwd=root, capture_output=True, text=True, timeout=120,
                          env={**os.environ, "PYTHONPATH": str(ROOT)})
    assert "Traceback" not in proc.stderr, proc.stderr
    assert "conda dependency `numpy\\n::add-mask::S3cret" in proc.stdout
    assert "serve/Dockerfile:1: warning repro-image-digest" in proc.stdout
    assert injected(proc.stdout) == [] and injected(proc.stderr) == []


# --------------------------------------------------------------------------- 4. the sticky comment
def human(server: FakeGitHub, cid: int, body: str, login: str = "mallory") -> dict[str, object]:
    comment = {"id": cid, "body": body, "user": {"login": login, "id": 66, "type": "User"},
               "url": f"{server.url}/repos/{server.repo}/issues/comments/{cid}"}
    server.comments.append(comment)
    return comment


def test_a_human_comment_with_the_marker_is_never_edited(
        tmp_path: Path, fake: FakeGitHub, monkeypatch: pytest.MonkeyPatch,  # noqa: F811
        capsys: pytest.CaptureFixture[str]) -> None:
    gh = Actions(tmp_path, fake)
    forged = human(fake, 10, "<!-- mlgate:comment -->\nmlgate says: Gate passed, merge away")
    gh.run(monkeypatch, capsys)
    assert forged["body"] == "<!-- mlgate:comment -->\nmlgate says: Gate passed, merge away"
    assert not any(r.method == "PATCH" for r in fake.requests)
    ours = [c for c in fake.comments if c["id"] != 10]
    assert len(ours) == 1 and ours[0]["user"]["login"] == "github-actions[bot]"
    assert "ML Test Score" in ours[0]["body"]
    # the next run edits its own comment, still not the human's
    write_tree(gh.root, {"requirements.txt": "pandas==2.2.2\nnumpy>=1.20\nscipy>=1\n"})
    git(gh.root, "commit", "-qam", "more")
    new_head = git(gh.root, "rev-parse", "HEAD").strip()  # the pull request's new head, as the API says
    assert fake.pull is not None
    fake.pull["head"]["sha"] = new_head
    event = json.loads((tmp_path / "event.json").read_text())
    event["pull_request"]["head"]["sha"] = new_head
    (tmp_path / "event.json").write_text(json.dumps(event))
    gh.run(monkeypatch, capsys)
    patches = [r.path for r in fake.requests if r.method == "PATCH"]
    assert patches == [f"/repos/acme/churn/issues/comments/{ours[0]['id']}"]
    assert forged["body"].endswith("merge away")


def test_with_a_personal_token_only_that_users_comment_is_ours(
        tmp_path: Path, fake: FakeGitHub, monkeypatch: pytest.MonkeyPatch,  # noqa: F811
        capsys: pytest.CaptureFixture[str]) -> None:
    gh = Actions(tmp_path, fake)
    fake.user_login = "ci-user"  # GET /user answers: the token is ci-user's
    bots = human(fake, 11, "<!-- mlgate:comment -->\nold", login="github-actions[bot]")
    mine = human(fake, 12, "<!-- mlgate:comment -->\nold", login="ci-user")
    gh.run(monkeypatch, capsys)
    assert bots["body"].endswith("old") and "ML Test Score" in str(mine["body"])
    assert len(fake.comments) == 2


def test_with_a_github_app_token_the_apps_bot_is_found_through_graphql(
        tmp_path: Path, fake: FakeGitHub, monkeypatch: pytest.MonkeyPatch,  # noqa: F811
        capsys: pytest.CaptureFixture[str]) -> None:
    gh = Actions(tmp_path, fake)
    fake.app_login = "acme-ci[bot]"
    other = human(fake, 11, "<!-- mlgate:comment -->\nold", login="github-actions[bot]")
    gh.run(monkeypatch, capsys)
    gh.run(monkeypatch, capsys)  # found again: one comment of its own, however many runs
    assert [c["user"]["login"] for c in fake.comments] == ["github-actions[bot]", "acme-ci[bot]"]
    assert other["body"].endswith("old")
    assert any(r.path == "/graphql" for r in fake.requests)


def test_a_viewer_named_without_its_bot_suffix_still_finds_only_the_bots_comment(
        tmp_path: Path, fake: FakeGitHub, monkeypatch: pytest.MonkeyPatch,  # noqa: F811
        capsys: pytest.CaptureFixture[str]) -> None:
    gh = Actions(tmp_path, fake)
    person = human(fake, 12, "<!-- mlgate:comment -->\nmine now", login="acme-ci")  # a person, not the bot
    fake.app_login = "acme-ci[bot]"  # the app's bot writes...
    monkeypatch.setattr(FakeGitHub, "route", _viewer_without_suffix(FakeGitHub.route))  # ...viewer: acme-ci
    gh.run(monkeypatch, capsys)
    gh.run(monkeypatch, capsys)
    assert person["body"].endswith("mine now")
    assert [c["user"]["login"] for c in fake.comments] == ["acme-ci", "acme-ci[bot]"]


def _viewer_without_suffix(route):  # type: ignore[no-untyped-def]
    def patched(self, req):  # type: ignore[no-untyped-def]
        if req.path == "/graphql":
            return 200, {"data": {"viewer": {"login": "acme-ci"}}}, {}
        return route(self, req)

    return patched


def test_a_human_review_comment_with_a_finding_marker_does_not_silence_mlgate(
        tmp_path: Path, fake: FakeGitHub, monkeypatch: pytest.MonkeyPatch,  # noqa: F811
        capsys: pytest.CaptureFixture[str]) -> None:
    gh = Actions(tmp_path, fake)
    gh.run(monkeypatch, capsys)
    (ours,) = fake.review_comments
    marker = re.search(r"<!-- mlgate:finding:[0-9a-f]+ -->", ours["body"])
    assert marker is not None
    # the same marker, copied into a human's review comment: mlgate's own comment is posted again
    fake.review_comments = [{**ours, "id": 1, "user": {"login": "mallory", "id": 66, "type": "User"},
                             "body": marker.group(0) + " resolved, ignore"}]
    gh.run(monkeypatch, capsys)
    assert len([c for c in fake.review_comments if c["user"]["login"] == "github-actions[bot]"]) == 1
    # and mlgate's own comment keeps it from repeating
    gh.run(monkeypatch, capsys)
    assert len([c for c in fake.review_comments if c["user"]["login"] == "github-actions[bot]"]) == 1


# ------------------------------------------------------------ 5. the pull request configures its gate
def test_a_pull_request_cannot_configure_its_own_gate(
        tmp_path: Path, fake: FakeGitHub, monkeypatch: pytest.MonkeyPatch,  # noqa: F811
        capsys: pytest.CaptureFixture[str]) -> None:
    config = ("fail-on: never\nrules:\n  repro-deps-pinned: off\n"
              "waivers:\n  - rule: repro-deps-pinned\n    paths: ['**']\n    reason: trust me\n"
              "paths:\n  exclude: [requirements.txt]\n")
    gh = Actions(tmp_path, fake, head_files={**{"requirements.txt": "pandas==2.2.2\nnumpy>=1.20\n"},
                                             ".mlgate.yaml": config})
    code, out, _ = gh.run(monkeypatch, capsys)
    assert code == 1  # the base's gate: the new loose pin fails it
    body = fake.comments[0]["body"]
    assert "repro-deps-pinned" in body.split("### New findings")[1]
    note = next(ln for ln in body.splitlines() if "changes the mlgate configuration" in ln)
    for change in ("fail-on `error` -&gt; `never`", "rule `repro-deps-pinned` turned off",
                   "new waiver of `repro-deps-pinned` on `**`", "paths.exclude adds `requirements.txt`"):
        assert change in note, note
    assert "::notice::mlgate: This pull request changes the mlgate configuration" in out
    # after merge (a push, or `mlgate check` on the working tree) the pull request's configuration applies
    assert main(["check", str(gh.root), "--format", "json"]) == 0
    local = json.loads(capsys.readouterr().out)
    assert "repro-deps-pinned" not in {r["id"] for r in local["rules"]}


def test_the_base_configuration_gates_and_an_unchanged_one_is_not_mentioned(
        tmp_path: Path, fake: FakeGitHub, monkeypatch: pytest.MonkeyPatch,  # noqa: F811
        capsys: pytest.CaptureFixture[str]) -> None:
    gh = Actions(tmp_path, fake)
    # the base branch turns the rule off (committed on main before the PR): the PR inherits it
    root = gh.root
    git(root, "checkout", "-q", "-b", "feature")
    git(root, "checkout", "-q", "main")
    git(root, "reset", "-q", "--hard", gh.base_sha)
    write_tree(root, {".mlgate.yaml": "rules:\n  repro-deps-pinned: off\n"})
    git(root, "add", "-A")
    git(root, "commit", "-qm", "base config")
    main_tip = git(root, "rev-parse", "HEAD").strip()
    git(root, "merge", "-q", "--no-edit", "feature")
    event = json.loads((tmp_path / "event.json").read_text())
    event["pull_request"]["base"]["sha"] = main_tip
    (tmp_path / "event.json").write_text(json.dumps(event))
    gh.run(monkeypatch, capsys)
    assert "changes the mlgate configuration" not in fake.comments[0]["body"]
    report = json.loads((gh.root / "mlgate-report.json").read_text())
    assert "repro-deps-pinned" not in {r["id"] for r in report["rules"]}


# --------------------------------------------------------------------------- 6. symlinks into .git
def test_a_tracked_symlink_into_git_is_never_followed(
        tmp_path: Path, fake: FakeGitHub, monkeypatch: pytest.MonkeyPatch,  # noqa: F811
        capsys: pytest.CaptureFixture[str]) -> None:
    header = "AUTHORIZATION: basic eC1hY2Nlc3MtdG9rZW46Z2hzX3NlY3JldA=="
    gh = Actions(tmp_path, fake)
    git(gh.root, "config", "http.https://github.com/.extraheader", header)
    os.remove(gh.root / ".github" / "CODEOWNERS")
    os.symlink("../.git/config", gh.root / ".github" / "CODEOWNERS")
    os.symlink(".git/config", gh.root / "params.yml")
    os.symlink("untracked.yaml", gh.root / "link.yaml")
    (gh.root / "untracked.yaml").write_text("token: from-an-untracked-file\n")
    git(gh.root, "add", ".github/CODEOWNERS", "params.yml", "link.yaml")
    git(gh.root, "commit", "-qm", "links")
    code, out, err = gh.run(monkeypatch, capsys)
    assert code == 1
    texts = [out, err, gh.summary.read_text(), (gh.root / "mlgate-report.json").read_text(),
             *(c["body"] for c in fake.comments)]
    for text in texts:
        assert "eC1hY2Nlc3MtdG9rZW46" not in text and "extraheader" not in text
    report = json.loads((gh.root / "mlgate-report.json").read_text())
    notices = {n["path"]: n["message"] for n in report["notices"]}
    assert notices[".github/CODEOWNERS"] == "symbolic link into .git; not followed"
    assert notices["params.yml"] == "symbolic link into .git; not followed"
    # `mlgate check` reads the same way
    assert main(["check", str(gh.root), "--format", "json"]) == 1
    assert "eC1hY2Nlc3MtdG9rZW46" not in capsys.readouterr().out


# ------------------------------------------------------------------------------ 7. planted outputs
def test_outputs_are_never_written_through_planted_links_or_outside_the_workspace(
        tmp_path: Path, fake: FakeGitHub, monkeypatch: pytest.MonkeyPatch,  # noqa: F811
        capsys: pytest.CaptureFixture[str]) -> None:
    victim = tmp_path / "victim.txt"
    victim.write_text("precious\n")
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    gh = Actions(tmp_path, fake)
    os.symlink(str(victim), gh.root / "mlgate-report.json")
    os.symlink(str(elsewhere), gh.root / "out")
    git(gh.root, "add", "mlgate-report.json", "out")
    git(gh.root, "commit", "-qm", "plant links")
    code, out, err = gh.run(monkeypatch, capsys, **{"sarif-file": "out/mlgate.sarif"})
    assert code == 1 and "Traceback" not in err
    assert victim.read_text() == "precious\n" and list(elsewhere.iterdir()) == []
    assert "::warning::mlgate: not writing mlgate-report.json: it is a symbolic link in the checkout" in out
    assert "::warning::mlgate: not writing out/mlgate.sarif: out is a symbolic link" in out
    assert "ML Test Score" in gh.summary.read_text() and gh.outputs()["passed"] == "false"
    assert gh.outputs()["report"] == ""  # the workflow's `if: steps.mlgate.outputs.report != ''` skips it
    # a path that leaves the workspace is refused too
    for target in ("../escaped.sarif", str(tmp_path / "abs.sarif")):
        code, out, _ = gh.run(monkeypatch, capsys, **{"sarif-file": target})
        assert code == 1 and "it is outside the workspace" in out
    assert not (tmp_path / "escaped.sarif").exists() and not (tmp_path / "abs.sarif").exists()
    # an ordinary folder is created as before
    gh.run(monkeypatch, capsys, **{"sarif-file": "reports/mlgate.sarif"})
    assert json.loads((gh.root / "reports" / "mlgate.sarif").read_text())["version"] == "2.1.0"


# ------------------------------------------------------------------------ 8. inputs that crashed
def test_deep_yaml_and_a_non_utf8_file_name_still_give_a_report(tmp_path: Path) -> None:
    """In a subprocess: before the fix, libyaml took the whole process down (SIGSEGV)."""
    base = tmp_path
    root = git_repo(base / "repo", {"README.md": "# churn\n"})
    base_sha = git(root, "rev-parse", "HEAD").strip()
    write_tree(root, {".github/workflows/ci.yml": "on: push\njobs:\n  x: " + "- " * 50000 + "x\n",
                      "serve/Dockerfile": "FROM python:latest\n"})
    bad = os.fsencode(str(root / "data")) + b"/caf\xe9.csv"
    os.makedirs(os.fsencode(str(root / "data")), exist_ok=True)
    with open(bad, "w") as fh:
        fh.write("a,b\n")
    with open(os.fsencode(str(root)) + b"/m\xff.pkl", "wb") as fh:
        fh.write(b"\x80\x04K\x01.")
    subprocess.run(["git", "add", "-A"], cwd=root, check=True)
    git(root, "commit", "-qm", "hostile")
    head_sha = git(root, "rev-parse", "HEAD").strip()
    server = FakeGitHub().start()
    try:
        event = {"number": server.number, "pull_request": {
            "number": server.number, "head": {"sha": head_sha, "ref": "f", "repo": {"full_name": server.repo}},
            "base": {"sha": base_sha, "ref": "main", "repo": {"full_name": server.repo}}}}
        (base / "event.json").write_text(json.dumps(event))
        server.pull = event["pull_request"]
        env = {"PATH": os.environ["PATH"], "HOME": str(base), "PYTHONPATH": str(ROOT), "LANG": "C.UTF-8",
               "GITHUB_ACTIONS": "true", "GITHUB_EVENT_NAME": "pull_request",
               "GITHUB_EVENT_PATH": str(base / "event.json"), "GITHUB_REPOSITORY": server.repo,
               "GITHUB_SHA": head_sha, "GITHUB_WORKSPACE": str(root), "GITHUB_API_URL": server.url,
               "GITHUB_STEP_SUMMARY": str(base / "summary.md"), "INPUT_TOKEN": "ghs_" + "x" * 36,
               "INPUT_SARIF-FILE": "mlgate.sarif", "MLGATE_API_RETRIES": "0", "MLGATE_API_PACE": "0",
               "MLGATE_API_WRITE_PACE": "0"}
        action = subprocess.run([sys.executable, "-m", "mlgate", "action"], cwd=root, env=env,
                                capture_output=True, text=True, timeout=120)
    finally:
        server.stop()
    # the one new finding (FROM python:latest) is a warning; "no test suite" was there before the PR
    assert action.returncode == 0, action.stdout + action.stderr
    assert "Traceback" not in action.stderr and "UnicodeEncodeError" not in action.stdout + action.stderr
    report = json.loads((root / "mlgate-report.json").read_text(encoding="utf-8"))
    notices = {n["path"]: n["message"] for n in report["notices"]}
    assert "nested more than 1,000 levels" in notices[".github/workflows/ci.yml"]
    assert notices["data/caf\\xe9.csv"] == "file name is not valid UTF-8; skipped"
    assert notices["m\\xff.pkl"] == "file name is not valid UTF-8; skipped"
    assert "serve/Dockerfile" in server.comments[0]["body"] and "serve/Dockerfile" in (base / "summary.md").read_text()
    assert json.loads((root / "mlgate.sarif").read_text())["version"] == "2.1.0"
    for fmt in ("text", "json", "markdown", "sarif"):
        check = subprocess.run([sys.executable, "-m", "mlgate", "check", str(root), "--format", fmt],
                               env={**env, "PYTHONIOENCODING": "utf-8"}, capture_output=True, timeout=120)
        assert check.returncode == 0, check.stderr  # its only finding is a warning: the gate passes
        assert b"Traceback" not in check.stderr and b"serve/Dockerfile" in check.stdout


# ---------------------------------------------------------------------------- 10. Markdown injection
HOSTILE_VALUE = ("x` ![t](https://evil.example/t.png) <img src=https://evil.example/p.png> </details> "
                 "@alice @acme/all [Gate passed](https://evil.example/login) https://evil.example/bare "
                 "`` <b>out</b> `` **Gate: ✅ passed**\n## ✅ Gate passed\n<!-- mlgate:comment -->`y")


def rendered(markdown: str) -> str:
    """The HTML GitHub's Markdown renderer (cmark-gfm) makes of a body, raw HTML kept (GitHub then
    sanitises it; mlgate's bodies must not need that)."""
    import cmarkgfm
    from cmarkgfm.cmark import Options

    html: str = cmarkgfm.github_flavored_markdown_to_html(markdown, options=Options.CMARK_OPT_UNSAFE)
    return html


def assert_inert(html: str, *, headings: tuple[str, ...]) -> None:
    assert "<img" not in html and "<b>" not in html
    hrefs = re.findall(r'href="([^"]*)"', html)
    assert all(h.startswith("https://github.com/acme/churn/") for h in hrefs), hrefs
    assert html.count("<details>") == html.count("</details>")
    assert "@alice" not in html and "@acme/all" not in html  # a zero-width joiner follows the @
    found = re.findall(r"<h\d>(.*?)</h\d>", html)
    assert all(h.startswith(headings) for h in found), found
    assert "<!-- mlgate:comment -->" not in html.split("\n", 1)[1]  # no second, forged marker


def test_repository_text_cannot_inject_markdown_or_html(
        tmp_path: Path, fake: FakeGitHub, monkeypatch: pytest.MonkeyPatch,  # noqa: F811
        capsys: pytest.CaptureFixture[str]) -> None:
    env_yml = "dependencies:\n  - " + json.dumps(HOSTILE_VALUE) + "\n  - python=3.11.7\n"
    gh = Actions(tmp_path, fake, head_files={"environment.yml": env_yml})
    code, _, err = gh.run(monkeypatch, capsys, **{"check-run": "true"})
    assert code == 1 and "Traceback" not in err
    body = fake.comments[0]["body"]
    assert "conda dependency" in body and "evil.example" in body  # the value is shown, as text
    ours = ("mlgate · ML Test Score", "New findings", "Fixed")
    assert_inert(rendered(body), headings=ours)
    assert_inert(rendered(gh.summary.read_text()), headings=ours)
    assert_inert(rendered(fake.check_runs[0]["output"]["summary"]), headings=ours)
    (review,) = [r for r in fake.requests if r.method == "POST" and r.path.endswith("/reviews")]
    (comment,) = [c for c in review.body["comments"] if "conda dependency" in c["body"]]
    assert_inert(rendered(comment["body"]), headings=())
    assert "Gate passed" in rendered(comment["body"])  # as plain text inside the message


# ------------------------------------------------------------------------------ 9. resource abuse
def test_ten_thousand_findings_fit_every_limit_in_linear_time(
        tmp_path: Path, fake: FakeGitHub, monkeypatch: pytest.MonkeyPatch,  # noqa: F811
        capsys: pytest.CaptureFixture[str]) -> None:
    # 10,000 loose pins, and a conda dependency of 150,000 two-byte letters (the summary counts bytes, a
    # comment UTF-16 units, an annotation 64 KB)
    deps = "".join(f"pkg{i:05d}>=1.{i}\n" for i in range(10_000))
    conda = "dependencies:\n  - " + "é" * 150_000 + "\n  - python=3.11.7\n"
    gh = Actions(tmp_path, fake, head_files={"requirements.txt": "pandas==2.2.2\n" + deps,
                                             "environment.yml": conda})
    start = time.monotonic()
    code, _, err = gh.run(monkeypatch, capsys, **{"check-run": "true"})
    seconds = time.monotonic() - start
    assert code == 1 and "Traceback" not in err
    assert seconds < 60, f"{seconds:.1f} s"
    print(f"10,000 findings through `mlgate action`: {seconds:.1f} s")
    report = json.loads((gh.root / "mlgate-report.json").read_text())
    assert len(report["comparison"]["new"]) >= 10_000
    summary = gh.summary.read_text(encoding="utf-8")
    assert len(summary.encode("utf-8")) <= 1_048_576 and "cut to fit" in summary

    def units(text: str) -> int:
        return len(text.encode("utf-16-le")) // 2

    (comment,) = fake.comments
    assert units(comment["body"]) <= 65_536 and "How to waive a finding" in comment["body"]
    (review,) = [r for r in fake.requests if r.method == "POST" and r.path.endswith("/reviews")]
    # one comment per rule and file: the loose pins in one, the long conda name in the other
    assert units(review.body["body"]) <= 65_536 and len(review.body["comments"]) == 2
    assert all(units(c["body"]) <= 65_536 for c in review.body["comments"])
    pins = next(c for c in review.body["comments"] if c["path"] == "requirements.txt")
    assert pins["line"] == 2 and "10000 findings on lines this pull request changes" in pins["body"]
    assert "- line 2: pkg00000 is not pinned" in pins["body"] and "more in the mlgate comment" in pins["body"]
    (run,) = fake.check_runs
    assert sum(len(o["annotations"]) for o in run["outputs"]) == 1_000  # 20 paced requests, not 200
    for output in run["outputs"]:
        assert units(output["summary"]) <= 65_535
        assert all(len(a["message"].encode("utf-8")) <= 64 * 1024 for a in output["annotations"])
    longest = max((a for o in run["outputs"] for a in o["annotations"]), key=lambda a: len(a["message"]))
    assert longest["message"].startswith("conda dependency `éé") and longest["message"].endswith("é…")


def test_markdown_cut_is_linear(tmp_path: Path) -> None:
    """The cut-to-fit loop joined the whole body once per dropped line: 10,000 findings took ~50 s."""
    from mlgate.analysis import analyse
    from mlgate.config import parse_config
    from mlgate.render.escape import utf8_size
    from mlgate.render.markdown import render

    deps = "".join(f"pkg{i:05d}>=1.{i}\n" for i in range(20_000))
    root = write_tree(tmp_path / "r", {"requirements.txt": deps})
    report = analyse(str(root), parse_config("", "x"))
    assert len(report.active_findings()) >= 20_000
    start = time.monotonic()
    comment = render(report, max_chars=65_536)
    summary = render(report, max_chars=1_000_000, measure=utf8_size)
    assert time.monotonic() - start < 5
    assert len(comment.encode("utf-16-le")) // 2 <= 65_536 and "cut to fit" in comment
    assert len(summary.encode("utf-8")) <= 1_000_000 and "cut to fit" in summary


def test_a_fifty_thousand_line_dvc_pipeline_is_not_quadratic(tmp_path: Path) -> None:
    from tests.conftest import run_rule

    lines = ["stages:"]
    for i in range(10_000):
        lines += [f"  s{i}:", f"    cmd: python make.py {i}", f"    deps: [data/in{i}.csv]", "    outs:",
                  f"    - data/out{i}.csv"]
    root = write_tree(tmp_path / "r", {"dvc.yaml": "\n".join(lines) + "\n", "make.py": "x = 1\n"})
    start = time.monotonic()
    result = run_rule(root, "prov-dataset-lineage")  # asks for the producer of each of the 10,000 outs
    seconds = time.monotonic() - start
    assert seconds < 30, f"{seconds:.1f} s (over 60 s when each path scanned every stage)"
    assert result.status.value == "partial" and len(result.findings) == 10_000
    assert result.findings[0].message == "data/out0.csv is produced by stage 's0', but dvc.lock does not lock it"


# ---------------------------------------------------------------------- the neutralisation itself
_HOSTILE_ALPHABET = "ab@/:.`*_~[]()!<>&#|\\$-= \n\r\t\x1b\u2028é"


@pytest.mark.parametrize("seed", range(3))
def test_any_text_renders_as_inert_markdown(seed: int) -> None:
    """Whatever a repository's text is, once through md_message it renders (with GitHub's own
    renderer) to paragraphs and code only: no link, image, HTML, heading, emphasis or @mention."""
    import random

    from mlgate.render.escape import md_message

    rng = random.Random(seed)
    words = ["https://evil.example/x", "www.evil.example", "@alice", "a@b.example", "<img src=x>",
             "</details>", "![i](u)", "[l](u)", "```", "``", "# h", "**b**", "~~s~~", "$x$", "&#64;bob",
             "<!-- c -->", "\\", "|", "\n## h\n"]
    for _ in range(300):
        parts = [rng.choice(words) if rng.random() < 0.5 else
                 "".join(rng.choice(_HOSTILE_ALPHABET) for _ in range(rng.randint(1, 6)))
                 for _ in range(rng.randint(1, 8))]
        text = "".join(parts)
        html = rendered("- finding: " + md_message(text))
        tags = set(re.findall(r"</?(\w+)", html))
        assert tags <= {"ul", "li", "p", "code"}, (text, html)
        outside_code = re.sub(r"<code>.*?</code>", "\u00a4", html, flags=re.S)
        assert not re.search(r"@[A-Za-z0-9]", outside_code), (text, html)
        assert "\n" not in md_message(text)


def test_log_lines_and_one_line() -> None:
    from mlgate.render.escape import code_span, cut, log_lines, one_line, utf8_size

    assert one_line("a\nb\r\x00\u2028" + os.fsdecode(b"\xff")) == "a\\nb\\r\\x00\\u2028\\xff"
    assert log_lines("ok\n  ::add-mask::x\n::error::y\n##[error]z") == \
        "ok\n|  ::add-mask::x\n|::error::y\n#\u200b#[error]z"
    assert code_span("a``b") == "```a``b```" and code_span("`x") == "`` `x ``"
    assert cut("é" * 10, 9, utf8_size) == "é" * 3 + "…" and utf8_size(cut("é" * 10, 9, utf8_size)) <= 9
