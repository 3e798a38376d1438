"""`mlgate action`: analyse, compare with the base, and report where the team looks (SPEC section 8).

Order matters: the analysis and every local output (JSON report, SARIF, job summary, step outputs,
annotations, the log) come first and never depend on the API; the API writes come last, each one
allowed to fail. The exit code is the gate's, whatever the API did.
"""

from __future__ import annotations

import contextlib
import dataclasses
import os
import re
import stat
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import IO, Any

from mlgate import git, lazyre
from mlgate.analysis import analyse
from mlgate.config import Config, ConfigError, load_config
from mlgate.engine import Selection, _report_findings
from mlgate.github import commands
from mlgate.github.env import Event, InputError, Inputs, read_event, read_inputs
from mlgate.github.review import RULE_ID as SPEC_REVIEW
from mlgate.github.review import Protection, Review, evaluate
from mlgate.model import Report, ReportedFinding, RuleResult, Severity
from mlgate.render import ordered_findings
from mlgate.render.escape import cut, log_lines, md_message, one_line, utf8_size, utf16_size
from mlgate.render.markdown import GITHUB_COMMENT_LIMIT, MARKER, Links
from mlgate.render.markdown import render as render_markdown

REPORT_FILE = "mlgate-report.json"
SUMMARY_LIMIT = 1_000_000          # bytes: GitHub's job summary takes up to 1 MiB (1,048,576 bytes) per step
CHECK_SUMMARY_LIMIT = 65_535       # characters of a check run's output.summary
ANNOTATION_MESSAGE_LIMIT = 64_000  # bytes: a check-run annotation's message takes up to 64 KB
REVIEW_COMMENT_LIMIT = GITHUB_COMMENT_LIMIT
REVIEW_TEXT_CHARS = 4_000          # of a message or remediation quoted in a review comment
GITHUB_ACTIONS_BOT = "github-actions[bot]"  # who GITHUB_TOKEN writes as
ANNOTATIONS_PER_REQUEST = 50
MAX_CHECK_ANNOTATIONS = 1_000      # 20 requests; the comment and the job summary have the rest
MAX_REVIEW_COMMENTS = 50
FINDING_MARKER = "<!-- mlgate:finding:{} -->"
_FINDING_MARKER_RE = lazyre.compile(r"<!-- mlgate:finding:([0-9a-f]+) -->")
CHECK_LEVEL = {Severity.ERROR: "failure", Severity.WARNING: "warning", Severity.INFO: "notice"}
EXIT_USAGE = 2


# GitHub's token formats (personal, OAuth, user-to-server, server-to-server, refresh; fine-grained PAT)
_TOKEN_RE = lazyre.compile(r"\b(?:gh[pousr]_[A-Za-z0-9]{20,}|github_pat_[A-Za-z0-9_]{20,})")
_SECRET_INPUT_RE = lazyre.compile(r"TOKEN|SECRET|PASSWORD|PASSWD|KEY|PAT|CREDENTIAL", re.I)


def secret_values(env: Mapping[str, str]) -> list[str]:
    """The values to keep out of every output: each INPUT_* whose name says it is a secret (the token)."""
    return [v for k, v in env.items() if k.startswith("INPUT_") and _SECRET_INPUT_RE.search(k[6:]) and v]


class Scrubber:
    """Removes secrets (the token, secret-named inputs, anything shaped like a GitHub token) from any
    text before it is printed or written."""

    def __init__(self, *secrets: str) -> None:
        found = {s for s in secrets if s and len(s) >= 4}
        found |= {s.strip() for s in found if len(s.strip()) >= 4}
        self.secrets = sorted(found, key=len, reverse=True)  # the longest first: no partial leftovers

    def __call__(self, text: str) -> str:
        for s in self.secrets:
            text = text.replace(s, "***")
        return _TOKEN_RE.sub("***", text)


@dataclasses.dataclass
class PullRequestFacts:
    changed: dict[str, set[int]] | None = None   # repository path -> added lines (None: unknown)
    files: list[str] | None = None               # repository paths the PR changed (None: unknown)


def run(env: Mapping[str, str], stdout: IO[str], stderr: IO[str]) -> int:
    inputs = read_inputs(env)
    event = read_event(env)
    scrub = Scrubber(inputs.token, *secret_values(env))
    log = commands.Log(stdout.write, scrub)
    workspace = Path(env.get("GITHUB_WORKSPACE") or os.getcwd())
    try:
        # Only the workspace's own repository is used, never one a pull request planted below it, and
        # git may read it although the runner mounted it with another owner.
        with git.confined(workspace):
            return _run(env, inputs, event, log, scrub)
    except InputError:
        raise
    except Exception as exc:  # never let a traceback carry the token out
        stderr.write(log_lines(one_line(scrub(f"mlgate: error: {type(exc).__name__}: {exc}"))) + "\n")
        if env.get("MLGATE_DEBUG"):
            import traceback

            stderr.write(log_lines(scrub(traceback.format_exc())))
        return EXIT_USAGE


