"""Rubric credits, section scores, the ML Test Score, area readiness and the gate (SPEC section 4)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from mlgate.catalog import READINESS_AREAS
from mlgate.config import Config
from mlgate.model import Comparison, Confidence, Gate, ReportedFinding, RuleResult, Score, Severity, Status, TestCredit
from mlgate.rubric import SECTIONS, TESTS, band

APPLICABLE = (Status.PASS, Status.PARTIAL, Status.FAIL)


def score(results: Sequence[RuleResult], config: Config) -> Score:
    tests: list[TestCredit] = []
    # what each result gives, read once rather than once per rubric test (28 tests by ~45 results: the
    # status's credit and a generator over the extra credits per pair were ~2 ms of a small repository's check)
    given = [(r.rule_id, r.rubric, r.status.credit, r.credits) for r in results]
    for test in TESTS:
        credit = 0.0
        evidence: list[str] = []
        for rule_id, rubric, status_credit, credits in given:
            if test.id in rubric and status_credit > 0:
                credit = max(credit, status_credit)
                evidence.append(rule_id)
            if not credits:
                continue
            extra = max((c for t, c in credits if t == test.id), default=0.0)  # e.g. a marked test CI runs
            if extra > 0:
                credit = max(credit, extra)
                if rule_id not in evidence:
                    evidence.append(rule_id)
        attested = None
        for a in config.attestations:
            if a.test == test.id:
                value = 1.0 if a.automation else 0.5
                credit = max(credit, value)
                attested = a.evidence
                evidence.append(f"attestation: {a.evidence}" + (f" (automated by {a.automation})"
                                                                  if a.automation else ""))
        tests.append(TestCredit(test.id, test.section, test.title, credit, tuple(evidence), attested))
    sections = {s: sum(t.credit for t in tests if t.section == s) for s in SECTIONS}
    total = min(sections.values())
    return Score(score=total, band=band(total), sections=sections, tests=tuple(tests))


def areas(results: Iterable[RuleResult]) -> dict[str, float | None]:
    out: dict[str, float | None] = {}
    listed = list(results)
    for area in READINESS_AREAS:
        applicable = [r for r in listed if r.area == area and r.status in APPLICABLE]
        if not applicable:
            out[area] = None
            continue
        points = sum(r.status.credit for r in applicable)
        out[area] = round(100.0 * points / len(applicable), 1)
    return out


def gate(
    results: Sequence[RuleResult],
    the_score: Score,
    config: Config,
    *,
    fail_on: str | None = None,
    fail_under: float | None = None,
    comparison: Comparison | None = None,
    fail_confidence: str | None = None,
) -> Gate:
    fail_on = fail_on or config.fail_on
    floor_conf = Confidence(fail_confidence or config.fail_confidence)
    threshold = fail_under if fail_under is not None else config.fail_under
    reasons: list[str] = []
    if comparison is not None:
        candidates: Iterable[ReportedFinding] = comparison.new
        qualifier = "new "
    else:
        candidates = [f for r in results for f in r.active_findings]
        qualifier = ""
    if fail_on != "never":
        floor = Severity(fail_on).rank
        blocking = [f for f in candidates if f.severity.rank >= floor and f.confidence.rank >= floor_conf.rank]
        if blocking:
            counts: dict[str, int] = {}
            for f in blocking:
                counts[f.severity.value] = counts.get(f.severity.value, 0) + 1
            for sev in ("error", "warning", "info"):
                if sev in counts:
                    n = counts[sev]
                    reasons.append(f"{n} {qualifier}{sev} finding{'s' if n != 1 else ''}")
    if threshold is not None and the_score.score < threshold:
        reasons.append(f"ML Test Score {the_score.score:g} is below fail-under {threshold:g}")
    # A rule that crashed is mlgate's bug, not the repository's: the reports say so (crashed_rules),
    # and the gate is decided by what the other rules found.
    return Gate(passed=not reasons, reasons=tuple(reasons), confidence_floor=floor_conf)


def crashed_rules(results: Iterable[RuleResult]) -> list[str]:
    """The rules that crashed (an internal error): reported as mlgate's bug, never a failed gate."""
    return sorted(r.rule_id for r in results if r.status is Status.ERROR)
