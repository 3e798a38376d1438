"""GitHub Actions workflow commands and environment files: annotations, outputs, the job summary.

https://docs.github.com/actions/reference/workflow-commands-for-github-actions
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Callable, Iterable, Mapping
from typing import IO

from mlgate.model import ReportedFinding, Severity
from mlgate.render.escape import log_lines, one_line

# GitHub shows at most 10 annotations of each kind (error, warning, notice) per step.
PER_STEP_LIMIT = 10
# Notices the action itself may need (fork, read-only token, API trouble, full-scan fallback, cut).
RESERVED_NOTICES = 4
COMMAND = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "notice"}


def escape_data(text: str) -> str:
    """A workflow command's message: `%`, CR and LF as the runner decodes them; every other control
    character and undecodable byte escaped (``one_line``), so that the line can always be written."""
    text = text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    return one_line(text).replace("##[", "#\u200b#[")  # the runner's older command form


def escape_property(text: str) -> str:
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def command(name: str, message: str, **properties: str | int | None) -> str:
    props = ",".join(f"{k}={escape_property(str(v))}" for k, v in properties.items() if v not in (None, ""))
    return f"::{name}{(' ' + props) if props else ''}::{escape_data(message)}"


def annotation_lines(findings: Iterable[ReportedFinding], prefix: str = "",
                     notice_budget: int = PER_STEP_LIMIT - RESERVED_NOTICES) -> list[str]:
    """One workflow command per finding, most severe first, within GitHub's per-step limits; a notice
    says how many were left out (findings must already be in the order to fix them)."""
    limits = {Severity.ERROR: PER_STEP_LIMIT, Severity.WARNING: PER_STEP_LIMIT,
              Severity.INFO: max(notice_budget - 1, 0)}
    used = {s: 0 for s in Severity}
    out: list[str] = []
    left_out = 0
    for f in sorted(findings, key=lambda f: -f.severity.rank):
        if used[f.severity] >= limits[f.severity]:
            left_out += 1
            continue
        used[f.severity] += 1
        out.append(command(COMMAND[f.severity], f"{f.message}\nFix: {f.remediation}",
                           file=prefix + f.path, line=f.line, title=f.title))
    if left_out:
        out.append(command("notice", f"mlgate: {left_out} more finding{'s' if left_out != 1 else ''} not "
                                     "shown as annotations (GitHub shows 10 of each kind per step); "
                                     "see the job summary"))
    return out


class Log:
    """Notices to the job log, counted so that they stay within the per-step limit; every message
    goes through ``scrub`` so that no secret is ever printed. Only ``command`` (and the notices and
    warnings, built here) may write a workflow command: ``line`` writes plain text, neutralised so
    that no line of it is read as a command."""

    def __init__(self, write: Callable[[str], object], scrub: Callable[[str], str],
                 budget: int = RESERVED_NOTICES) -> None:
        self._write = write
        self._scrub = scrub
        self._budget = budget
        self.notices: list[str] = []

    def line(self, text: str) -> None:
        self._write(log_lines(self._scrub(text)) + "\n")

    def command(self, line: str) -> None:
        """One workflow command built by ``command()`` (its message and properties escaped)."""
        self._write(one_line(self._scrub(line)) + "\n")

    def notice(self, text: str) -> None:
        text = self._scrub(text)
        self.notices.append(text)
        if self._budget > 0:
            self._budget -= 1
            self._write(command("notice", text) + "\n")
        else:
            self._write(log_lines(one_line(f"mlgate: {text}")) + "\n")

    def warning(self, text: str) -> None:
        self._write(command("warning", self._scrub(text)) + "\n")


def write_outputs(path: str | None, values: Mapping[str, str]) -> None:
    """Append step outputs to $GITHUB_OUTPUT, each in the multiline-safe ``name<<DELIM`` form."""
    if not path:
        return
    with _append(path) as fh:
        for name, value in values.items():
            delim = f"ghadelimiter_{uuid.uuid4()}"
            fh.write(f"{name}<<{delim}\n{value}\n{delim}\n")


def append_summary(path: str | None, markdown: str) -> None:
    if not path:
        return
    with _append(path) as fh:
        fh.write(markdown if markdown.endswith("\n") else markdown + "\n")


def _append(path: str) -> IO[str]:
    """A runner file (job summary, step outputs) opened to append, never through a symbolic link."""
    fd = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT | getattr(os, "O_NOFOLLOW", 0), 0o644)
    return os.fdopen(fd, "a", encoding="utf-8")