def _run(env: Mapping[str, str], inputs: Inputs, event: Event, log: commands.Log, scrub: Scrubber) -> int:
    workspace = Path(env.get("GITHUB_WORKSPACE") or os.getcwd())
    root = Path(inputs.path) if os.path.isabs(inputs.path) else workspace / inputs.path
    if not root.is_dir():
        raise InputError(f"input path: {inputs.path} is not a directory in the workspace")
    if not root.resolve().is_relative_to(workspace.resolve()):
        raise InputError(f"input path: {inputs.path} is outside the workspace")
    config, head_error = _head_config(root, inputs, event)
    notes: list[str] = []
    api = _client(env, inputs, event, log)
    event = confirm_pull_request(api, event, root, log, notes)

    # 1. the base to compare with
    base_ref = inputs.base or event.base_sha
    base: str | None = None
    if base_ref:
        base, why = git.fetch_commit(root, base_ref)
        if base is None:
            note = (f"Full scan: the base `{base_ref[:12]}` is not in this checkout and could not be fetched "
                    f"({scrub(why)}), so every finding counts, not only new ones. Set `fetch-depth: 0` on "
                    "actions/checkout.")
            notes.append(note)
            log.notice("mlgate: " + note)

    # 1b. on a pull request the gate is the base branch's: the pull request cannot configure its own gate
    if event.is_pull_request:
        config = _gate_config(root, inputs, base, config, log, notes, head_error)

    # 2. the analysis
    report = _analyse(root, config, inputs, base, log, notes)
    if report.comparison is not None and event.base_label and base == event.base_sha:
        report = dataclasses.replace(report, comparison=dataclasses.replace(report.comparison,
                                                                               base=event.base_label))

    # 3. what the API can tell about the pull request (reads only)
    pr_facts = PullRequestFacts()
    if api is not None and event.number is not None:
        try:
            pr_facts = _pull_request_facts(api, event)
            report = _spec_review(api, event, report, config, inputs, root, base, pr_facts)
        except Exception as exc:  # a surprise in an API answer must not cost the report
            log.notice(f"mlgate: reading the pull request failed ({type(exc).__name__}: {exc}); going on")
    if pr_facts.changed is None and base and event.sha:
        pr_facts.changed = git.changed_lines(root, base, event.sha)

    # 4. every local output: nothing here depends on the API
    server = env.get("GITHUB_SERVER_URL", "https://github.com")
    links = Links(server, event.repository, event.sha) if event.sha else None
    run_url = _run_url(env, server, event.repository)
    # every text that leaves the process is scrubbed, the report too (a file may quote a token)
    # (scrubbing only shortens a text: what fits before, fits after)
    summary = scrub(render_markdown(report, links=links, max_chars=SUMMARY_LIMIT, notes=notes,
                                    measure=utf8_size))
    hint = f"[the job summary]({run_url})" if run_url else "the job summary"
    comment = scrub(render_markdown(report, links=links, max_chars=GITHUB_COMMENT_LIMIT, notes=notes,
                                    summary_hint=hint))
    check_summary = scrub(render_markdown(report, links=links, max_chars=CHECK_SUMMARY_LIMIT, notes=notes,
                                          summary_hint=hint))
    written = _write_files(workspace, inputs, report, log, scrub)
    _runner_file(log, "the job summary", commands.append_summary, env.get("GITHUB_STEP_SUMMARY"), summary)
    c = report.comparison
    _runner_file(log, "the step outputs", commands.write_outputs, env.get("GITHUB_OUTPUT"), {
        "score": f"{report.score.score:g}",
        "passed": "true" if report.gate.passed else "false",
        "report": REPORT_FILE if REPORT_FILE in written else "",  # empty when it could not be written
        "new-findings": str(len(c.new) if c is not None else len(report.active_findings())),
    })
    from mlgate.render.text import render as render_text

    log.line(render_text(report, color=False).rstrip("\n"))
    shown = _annotated(report)
    if inputs.annotations:
        for line in commands.annotation_lines(shown, report.path_prefix):
            log.command(line)

    # 5. the API writes, each allowed to fail
    if api is not None:
        try:
            if event.is_pull_request and inputs.comment:
                _sticky_comment(api, event, comment, _identity(api))
            if event.is_pull_request and inputs.review_comments and c is not None:
                _review_comments(api, event, report, pr_facts, root, scrub, _identity(api))
            if inputs.status and event.sha:
                _status(api, event, report, run_url)
            if inputs.check_run and event.sha:
                _check_run(api, event, report, shown, run_url, check_summary)
        except Exception as exc:  # the exit code stays the gate's, whatever the API did
            log.notice(f"mlgate: posting to GitHub failed ({type(exc).__name__}: {exc})")
    return 0 if report.gate.passed else 1


