"""The plain data of mlgate: severities, statuses, findings, rule results and the report.

Everything here is a frozen dataclass or an enum; no behaviour beyond small derived values.
"""

from __future__ import annotations

import enum
from typing import TYPE_CHECKING, Any

from mlgate.records import dataclass

if TYPE_CHECKING:
    from mlgate.inventory import RepositoryModel


class Severity(str, enum.Enum):
    ERROR = "error"
    WARNING = "warning"
    INFO = "info"

    @property
    def rank(self) -> int:
        return {"error": 3, "warning": 2, "info": 1}[self.value]

    def demoted(self) -> Severity:
        """One level lower: the severity of a finding that only makes a rule partial."""
        return {Severity.ERROR: Severity.WARNING}.get(self, Severity.INFO)


class Status(str, enum.Enum):
    PASS = "pass"
    PARTIAL = "partial"
    FAIL = "fail"
    NOT_APPLICABLE = "not_applicable"
    UNKNOWN = "unknown"
    ERROR = "error"

    @property
    def credit(self) -> float:
        """The rubric credit a result with this status earns (the paper: 1 automated, 0.5 manual)."""
        return {Status.PASS: 1.0, Status.PARTIAL: 0.5}.get(self, 0.0)


class Level(str, enum.Enum):
    """What a finding does to its rule: makes it fail, or only partial."""

    FAIL = "fail"
    PARTIAL = "partial"


class Scope(str, enum.Enum):
    """What a finding is about: a place in a file, or the repository as a whole ("no test suite").

    A repository-level finding is shown at an anchor file, but its identity (the fingerprint) names no
    path: adding, editing, renaming or removing an unrelated file never makes it "new"."""

    FILE = "file"
    REPOSITORY = "repository"


class Confidence(str, enum.Enum):
    """How sure mlgate is that a finding is real (apart from how much it matters, the severity).

    high: read directly from the evidence (a config value, a call with literal arguments);
    medium: inferred from a convention or a name (a file called train*.py);
    low: a guess (a value mlgate could not resolve)."""

    HIGH = "high"
    MEDIUM = "medium"
    LOW = "low"

    @property
    def rank(self) -> int:
        return {"high": 3, "medium": 2, "low": 1}[self.value]


@dataclass(frozen=True)
class Finding:
    """One thing to fix, at a path and (where there is one) a line.

    ``key`` identifies the finding without its line number (for example the offending
    reference); the fingerprint is derived from it so that moved code is not "new".
    """

    path: str
    line: int | None
    message: str
    remediation: str = ""
    level: Level = Level.FAIL
    key: str = ""
    cell: int | None = None
    suggestion: str | None = None
    scope: Scope = Scope.FILE
    confidence: Confidence = Confidence.HIGH
    # the keys of the finer findings this one stands for: "no CODEOWNERS" is "unowned aim/", "unowned
    # basic/", ... once a CODEOWNERS file exists; a comparison finds them the same (baseline.compare)
    covers: tuple[str, ...] = ()


@dataclass(frozen=True)
class Outcome:
    """What a rule function returns: its status, findings, and the evidence it saw."""

    status: Status
    summary: str
    findings: tuple[Finding, ...] = ()
    evidence: tuple[str, ...] = ()
    automated: bool = False
    # credit a rule gives rubric tests beyond its own rubric list, per test (meta-rubric-markers: the tests
    # that marked, CI-run test files name)
    credits: tuple[tuple[str, float], ...] = ()
    # (how many things, what they are) when the summary is ``outcome_from_findings``'s count of the findings:
    # the engine may then drop findings (a symbolic link's copies of its target's) and count again
    counted: tuple[int, str] | None = None


