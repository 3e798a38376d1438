"""The GitHub REST API through PyGithub, with mlgate's failure policy.

- Reads that fail return a default (the report never depends on the API being up).
- The first 403 on a write (a read-only token) stops every later write, with one notice.
- 5xx and rate limits are retried with backoff by ``GithubRetry``; when it gives up, every later
  call is skipped, with one notice.
- Every message is scrubbed of the token before it is printed.
"""

from __future__ import annotations

import contextlib
import dataclasses
import math
from collections.abc import Callable, Mapping
from typing import Any, TypeVar

from mlgate.github.commands import Log
from mlgate.records import dataclass

T = TypeVar("T")


@dataclass
class Tuning:
    """Retry and pacing knobs (the tests make them small: the module's TUNING, or MLGATE_API_* variables)."""

    retries: int = 4
    backoff: float = 2.0           # urllib3 backoff factor: 0, 4, 8, 16 s between attempts
    secondary_rate_wait: float = 60.0
    max_rate_limit_wait: float = 300.0   # also caps a Retry-After header: never wait an hour
    timeout: int = 30               # seconds; PyGithub takes whole seconds
    seconds_between_requests: float = 0.25
    seconds_between_writes: float = 1.0


TUNING = Tuning()
TUNING_IN_USE = [TUNING]  # the tuning of the last Api built (for messages)
# environment variable -> Tuning field (a value that is not a non-negative number is ignored)
ENV_TUNING = {"MLGATE_API_RETRIES": "retries", "MLGATE_API_BACKOFF": "backoff",
              "MLGATE_API_TIMEOUT": "timeout", "MLGATE_API_MAX_WAIT": "max_rate_limit_wait",
              "MLGATE_API_SECONDARY_WAIT": "secondary_rate_wait",
              "MLGATE_API_PACE": "seconds_between_requests", "MLGATE_API_WRITE_PACE": "seconds_between_writes"}


def tuning_from_env(env: Mapping[str, str], base: Tuning | None = None) -> Tuning:
    base = base if base is not None else TUNING
    changes: dict[str, Any] = {}
    for var, name in ENV_TUNING.items():
        raw = env.get(var, "").strip()
        try:
            value = float(raw)
        except ValueError:
            continue
        if value >= 0 and value == value and value != float("inf"):
            changes[name] = (int(value) if name == "retries" else max(1, math.ceil(value)) if name == "timeout"
                             else value)
    return dataclasses.replace(base, **changes)


def _retry(t: Tuning) -> Any:
    from github import GithubRetry

    class Retry(GithubRetry):
        """GithubRetry, except that a Retry-After header is capped at ``max_rate_limit_wait`` and a
        read timeout is never retried: the request may have been carried out (a comment posted), and
        sending it again would duplicate it."""

        def get_retry_after(self, response: Any) -> float | None:
            after = super().get_retry_after(response)
            return None if after is None else min(after, t.max_rate_limit_wait)

    return Retry(total=t.retries, read=0, backoff_factor=t.backoff, secondary_rate_wait=t.secondary_rate_wait,
                 max_rate_limit_wait=t.max_rate_limit_wait)


class Skipped(Exception):
    """The call was not made (fork, read-only token, API given up)."""


def _status_of(exc: BaseException) -> int | None:
    status = getattr(exc, "status", None)
    return status if isinstance(status, int) else None


def _describe(exc: BaseException) -> str:
    from github import GithubException

    if isinstance(exc, GithubException):
        data = exc.data
        message = data.get("message") if isinstance(data, dict) else None
        return f"HTTP {exc.status}" + (f": {message}" if message else "")
    text = str(exc).splitlines()[0] if str(exc) else ""
    lowered = text.lower()
    # requests wraps urllib3's reason in a long "Max retries exceeded with url: ..." line: name it first
    if "timed out" in lowered or "timeout" in type(exc).__name__.lower():
        return f"{type(exc).__name__}: timed out, no answer within {TUNING_IN_USE[0].timeout} s"
    if "connection refused" in lowered or "newconnectionerror" in lowered:
        return f"{type(exc).__name__}: connection refused"
    return f"{type(exc).__name__}" + (f": {text[:200]}" if text else "")


