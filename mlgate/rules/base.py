"""What a rule function receives, and small helpers to build its Outcome."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, Any

from mlgate.catalog import RuleMeta
from mlgate.config import Config
from mlgate.model import Finding, Level, Outcome, Status
from mlgate.records import dataclass
from mlgate.repo import RepoIndex

if TYPE_CHECKING:
    from mlgate.facts.python import Unit
    from mlgate.inventory import RepositoryModel


@dataclass(frozen=True)
class Context:
    """A rule sees the repository index, its own options and the configured paths; nothing else."""

    index: RepoIndex
    config: Config
    meta: RuleMeta
    options: dict[str, Any]

    @property
    def model(self) -> RepositoryModel:
        """What the repository is (mlgate.inventory): built once, shared by every rule."""
        from mlgate.inventory import repository_model

        return repository_model(self.index, self.config)

    def training_units(self) -> list[Unit]:
        """The training entrypoints of the repository model, with their parsed code (scripts and notebooks)."""
        from mlgate.facts.training import training_units

        wanted = {c.path for c in self.model.training}
        return [u for u in training_units(self.index, self.config.model_spec) if u.path in wanted]


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
    not applicable. The summary counts findings, which may group several of those things.
    """
    found = tuple(findings)
    if checked == 0:
        return Outcome(Status.NOT_APPLICABLE, f"no {what} found", evidence=tuple(evidence))
    failing = sum(1 for f in found if f.level is Level.FAIL)
    partial = len(found) - failing
    plural = "s" if len(found) != 1 else ""
    if failing:
        detail = f"{failing} failing" + (f", {partial} partial" if partial else "")
        status, summary = Status.FAIL, f"{len(found)} finding{plural} ({detail}) over {checked} {what}"
    elif partial:
        status, summary = Status.PARTIAL, f"{partial} partial finding{plural} over {checked} {what}"
    else:
        status, summary = Status.PASS, f"all {checked} {what} meet the rule"
    return Outcome(status, summary, found, tuple(evidence), automated)