def _head_config(root: Path, inputs: Inputs, event: Event) -> tuple[Config, ConfigError | None]:
    """The working tree's configuration. On a pull request an invalid one does not stop the run: the
    gate runs with the base branch's configuration anyway, and the comment says what is wrong."""
    try:
        return load_config(root, inputs.config), None
    except ConfigError as exc:
        if not event.is_pull_request:
            raise
        return Config(), exc


def _gate_config(root: Path, inputs: Inputs, base: str | None, head: Config, log: commands.Log,
                 notes: list[str], head_error: ConfigError | None = None) -> Config:
    """The configuration the gate of a pull request runs with: the base commit's (read from its blobs,
    never from the working tree the pull request wrote). What the pull request changes in it applies
    after merge; the comment lists it for the reviewers. ``head_error``: the pull request's own
    configuration is invalid (raised again when there is no base configuration to use instead)."""
    from mlgate.config import MAX_CONFIG_BYTES, config_changes, load_config_at

    explicit: str | None = None
    if inputs.config:
        try:
            rel = Path(inputs.config).resolve().relative_to(root.resolve())
        except (ValueError, OSError, RuntimeError):
            if head_error is not None:
                raise head_error from None
            return head  # a file outside the analysed directory: the workflow's, not the pull request's
        explicit = rel.as_posix()
    if base is None and head_error is not None:
        raise head_error
    if base is None:
        note = ("The base commit could not be read, so the gate ran with this pull request's own "
                "configuration" + (f" (`{head.path}`)" if head.path else "") + ".")
        notes.append(note)
        log.notice("mlgate: " + note)
        return head
    try:
        files, source, *_ = git.tree_at(root, base)
        gate = load_config_at(set(files), lambda name: source.read(name, MAX_CONFIG_BYTES + 1), explicit)
    except git.GitError:
        if head_error is not None:
            raise head_error from None
        return head  # the analysis says why the base cannot be read
    except ConfigError as exc:
        gate = Config()
        note = f"The base branch's configuration is invalid ({exc}): the gate ran with the defaults."
        notes.append(note)
        log.notice("mlgate: " + note)
    if head_error is not None:
        note = (f"This pull request's mlgate configuration is invalid ({head_error}). The gate ran with the "
                "base branch's configuration; after merge mlgate would stop with this error.")
        notes.append(note)
        log.notice("mlgate: " + note)
        return gate
    changes = config_changes(gate, head)
    if changes:
        where = f"`{head.path}`" if head.path else "the configuration"
        note = (f"This pull request changes the mlgate configuration ({where}). The gate ran with the base "
                "branch's configuration; the change applies after merge: " + "; ".join(changes) + ".")
        notes.append(note)
        log.notice("mlgate: " + note)
    return gate


def _identity(api: Any) -> str:
    """The login the token writes as: the authenticated user (``GET /user``, a personal token), else
    GraphQL's ``viewer`` (an installation token: a GitHub App's bot, or github-actions[bot]), else the
    bot GITHUB_TOKEN writes as. Only its own comments are edited, and only its own review comments
    count as already posted."""
    cached = getattr(api, "identity", None)
    if isinstance(cached, str):
        return cached
    if not api.writable:  # nothing will be written: no need to ask
        return GITHUB_ACTIONS_BOT

    def login() -> str:
        return str(api.gh.get_user().login)

    found = api.read("find the token's own login", login, "", quiet=True)
    if not (isinstance(found, str) and found) and not api.down:
        try:  # GET /user answers 403 to an installation token; GraphQL still names it
            requester = api.gh.requester
            _, data = requester.requestJsonAndCheck("POST", requester.graphql_url,
                                                    input={"query": "query { viewer { login } }"})
            viewer = (data.get("data") or {}).get("viewer") or {} if isinstance(data, dict) else {}
            found = viewer.get("login") if isinstance(viewer, dict) else None
            if isinstance(found, str) and found and not found.endswith("[bot]"):
                found += "[bot]"  # an installation token writes as the app's bot account, never a person
        except Exception:  # not answered: fall back to the default token's bot
            found = None
    api.identity = found if isinstance(found, str) and found else GITHUB_ACTIONS_BOT
    return str(api.identity)


