"""What the Actions runner tells the action: inputs (``INPUT_<NAME>``, hyphens kept) and the event."""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

from mlgate.records import dataclass

# Every input action.yml declares, with the default the code applies when the variable is empty.
# tests/test_action.py checks that action.yml declares exactly these names.
INPUTS: dict[str, str] = {
    "token": "",
    "path": ".",
    "config": "",
    "fail-under": "",
    "fail-on": "",
    "comment": "true",
    "review-comments": "true",
    "status": "true",
    "check-run": "false",
    "annotations": "true",
    "sarif-file": "",
    "base": "",
}
OUTPUTS = ("score", "passed", "report", "new-findings")
FAIL_ON = ("error", "warning", "info", "never")
ZERO_SHA = "0" * 40


class InputError(Exception):
    """An input or the environment is wrong: one line for the user, exit 2."""


def read_input(env: Mapping[str, str], name: str) -> str:
    if name not in INPUTS:
        raise KeyError(name)
    # INPUT_FAIL-UNDER as the runner sets it for docker and JavaScript actions; INPUT_FAIL_UNDER as the
    # composite action.yml passes it (a shell variable name cannot hold a hyphen)
    key = f"INPUT_{name.upper().replace(' ', '_')}"
    value = env.get(key, "") or env.get(key.replace("-", "_"), "")
    return value.strip() or INPUTS[name]


def read_flag(env: Mapping[str, str], name: str) -> bool:
    value = read_input(env, name).lower()
    if value in ("true", "yes", "1", "on"):
        return True
    if value in ("false", "no", "0", "off"):
        return False
    raise InputError(f"input {name}: expected true or false, got {value!r}")


@dataclass(frozen=True)
class Inputs:
    token: str
    path: str
    config: str | None
    fail_under: float | None
    fail_on: str | None
    comment: bool
    review_comments: bool
    status: bool
    check_run: bool
    annotations: bool
    sarif_file: str | None
    base: str | None


def read_inputs(env: Mapping[str, str]) -> Inputs:
    fail_under_raw = read_input(env, "fail-under")
    try:
        fail_under = float(fail_under_raw) if fail_under_raw else None
    except ValueError:
        raise InputError(f"input fail-under: expected a number such as 1.5, got {fail_under_raw!r}") from None
    fail_on = read_input(env, "fail-on").lower() or None
    if fail_on is not None and fail_on not in FAIL_ON:
        raise InputError(f"input fail-on: expected one of {', '.join(FAIL_ON)}, got {fail_on!r}")
    return Inputs(
        token=read_input(env, "token"),
        path=read_input(env, "path"),
        config=read_input(env, "config") or None,
        fail_under=fail_under,
        fail_on=fail_on,
        comment=read_flag(env, "comment"),
        review_comments=read_flag(env, "review-comments"),
        status=read_flag(env, "status"),
        check_run=read_flag(env, "check-run"),
        annotations=read_flag(env, "annotations"),
        sarif_file=read_input(env, "sarif-file") or None,
        base=read_input(env, "base") or None,
    )


@dataclass(frozen=True)
class Event:
    """The parts of the triggering event mlgate uses."""

    name: str
    repository: str          # owner/name
    sha: str | None          # the commit the status, check run and links go to (the PR head)
    base_sha: str | None     # what to compare with (None: a full scan)
    base_label: str | None   # how to name the base in the comment (the base branch)
    number: int | None       # the pull request number
    fork: bool               # a PR from another repository: the token is read-only

    @property
    def is_pull_request(self) -> bool:
        return self.number is not None

    @property
    def read_only(self) -> bool:
        """A fork's ``pull_request`` run gets a read-only token. ``pull_request_target`` (and the
        workflow_run fork recipe, which runs with that name) run in the base repository and may write."""
        return self.fork and self.name == "pull_request"


def _get(data: Any, *keys: str) -> Any:
    for key in keys:
        if not isinstance(data, dict):
            return None
        data = data.get(key)
    return data


def read_event(env: Mapping[str, str]) -> Event:
    name = env.get("GITHUB_EVENT_NAME", "")
    repository = env.get("GITHUB_REPOSITORY", "")
    if not name or "/" not in repository:
        raise InputError("GITHUB_EVENT_NAME and GITHUB_REPOSITORY are not set: `mlgate action` runs inside "
                         "GitHub Actions; use `mlgate check` elsewhere")
    payload: Any = {}
    event_path = env.get("GITHUB_EVENT_PATH")
    if event_path:
        try:
            with open(event_path, encoding="utf-8") as fh:
                payload = json.load(fh)
        except (OSError, ValueError) as exc:
            raise InputError(f"GITHUB_EVENT_PATH {event_path}: cannot read the event ({exc})") from None
    sha = env.get("GITHUB_SHA") or None
    pr = _get(payload, "pull_request")
    if name.startswith("pull_request") and isinstance(pr, dict):
        head_repo = _get(pr, "head", "repo", "full_name")
        base_repo = _get(pr, "base", "repo", "full_name") or repository
        number = pr.get("number") if isinstance(pr.get("number"), int) else _get(payload, "number")
        return Event(
            name=name,
            repository=repository,
            sha=_get(pr, "head", "sha") or sha,
            base_sha=_get(pr, "base", "sha"),
            base_label=_get(pr, "base", "ref") or _get(pr, "base", "sha"),
            number=number if isinstance(number, int) else None,
            fork=head_repo != base_repo,  # a deleted fork has no head repository: treat it as a fork
        )
    if name == "push":
        before = _get(payload, "before")
        after = _get(payload, "after") or sha
        usable = isinstance(before, str) and len(before) == 40 and before != ZERO_SHA
        return Event(name, repository, after, before if usable else None,
                     before[:7] if usable else None, None, False)
    # workflow_dispatch, schedule and anything else: a full scan, a status only
    return Event(name, repository, sha, None, None, None, False)
