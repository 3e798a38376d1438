"""Renderers: render(report) -> str. No I/O, no decisions."""

from __future__ import annotations

from collections.abc import Callable

from mlgate.model import Report, ReportedFinding, RuleResult, Status

FORMATS = ("text", "json", "sarif", "markdown")


def render(report: Report, fmt: str, *, color: bool = False, base: str = "") -> str:
    if fmt == "json":
        from mlgate.render import json as json_renderer

        return json_renderer.render(report)
    if fmt == "sarif":
        from mlgate.render import sarif

        return sarif.render(report)
    if fmt == "markdown":
        from mlgate.render import markdown

        return markdown.render(report)
    from mlgate.render import text

    return text.render(report, color=color, base=base)


def write(report: Report, fmt: str, out: Callable[[str], object], *, color: bool = False, base: str = "") -> None:
    """render(report, fmt, ...) given to ``out``: the JSON and SARIF reports in chunks as they are encoded
    (mlgate.render.json.dump), so that a large report is never held whole (the others are short)."""
    if fmt in ("json", "sarif"):
        from mlgate.render import json as json_renderer

        if fmt == "json":
            document = json_renderer.to_dict(report)
        else:
            from mlgate.render import sarif

            document = sarif.to_dict(report)
        json_renderer.dump(document, out)
        out("\n")
    else:
        out(render(report, fmt, color=color, base=base))


def ordered_findings(findings: list[ReportedFinding] | tuple[ReportedFinding, ...]) -> list[ReportedFinding]:
    """Most severe first, then by path, line and rule: the order a person should fix them in."""
    return sorted(findings, key=lambda f: (-f.severity.rank, f.level.value != "fail", f.path, f.line or 0,
                                           f.rule_id))


def headline(findings: list[ReportedFinding], limit: int, per_rule: int = 3
             ) -> tuple[list[ReportedFinding], list[ReportedFinding]]:
    """(the first ``limit`` findings in order with at most ``per_rule`` of any one rule, the others in order):
    seventeen unpinned requirements are one thing to fix, and they should not hide the other rules' findings
    from the top of a report."""
    first: list[ReportedFinding] = []
    taken: dict[str, int] = {}
    for f in findings:
        if len(first) == limit:
            break
        if taken.get(f.rule_id, 0) < per_rule:
            taken[f.rule_id] = taken.get(f.rule_id, 0) + 1
            first.append(f)
    chosen = {id(f) for f in first}
    return first, [f for f in findings if id(f) not in chosen]


def status_counts(results: tuple[RuleResult, ...]) -> dict[Status, int]:
    counts = {s: 0 for s in Status}
    for r in results:
        counts[r.status] += 1
    return counts


def signed(value: float) -> str:
    return f"+{value:g}" if value > 0 else (f"{value:g}" if value < 0 else "±0")