def _by(item: Any, identity: str) -> bool:
    """Whether a comment was written by ``identity`` (anyone else's, with the marker copied in, is not
    mlgate's: it is never edited and never counts)."""
    user = getattr(item, "user", None)
    try:
        login = user.login if user is not None else None
        if not isinstance(login, str):
            return False
        return login.lower() == identity.lower()
    except Exception:  # a lazily loaded user that cannot be read
        return False


def _analyse(root: Path, config: Config, inputs: Inputs, base: str | None, log: commands.Log,
             notes: list[str]) -> Report:
    try:
        return analyse(str(root), config, selection=Selection(), base=base, fail_on=inputs.fail_on,
                       fail_under=inputs.fail_under)
    except git.GitError as exc:
        note = f"Full scan: the base could not be read ({exc})."
        notes.append(note)
        log.notice("mlgate: " + note)
        return analyse(str(root), config, selection=Selection(), fail_on=inputs.fail_on,
                       fail_under=inputs.fail_under)


def _client(env: Mapping[str, str], inputs: Inputs, event: Event, log: commands.Log) -> Any:
    if not inputs.token:
        log.notice("mlgate: no token: nothing is posted to GitHub; the report is in the job summary, "
                   "the JSON report and this log")
        return None
    from mlgate.github.api import Api, tuning_from_env

    api = Api(inputs.token, env.get("GITHUB_API_URL", "https://api.github.com"), event.repository, log,
              writable=not event.read_only, tuning=tuning_from_env(env))
    if event.read_only:
        log.notice("mlgate: this pull request comes from a fork, so the token is read-only: no comment, "
                   "review, status or check run is posted. The report is in the job summary, the JSON "
                   "report and this log; see the README's fork recipe (workflow_run) to post it.")
    return api


def _run_url(env: Mapping[str, str], server: str, repository: str) -> str | None:
    run_id = env.get("GITHUB_RUN_ID")
    if not run_id:
        return None
    return f"{server.rstrip('/')}/{repository}/actions/runs/{run_id}"


# ------------------------------------------------------------------------------------- reads
_REF_NAME = lazyre.compile(r"[A-Za-z0-9._/-]{1,200}")


def confirm_pull_request(api: Any, event: Event, root: Path, log: commands.Log, notes: list[str]) -> Event:
    """The pull request's head, base and fork status as the API tells them, checked against the event
    and the checkout. The event file is not trusted: the fork recipe takes it from an artifact the fork's
    own run wrote, so a forged one could name the head as its base (no finding is new) or another pull
    request. A pull request the API cannot confirm gets nothing posted (the analysis and the exit code still
    go by the event: GitHub wrote it, unless this is the fork recipe, whose exit code gates nothing); a
    checkout that is not the pull request's head gets a full scan."""
    if event.number is None:
        return event
    if api is None:
        return event  # no token, so nothing is posted; the analysis is all the event can steer

    def say(text: str) -> None:
        notes.append(text)
        log.notice("mlgate: " + text)

    def read() -> tuple[str, str, str, bool]:
        pr = api.repo.get_pull(event.number)
        head_repo = pr.head.repo.full_name if pr.head.repo is not None else None
        return str(pr.head.sha), str(pr.base.sha), str(pr.base.ref), head_repo != pr.base.repo.full_name

    facts = api.read("read the pull request", read, None, pr=True)
    if facts is None:
        if not api.down:  # when the API is down, its notice already says that nothing is posted
            say(f"Pull request #{event.number} could not be confirmed through the GitHub API, so nothing "
                "is posted to GitHub.")
        api.writable = False
        return event
    head, base, base_ref, fork = facts
    located = git.head_and_parents(root)
    if located is not None:
        checkout, parents = located
        if checkout != head and not (len(parents) == 2 and parents[1] == head):
            say(f"Full scan: the checkout `{checkout[:12]}` is neither the head `{head[:12]}` of pull request "
                f"#{event.number} nor a merge of it; nothing is posted to GitHub.")
            api.writable = False  # not even a status: the checkout's own configuration would decide it
            return dataclasses.replace(event, number=None, sha=checkout, base_sha=None, base_label=None)
        if checkout != head:
            base = parents[0]  # a merge checkout: compare with what the head was merged into
    if (event.base_sha and event.base_sha not in (base, facts[1])) or event.sha not in (head, None):
        log.notice("mlgate: the event's head or base differs from the pull request's; using the API's")
    label = base_ref if _REF_NAME.fullmatch(base_ref) else base[:12]
    if base == head:
        say(f"Full scan: pull request #{event.number} has its head as its base.")
        return dataclasses.replace(event, sha=head, base_sha=None, base_label=None, fork=fork)
    confirmed = dataclasses.replace(event, sha=head, base_sha=base, base_label=label, fork=fork)
    if confirmed.read_only:
        api.writable = False
    return confirmed