@dataclass(frozen=True)
class ReportedFinding:
    """A finding as reported: with its rule, severity, remediation and fingerprint filled in."""

    rule_id: str
    severity: Severity
    path: str
    line: int | None
    message: str
    remediation: str
    fingerprint: str
    level: Level = Level.FAIL
    cell: int | None = None
    suggestion: str | None = None
    suppressed: str | None = None  # why it is silenced (waiver or inline ignore), or None
    scope: Scope = Scope.FILE
    cell_line: int | None = None  # in a notebook: the line within the cell (``line`` is the file's)
    confidence: Confidence = Confidence.HIGH
    aliases: tuple[str, ...] = ()  # the fingerprints of the findings it stands for (Finding.covers)

    @property
    def title(self) -> str:
        """``mlgate <rule>``, with the confidence when it is not high: the title of an annotation."""
        unsure = f" ({self.confidence.value} confidence)" if self.confidence is not Confidence.HIGH else ""
        return f"mlgate {self.rule_id}{unsure}"

    def location(self) -> str:
        """Where to look, as a person reads it: ``path:line``, or in a notebook the cell and its line
        (the line of the notebook's JSON text means nothing to a reader)."""
        if self.cell is not None:
            return f"{self.path} ({self.cell_place()})"
        return self.path if self.line is None else f"{self.path}:{self.line}"

    def cell_place(self) -> str:
        """``cell 3, line 2`` (or ``cell 3``) for a finding in a notebook; '' elsewhere."""
        if self.cell is None:
            return ""
        return f"cell {self.cell}" + (f", line {self.cell_line}" if self.cell_line is not None else "")

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "rule": self.rule_id,
            "severity": self.severity.value,
            "path": self.path,
            "line": self.line,
            "message": self.message,
            "remediation": self.remediation,
            "fingerprint": self.fingerprint,
            "level": self.level.value,
            "confidence": self.confidence.value,
            "scope": self.scope.value,
        }
        if self.cell is not None:
            out["cell"] = self.cell
            if self.cell_line is not None:
                out["cell_line"] = self.cell_line
        if self.suggestion is not None:
            out["suggestion"] = self.suggestion
        if self.suppressed is not None:
            out["suppressed"] = self.suppressed
        return out


@dataclass(frozen=True)
class RuleResult:
    rule_id: str
    area: str
    title: str
    status: Status
    severity: Severity
    rubric: tuple[str, ...]
    summary: str
    findings: tuple[ReportedFinding, ...] = ()
    evidence: tuple[str, ...] = ()
    automated: bool = False
    credits: tuple[tuple[str, float], ...] = ()  # see Outcome.credits

    @property
    def active_findings(self) -> tuple[ReportedFinding, ...]:
        return tuple(f for f in self.findings if f.suppressed is None)


@dataclass(frozen=True)
class TestCredit:
    id: str
    section: str
    title: str
    credit: float
    evidence: tuple[str, ...]
    attested: str | None = None


@dataclass(frozen=True)
class Score:
    score: float
    band: str
    sections: dict[str, float]
    tests: tuple[TestCredit, ...]


@dataclass(frozen=True)
class Gate:
    passed: bool
    reasons: tuple[str, ...]
    confidence_floor: Confidence = Confidence.HIGH  # findings below it are listed but never fail the gate

    def counts(self, f: ReportedFinding) -> bool:
        """Whether the finding is sure enough to fail the gate or become a review comment."""
        return f.confidence.rank >= self.confidence_floor.rank


@dataclass(frozen=True)
class Comparison:
    base: str
    base_commit: str | None
    new: tuple[ReportedFinding, ...]
    fixed: tuple[ReportedFinding, ...]
    unchanged: tuple[ReportedFinding, ...]
    score_change: float
    section_change: dict[str, float]
    base_score: float


@dataclass(frozen=True)
class Notice:
    """Something mlgate could not read or had to skip; never fatal."""

    path: str
    message: str


@dataclass(frozen=True)
class Skipped:
    """A tree (or file) left out of every rule as vendored or generated code, and why."""

    path: str
    reason: str
    files: int


@dataclass(frozen=True)
class Report:
    tool_version: str
    root: str
    commit: str | None
    score: Score
    areas: dict[str, float | None]
    results: tuple[RuleResult, ...]
    gate: Gate
    notices: tuple[Notice, ...] = ()
    skipped: tuple[Skipped, ...] = ()  # vendored and generated code left out of the analysis
    comparison: Comparison | None = None
    config_path: str | None = None
    path_prefix: str = ""  # the analysed directory relative to the git top level ("" at the top)
    inventory: RepositoryModel | None = None  # what mlgate took the repository to be
    file_count: int = -1  # files analysed (after paths.exclude); -1 when not known
    warnings: tuple[str, ...] = ()  # what the user must hear about, e.g. git refusing the repository

    def findings(self) -> list[ReportedFinding]:
        return [f for r in self.results for f in r.findings]

    def active_findings(self) -> list[ReportedFinding]:
        return [f for r in self.results for f in r.active_findings]
