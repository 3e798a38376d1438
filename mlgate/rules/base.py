"""What a rule function receives, and small helpers to build its Outcome."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from mlgate.catalog import RuleMeta
from mlgate.config import Config
from mlgate.model import Finding, Level, Outcome, Status
from mlgate.repo import RepoIndex


@dataclass(frozen=True)
class Context:
    """A rule sees the repository index, its own options and the configured paths; nothing else."""

    index: RepoIndex
    config: Config
    meta: RuleMeta
    options: dict[str, Any]


RuleFn = Callable[[Context], Outcome]


def outcome_from_findings(
    findings: Iterable[Finding],
    *,
    checked: int,
    what: str,
    evidence: Iterable[str] = (),
    automated: bool = False,
) -> Outcome:
    """The usual shape: no findings passes, only partial-level findings is partial, else fail.

    ``checked`` is how many things the rule examined (``what`` names them, plural); zero is
    not applicable.
    """
    found = tuple(findings)
    if checked == 0:
        return Outcome(Status.NOT_APPLICABLE, f"no {what} found", evidence=tuple(evidence))
    failing = sum(1 for f in found if f.level is Level.FAIL)
    partial = len(found) - failing
    if failing:
        status, summary = Status.FAIL, f"{failing} of {checked} {what} fail" + (
            f", {partial} partial" if partial else "")
    elif partial:
        status, summary = Status.PARTIAL, f"{partial} of {checked} {what} only partly meet the rule"
    else:
        status, summary = Status.PASS, f"all {checked} {what} meet the rule"
    return Outcome(status, summary, found, tuple(evidence), automated)