def _pull_request_facts(api: Any, event: Event) -> PullRequestFacts:
    from mlgate.github.diff import added_lines

    assert event.number is not None
    pr = api.repo.get_pull(event.number)

    def files() -> tuple[dict[str, set[int]], list[str]]:
        changed: dict[str, set[int]] = {}
        names: list[str] = []
        for f in pr.get_files():
            names.append(f.filename)
            if f.status != "removed" and f.patch:
                changed[f.filename] = added_lines(f.patch)
        return changed, names

    got = api.read("list the pull request's changed files", files, None, pr=True)
    if got is None:
        return PullRequestFacts()
    return PullRequestFacts(changed=got[0], files=got[1])


def _spec_review(api: Any, event: Event, report: Report, config: Config, inputs: Inputs, root: Path,
                 base: str | None, facts: PullRequestFacts) -> Report:
    from mlgate.catalog import load_catalog
    from mlgate.facts.codeowners import codeowners
    from mlgate.facts.specs import spec_files
    from mlgate.patterns import PathSet
    from mlgate.repo import RepoIndex, build_index

    meta = load_catalog().get(SPEC_REVIEW)
    current = next((r for r in report.results if r.rule_id == SPEC_REVIEW), None)
    if meta is None or current is None or facts.files is None:
        return report  # turned off, not selected, or the changed files are unknown
    prefix = report.path_prefix
    from mlgate.analysis import keep_paths

    head_index = build_index(str(root), exclude=PathSet(config.exclude), keep=keep_paths(config))
    specs = {s.path for s in spec_files(head_index, config.model_spec)}
    inside = [p[len(prefix):] for p in facts.files if p.startswith(prefix)]
    changed = sorted(p for p in inside if p in specs)
    located = git.relative_to_top(root)
    top = located[0] if located else root
    owners_index: RepoIndex | None = None
    if base:  # GitHub takes CODEOWNERS from the base branch: a PR cannot name its own reviewers
        try:
            files, source, commit, *_ = git.tree_at(top, base)
            owners_index = RepoIndex(str(top), files, source, commit=commit)
        except git.GitError:
            owners_index = None
    if owners_index is None:
        owners_index = build_index(str(top))
    owners = codeowners(owners_index)

    reviews: list[Review] = []
    protection = Protection(readable=False)
    if changed:
        assert event.number is not None
        pr = api.repo.get_pull(event.number)
        reviews = api.read("read the pull request's reviews", lambda: [
            Review(r.user.login if r.user else "", r.state, r.commit_id) for r in pr.get_reviews()], [], pr=True)
        protection = _protection(api, event, report)

    def in_team(team: str, login: str) -> bool:
        org, slug = team.split("/", 1)

        def member() -> bool:
            m = api.gh.get_organization(org).get_team_by_slug(slug).get_team_membership(login)
            return bool(m.state == "active")

        return bool(api.read(f"check membership of @{team}", member, False, quiet=True))

    outcome = evaluate(changed, owners, reviews, in_team, protection, prefix=prefix)
    severity = config.setting(SPEC_REVIEW).severity or meta.severity
    result = RuleResult(
        rule_id=SPEC_REVIEW, area=meta.area, title=meta.title, status=outcome.status, severity=severity,
        rubric=meta.rubric, summary=outcome.summary,
        findings=tuple(_report_findings(meta, severity, outcome.findings)),
        evidence=outcome.evidence, automated=outcome.automated)
    return rescore(report, result, config, inputs)


def _protection(api: Any, event: Event, report: Report) -> Protection:
    branch_name = event.base_label
    if not branch_name:
        return Protection(readable=False)
    requires_reviews = requires_owners = False
    readable = False
    rules = api.read("read the base branch's rulesets", lambda: api.get_json(
        f"{api.repo.url}/rules/branches/{branch_name}"), None, quiet=True)
    if isinstance(rules, list):
        for rule in rules:
            if isinstance(rule, dict) and rule.get("type") == "pull_request":
                requires_reviews = True
                params = rule.get("parameters") or {}
                requires_owners = requires_owners or bool(params.get("require_code_owner_review"))
    branch = api.read("read the base branch", lambda: api.repo.get_branch(branch_name), None, quiet=True)
    if branch is not None:
        if not branch.protected:
            readable = isinstance(rules, list)
        else:
            got = api.read("read the base branch's review requirements",
                           lambda: branch.get_required_pull_request_reviews(), None, quiet=True)
            if got is not None:
                readable = True
                requires_reviews = True
                requires_owners = requires_owners or bool(got.require_code_owner_reviews)
    if requires_owners:
        readable = True
    return Protection(readable=readable, requires_reviews=requires_reviews,
                      requires_code_owners=requires_owners)