def _quiet_pygithub_logging(log: Log) -> None:
    """PyGithub adds a console handler at INFO to its logger on import (every retry is printed to
    stderr, unscrubbed, bound to whatever stderr was then). Replace it: warnings and worse go to the
    job log through ``log.line`` (scrubbed); retry chatter is dropped (the notices say what matters)."""
    import logging

    class ToLog(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            with contextlib.suppress(Exception):  # a log line must never cost the run
                log.line(f"mlgate: PyGithub: {record.getMessage()}")

    logger = logging.getLogger("github")
    for handler in list(logger.handlers):
        logger.removeHandler(handler)
    logger.addHandler(ToLog(logging.WARNING))
    logger.setLevel(logging.WARNING)
    logger.propagate = False


class Api:
    def __init__(self, token: str, base_url: str, repository: str, log: Log, *,
                 writable: bool = True, tuning: Tuning | None = None) -> None:
        from github import Auth, Github

        t = tuning if tuning is not None else TUNING
        TUNING_IN_USE[0] = t
        _quiet_pygithub_logging(log)
        self.gh = Github(
            auth=Auth.Token(token),
            base_url=base_url.rstrip("/"),
            retry=_retry(t),
            timeout=t.timeout,
            per_page=100,
            seconds_between_requests=t.seconds_between_requests,
            seconds_between_writes=t.seconds_between_writes,
            user_agent="mlgate-action",
            lazy=True,
        )
        self.repo = self.gh.get_repo(repository)
        self.log = log
        self.writable = writable
        self.down = False
        self.pr_missing = False  # the pull request answered 404: its comment and reviews are skipped
        self.skipped: list[str] = []

    # -- the failure policy -------------------------------------------------------------------
    def _give_up(self, what: str, exc: BaseException) -> None:
        self.down = True
        self.log.notice(f"mlgate: the GitHub API failed ({_describe(exc)}) while trying to {what}, after "
                        "retries; skipping the remaining API calls. The report is in the job summary, "
                        "the JSON report and this log.")

    def _pr_not_found(self, what: str, exc: BaseException) -> None:
        self.pr_missing = True
        self.log.notice(f"mlgate: the pull request was not found ({_describe(exc)}) while trying to {what}: "
                        "skipping its comment and review comments; the commit status is still set. The "
                        "report is in the job summary, the JSON report and this log.")

    def _transient(self, exc: BaseException) -> bool:
        from github import RateLimitExceededException

        status = _status_of(exc)
        return (isinstance(exc, RateLimitExceededException) or (status is not None and status >= 500)
                or status is None)  # connection errors, timeouts, retries exhausted

    def read(self, what: str, fn: Callable[[], T], default: T, *, quiet: bool = False, pr: bool = False) -> T:
        """A read; on failure the default. ``quiet``: a 403/404 is an expected answer, not a problem.
        ``pr``: the call is about the pull request itself (skipped once it answered 404)."""
        if self.down or (pr and self.pr_missing):
            return default
        try:
            return fn()
        except Exception as exc:
            if pr and _status_of(exc) == 404:
                self._pr_not_found(what, exc)
            elif self._transient(exc):
                self._give_up(what, exc)
            elif not quiet:
                self.log.notice(f"mlgate: could not {what} ({_describe(exc)}); going on without it")
            return default

    def write(self, what: str, fn: Callable[[], T], *, pr: bool = False) -> T | None:
        if not self.writable or self.down or (pr and self.pr_missing):
            self.skipped.append(what)
            return None
        try:
            return fn()
        except Exception as exc:
            status = _status_of(exc)
            if pr and status == 404:
                self.skipped.append(what)
                self._pr_not_found(what, exc)
            elif status == 403 and not self._transient(exc):
                self.writable = False
                self.skipped.append(what)
                self.log.notice(f"mlgate: the token may not write to this repository ({_describe(exc)}) "
                                f"while trying to {what}: skipping the comment, review comments, status and "
                                "check run. Grant `pull-requests: write` and `statuses: write` (and "
                                "`checks: write` for check-run) in the workflow's permissions. The report is "
                                "in the job summary, the JSON report and this log.")
            elif self._transient(exc):
                self.skipped.append(what)
                self._give_up(what, exc)
            else:
                self.log.notice(f"mlgate: could not {what} ({_describe(exc)}); the report is in the job "
                                "summary, the JSON report and this log")
            return None

    # -- raw calls for what PyGithub has no method for ----------------------------------------------
    def get_json(self, url: str) -> Any:
        _, data = self.gh.requester.requestJsonAndCheck("GET", url)
        return data
