"""Comparison with a base: new, fixed and unchanged findings by line-free fingerprint."""

from __future__ import annotations

from collections.abc import Sequence

from mlgate.model import Comparison, RuleResult, Score, Status


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
    base_fps = {f.fingerprint for f in base_findings}
    head_fps = {f.fingerprint for f in head_findings}
    return Comparison(
        base=base_ref,
        base_commit=base_commit,
        new=tuple(f for f in head_findings if f.fingerprint not in base_fps and f.rule_id not in crashed),
        fixed=tuple(f for f in base_findings if f.fingerprint not in head_fps),
        unchanged=tuple(f for f in head_findings if f.fingerprint in base_fps or f.rule_id in crashed),
        score_change=round(head_score.score - base_score.score, 2),
        section_change={s: round(v - base_score.sections.get(s, 0.0), 2) for s, v in head_score.sections.items()},
        base_score=base_score.score,
    )