def rescore(report: Report, result: RuleResult, config: Config, inputs: Inputs) -> Report:
    """Put ``result`` in place of its rule's result and recompute score, areas, comparison and gate."""
    from mlgate.scoring import areas, gate, score

    results = tuple(sorted([*(r for r in report.results if r.rule_id != result.rule_id), result],
                           key=lambda r: r.rule_id))
    new_score = score(results, config)
    c = report.comparison
    if c is not None:
        old = report.score
        base_sections = {k: round(v - c.section_change.get(k, 0.0), 2) for k, v in old.sections.items()}
        added = tuple(f for f in result.active_findings)
        c = dataclasses.replace(
            c,
            new=tuple(f for f in c.new if f.rule_id != result.rule_id) + added,
            unchanged=tuple(f for f in c.unchanged if f.rule_id != result.rule_id),
            score_change=round(new_score.score - c.base_score, 2),
            section_change={k: round(v - base_sections.get(k, 0.0), 2)
                            for k, v in new_score.sections.items()},
        )
    verdict = gate(list(results), new_score, config, fail_on=inputs.fail_on, fail_under=inputs.fail_under,
                   comparison=c)
    return dataclasses.replace(report, results=results, score=new_score, areas=areas(results), gate=verdict,
                               comparison=c)


# ------------------------------------------------------------------------------- local outputs
def _write_files(workspace: Path, inputs: Inputs, report: Report, log: commands.Log,
                 scrub: Scrubber) -> set[str]:
    """Write the JSON report and the SARIF file; the names written (a refused one is a warning)."""
    from mlgate.render import json as json_renderer
    from mlgate.render import sarif

    targets = [(REPORT_FILE, json_renderer.render(report))]
    if inputs.sarif_file:
        targets.append((inputs.sarif_file, sarif.render(report)))
    written: set[str] = set()
    for name, text in targets:
        try:
            write_in_workspace(workspace, name, scrub(text))
            written.add(name)
        except UnsafePath as exc:
            log.warning(f"mlgate: not writing {name}: {exc}")
        except OSError as exc:
            log.warning(f"mlgate: cannot write {name} ({exc.strerror})")
    return written


class UnsafePath(Exception):
    """An output path that leaves the workspace or goes through a symbolic link."""


_NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)
_DIRECTORY = getattr(os, "O_DIRECTORY", 0)


def write_in_workspace(workspace: Path, name: str, text: str) -> None:
    """Write ``text`` to ``name`` (relative to the workspace, or absolute inside it), never through a
    symbolic link (a pull request can commit ``mlgate-report.json -> /etc/cron.d/x``) and never
    outside the workspace: each folder is opened without following links, relative to its parent's
    descriptor, and the file with O_NOFOLLOW. Raises UnsafePath or OSError."""
    base = os.path.abspath(workspace)
    full = os.path.normpath(name if os.path.isabs(name) else os.path.join(base, name))
    rel = os.path.relpath(full, base)
    parts = Path(rel).parts
    if rel == "." or not parts or parts[0] == os.pardir or os.path.isabs(rel):
        raise UnsafePath("it is outside the workspace")
    if ".git" in parts:
        raise UnsafePath("it is inside .git")
    fd = os.open(base, os.O_RDONLY | _DIRECTORY)
    try:
        for i, part in enumerate(parts[:-1]):
            with contextlib.suppress(FileExistsError):
                os.mkdir(part, 0o755, dir_fd=fd)
            try:
                nxt = os.open(part, os.O_RDONLY | _DIRECTORY | _NOFOLLOW, dir_fd=fd)
            except OSError as exc:
                if os.path.islink(os.path.join(base, *parts[:i + 1])):
                    raise UnsafePath(f"{'/'.join(parts[:i + 1])} is a symbolic link") from exc
                raise
            os.close(fd)
            fd = nxt
        try:
            out = os.open(parts[-1], os.O_WRONLY | os.O_CREAT | os.O_TRUNC | _NOFOLLOW, 0o644, dir_fd=fd)
        except OSError as exc:
            if os.path.islink(full):
                raise UnsafePath("it is a symbolic link in the checkout") from exc
            raise
        with os.fdopen(out, "w", encoding="utf-8") as fh:
            if not stat.S_ISREG(os.fstat(out).st_mode):
                raise UnsafePath("it is not a regular file")
            fh.write(text)
    finally:
        os.close(fd)


def _runner_file(log: commands.Log, what: str, write: Any, path: str | None, value: Any) -> None:
    """The job summary and step outputs go to files the runner names (outside the workspace); they are
    still opened without following a link, and a failure is a warning, not a crash."""
    try:
        write(path, value)
    except OSError as exc:
        log.warning(f"mlgate: cannot write {what} ({exc.strerror})")


