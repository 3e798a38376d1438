"""Comparison with a base: new, fixed and unchanged findings by line-free fingerprint."""

from __future__ import annotations

from collections.abc import Sequence

from mlgate.model import Comparison, ReportedFinding, RuleResult, Score, Status


def _gone(f: ReportedFinding, other: set[str]) -> bool:
    """Whether the other side has nothing ``f`` is: not its fingerprint, and, for a finding that stands for
    finer ones (Finding.covers), not all of them. "no CODEOWNERS" on one side and "unowned aim/",
    "unowned basic/" on the other are the same findings; a CODEOWNERS file that gives some of the folders
    an owner fixes the first, and removing one that did makes it new."""
    return f.fingerprint not in other and not (f.aliases and other.issuperset(f.aliases))


def compare(
    head: Sequence[RuleResult],
    head_score: Score,
    base: Sequence[RuleResult],
    base_score: Score,
    *,
    base_ref: str,
    base_commit: str | None,
) -> Comparison:
    # A rule that crashed on either side says nothing about the change: its findings on the other side
    # are neither new nor fixed (a crash must not fail the gate, nor hide a finding as "fixed").
    crashed = {r.rule_id for r in (*head, *base) if r.status is Status.ERROR}
    head_findings = [f for r in head for f in r.active_findings]
    base_findings = [f for r in base for f in r.active_findings if r.rule_id not in crashed]
    base_ids = {i for f in base_findings for i in (f.fingerprint, *f.aliases)}
    head_ids = {i for f in head_findings for i in (f.fingerprint, *f.aliases)}
    new = [f for f in head_findings if _gone(f, base_ids) and f.rule_id not in crashed]
    is_new = {id(f) for f in new}
    return Comparison(
        base=base_ref,
        base_commit=base_commit,
        new=tuple(new),
        fixed=tuple(f for f in base_findings if _gone(f, head_ids)),
        unchanged=tuple(f for f in head_findings if id(f) not in is_new),
        score_change=round(head_score.score - base_score.score, 2),
        section_change={s: round(v - base_score.sections.get(s, 0.0), 2) for s, v in head_score.sections.items()},
        base_score=base_score.score,
    )
