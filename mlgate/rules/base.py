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
    from mlgate.facts.deploy import ServingHandler
    from mlgate.facts.evaluation import Evaluating
    from mlgate.facts.features import FeatureModule
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

        # a rule depends on the attributes of the model it reads, not on all of it (see RepoIndex.memo_by_attribute)
        return repository_model(self.index, self.config, by_attribute=True)

    def training_units(self) -> list[Unit]:
        """The training entrypoints of the repository model, with their parsed code (scripts and notebooks)."""
        from mlgate.facts.training import training_units

        wanted = {c.path for c in self.model.training}
        return [u for u in training_units(self.index, self.config.model_spec) if u.path in wanted]

    # The details of the model's components (their parsed code, functions, routes), for the components the
    # model lists and no others: a rule never decides from these facts what is training, feature or serving
    # code (tests/test_rule_errors.py checks that rules import none of the discovery functions).
    def feature_modules(self) -> list[FeatureModule]:
        """The feature modules of the repository model, with their functions."""
        from mlgate.facts.features import feature_modules

        wanted = {c.path for c in self.model.features}
        return [m for m in feature_modules(self.index, self.config.features) if m.path in wanted]

    def evaluation_sources(self) -> list[Evaluating]:
        """The evaluation code of the repository model: each module or notebook cell's place and the line of its
        first metric."""
        from mlgate.facts.evaluation import evaluation_sources

        wanted = {(c.path, c.cell) for c in self.model.evaluation}
        return [e for e in evaluation_sources(self.index) if (e.path, e.cell) in wanted]

    def serving_handlers(self) -> list[ServingHandler]:
        """The prediction handlers of a model this repository serves (the model's online serving code; none
        in a published library, whose servers are its product)."""
        from mlgate.facts.deploy import serving_handlers

        wanted = {c.path for c in self.model.handlers}
        return [h for h in serving_handlers(self.index) if h.path in wanted] if wanted else []


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
    return Outcome(status, summary, found, tuple(evidence), automated, counted=(checked, what))