def _annotated(report: Report) -> list[ReportedFinding]:
    """The findings worth an annotation: the new ones in a comparison, else every active one."""
    c = report.comparison
    return ordered_findings(list(c.new) if c is not None else report.active_findings())


# ------------------------------------------------------------------------------------ writes
def _same(a: str, b: str) -> bool:
    return a.replace("\r\n", "\n").strip() == b.replace("\r\n", "\n").strip()


def _sticky_comment(api: Any, event: Event, body: str, identity: str) -> None:
    assert event.number is not None
    issue = api.repo.get_issue(event.number)

    def find() -> Any:
        for comment in issue.get_comments():
            if MARKER in (comment.body or "") and _by(comment, identity):
                return comment
        return None

    existing = api.read("find mlgate's earlier comment", find, None, pr=True)
    if api.down or api.pr_missing:
        return
    if existing is None:
        api.write("post the pull request comment", lambda: issue.create_comment(body), pr=True)
    elif not _same(existing.body or "", body):
        api.write("update the pull request comment", lambda: existing.edit(body), pr=True)


_ICON = {Severity.ERROR: "🔴", Severity.WARNING: "🟡", Severity.INFO: "🔵"}


def review_comment_body(f: ReportedFinding) -> str:
    """One review comment: the repository's text in it neutralised for Markdown (no heading, link,
    image, HTML or mention of its own), each quoted text bounded, the whole within GitHub's limit."""
    message = md_message(cut(f.message, REVIEW_TEXT_CHARS))
    remediation = md_message(cut(f.remediation, REVIEW_TEXT_CHARS))
    parts = [FINDING_MARKER.format(f.fingerprint),
             f"{_ICON[f.severity]} **mlgate** `{f.rule_id}` ({f.severity.value}): {message}", "",
             f"**Fix:** {remediation}"]
    body = "\n".join(parts)
    if f.suggestion is not None:
        longest = max((len(run) for run in re.findall(r"`+", f.suggestion)), default=0)
        fence = "`" * max(3, longest + 1)
        block = "\n".join(["", "", f"{fence}suggestion", f.suggestion.rstrip("\n"), fence])
        if utf16_size(body) + utf16_size(block) <= REVIEW_COMMENT_LIMIT:  # too long to suggest: no suggestion
            body += block
    return body


def grouped_review_body(findings: Sequence[ReportedFinding]) -> str:
    """One review comment for several findings of one rule in one file (six unpinned lines of a new
    requirements file are one thing to fix, not six notifications), on the first one's line: each line
    and its message, then the fix, once when all share it, else under each line. Every finding's marker
    is in it (up to half of GitHub's limit), so that none is commented again; lines beyond the limit are left
    to the sticky comment."""
    if len(findings) == 1:
        return review_comment_body(findings[0])
    first = findings[0]
    worst = max(findings, key=lambda f: f.severity.rank).severity
    same_fix = len({f.remediation for f in findings}) == 1
    markers = ""
    for f in findings:
        marker = FINDING_MARKER.format(f.fingerprint)
        if utf16_size(markers) + utf16_size(marker) > REVIEW_COMMENT_LIMIT // 2:
            break
        markers += marker
    head = markers + "\n" + f"{_ICON[worst]} **mlgate** `{first.rule_id}` ({worst.value}): {len(findings)} " \
        "findings on lines this pull request changes in this file"
    tail = "" if not same_fix else "\n\n**Fix:** " + md_message(cut(first.remediation, REVIEW_TEXT_CHARS))
    body = head
    for i, f in enumerate(findings):
        item = f"\n- line {f.line}: {md_message(cut(f.message, REVIEW_TEXT_CHARS))}"
        if not same_fix:
            item += f"\n  ↳ **Fix:** {md_message(cut(f.remediation, REVIEW_TEXT_CHARS))}"
        rest = f"\n- … and {len(findings) - i} more in the mlgate comment"
        if utf16_size(body + item + rest + tail) > REVIEW_COMMENT_LIMIT:
            body += rest
            break
        body += item
    return body + tail


def _review_comments(api: Any, event: Event, report: Report, facts: PullRequestFacts, root: Path,
                     scrub: Scrubber, identity: str) -> None:
    c = report.comparison
    if c is None or facts.changed is None or event.number is None or not event.sha:
        return
    prefix = report.path_prefix
    targets = [f for f in ordered_findings(list(c.new))
               if report.gate.counts(f)  # below the confidence floor: in the sticky comment only
               and f.line and f.cell is None and f.line in facts.changed.get(prefix + f.path, set())]
    if targets and report.commit and report.commit != event.sha:
        # The checkout is the merge commit: a line number is the head's only where the base branch
        # did not also change the file. Otherwise the finding stays in the sticky comment only.
        paths = sorted({prefix + f.path for f in targets})
        moved = git.differing_files(root, report.commit, event.sha, paths) or set()
        targets = [f for f in targets if prefix + f.path not in moved]
    if not targets:
        return
    pr = api.repo.get_pull(event.number)

    def already() -> set[str]:
        return {m for comment in pr.get_review_comments() if _by(comment, identity)
                for m in _FINDING_MARKER_RE.findall(comment.body or "")}

    seen = api.read("read earlier review comments", already, None, pr=True)
    if seen is None:
        return  # without knowing what is already there, do not risk repeating comments
    # one comment per rule and file; a finding with a suggestion keeps its own, on the line it replaces
    groups: dict[tuple[str, str, str], list[ReportedFinding]] = {}
    for f in targets:
        if f.fingerprint not in seen:
            groups.setdefault((f.path, f.rule_id, f.fingerprint if f.suggestion else ""), []).append(f)
    fresh = [sorted(group, key=lambda f: f.line or 0) for group in groups.values()][:MAX_REVIEW_COMMENTS]
    if not fresh:
        return
    comments: Sequence[dict[str, Any]] = [
        {"path": prefix + group[0].path, "line": group[0].line, "side": "RIGHT",
         "body": scrub(grouped_review_body(group))}
        for group in fresh]
    n = sum(len(group) for group in fresh)
    body = (f"mlgate: {n} new finding{'s' if n != 1 else ''} on lines this pull request changes; "
            "the score and the full list are in the mlgate comment.")
    sha = event.sha
    api.write("post review comments", lambda: pr.create_review(
        commit=api.repo.get_commit(sha), body=body, event="COMMENT", comments=list(comments)), pr=True)


def status_description(report: Report) -> str:
    c = report.comparison
    n = len(c.new) if c is not None else len(report.active_findings())
    found = f"{n} {'new ' if c is not None else ''}finding{'s' if n != 1 else ''}"
    band = report.score.band.split(":", 1)[-1].strip()
    text = f"ML Test Score {report.score.score:g} ({band}); {found}"
    if not report.gate.passed:
        text = "failed: " + text
    return text if len(text) <= 140 else text[:139] + "…"


def _status(api: Any, event: Event, report: Report, run_url: str | None) -> None:
    sha = event.sha
    assert sha is not None
    state = "success" if report.gate.passed else "failure"
    kwargs: dict[str, Any] = {"state": state, "description": status_description(report), "context": "mlgate"}
    if run_url:
        kwargs["target_url"] = run_url
    api.write("set the commit status", lambda: api.repo.get_commit(sha).create_status(**kwargs))


def check_annotations(findings: Sequence[ReportedFinding], prefix: str) -> list[dict[str, Any]]:
    out = []
    for f in findings:
        line = f.line or 1
        out.append({"path": prefix + f.path, "start_line": line, "end_line": line,
                    "annotation_level": CHECK_LEVEL[f.severity], "title": f.title,
                    "message": cut(f"{f.message}\nFix: {f.remediation}", ANNOTATION_MESSAGE_LIMIT, utf8_size)})
    return out


def _check_run(api: Any, event: Event, report: Report, shown: Sequence[ReportedFinding], run_url: str | None,
               summary: str) -> None:
    sha = event.sha
    assert sha is not None
    # the most severe first; at most MAX_CHECK_ANNOTATIONS (each request of 50 is a paced write)
    annotations = check_annotations(shown[:MAX_CHECK_ANNOTATIONS], report.path_prefix)
    chunks = [annotations[i:i + ANNOTATIONS_PER_REQUEST]
              for i in range(0, len(annotations), ANNOTATIONS_PER_REQUEST)] or [[]]
    title = f"ML Test Score {report.score.score:g}" + ("" if report.gate.passed else ": gate failed")
    text = summary  # rendered to fit CHECK_SUMMARY_LIMIT

    def output(chunk: list[dict[str, Any]]) -> dict[str, Any]:
        return {"title": title, "summary": text, "annotations": chunk}

    kwargs: dict[str, Any] = {"name": "mlgate", "head_sha": sha, "status": "completed",
                              "conclusion": "success" if report.gate.passed else "failure",
                              "output": output(chunks[0])}
    if run_url:
        kwargs["details_url"] = run_url
    check = api.write("create the check run", lambda: api.repo.create_check_run(**kwargs))
    if check is None:
        return
    for chunk in chunks[1:]:
        api.write("add check-run annotations", lambda chunk=chunk: check.edit(output=output(chunk)))
        if api.down or not api.writable:
            return


def main(argv: Sequence[str] = ()) -> int:
    import sys

    return run(os.environ, sys.stdout, sys.stderr)

