"""Markdown: the body of the sticky PR comment and of the job summary."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from urllib.parse import quote

from mlgate.catalog import AREAS, READINESS_AREAS
from mlgate.model import Report, ReportedFinding, Severity
from mlgate.records import dataclass
from mlgate.render import headline as headline_of
from mlgate.render import ordered_findings, signed
from mlgate.render.escape import code_span, cut, html_code, md_message, utf16_size
from mlgate.rubric import SECTIONS

MARKER = "<!-- mlgate:comment -->"
GITHUB_COMMENT_LIMIT = 65_536
_ICON = {Severity.ERROR: "🔴", Severity.WARNING: "🟡", Severity.INFO: "🔵"}
FIRST = 15
MAX_QUOTED = 2_000  # characters of a message or remediation in one finding's line (the JSON report has all)


@dataclass(frozen=True)
class Links:
    """Where file links point: ``{server}/{repo}/blob/{sha}/{path}#L{line}``."""

    server: str
    repository: str
    sha: str

    def url(self, path: str, line: int | None) -> str:
        anchor = f"#L{line}" if line else ""
        return f"{self.server.rstrip('/')}/{self.repository}/blob/{self.sha}/{quote(path)}{anchor}"


def _esc(text: str) -> str:
    """Repository text (a message, a summary, a note) for a table cell or a list item: its code spans
    rebuilt safely, everything else escaped (no HTML, link, image, mention or heading; one line)."""
    return md_message(text)


def _where(f: ReportedFinding, links: Links | None, prefix: str) -> str:
    label = code_span(f.location())
    if links is None:
        return label
    return f"[{label}]({links.url(prefix + f.path, f.line)})"


def _finding_line(f: ReportedFinding, links: Links | None, prefix: str, counts: bool = True) -> str:
    unsure = "" if counts else f" _({f.confidence.value} confidence: does not fail the gate)_"
    return (f"- {_ICON[f.severity]} **{f.severity.value}** `{f.rule_id}` {_where(f, links, prefix)}: "
            f"{_esc(cut(f.message, MAX_QUOTED))}{unsure}<br>↳ {_esc(cut(f.remediation, MAX_QUOTED))}")


def size(text: str) -> int:
    """Length as GitHub may count it (UTF-16 code units): never less than ``len``."""
    return utf16_size(text)


def render(report: Report, *, links: Links | None = None, max_chars: int = GITHUB_COMMENT_LIMIT,
           summary_hint: str = "the job summary", notes: Sequence[str] = (),
           measure: Callable[[str], int] = utf16_size) -> str:
    """The comment body, cut to fit ``max_chars`` (as ``measure`` counts: UTF-16 code units for a
    comment, UTF-8 bytes for the job summary): first the rule and test tables go, then the folded
    findings (from the least severe), then the new findings; the waive/attest help, the footer and a
    pointer to ``summary_hint`` stay. Linear in the size of the report: each line is measured once.

    ``notes``: what the reader must know about this run (a full scan instead of a comparison, say).
    """
    p = _cached_parts(report, links, notes)
    body = p.join()
    if measure(body) <= max_chars:
        return body
    cut_note = f"_… cut to fit GitHub's limit: the full report is in {summary_hint}._\n"
    p.tail.insert(0, cut_note)
    p.tables.clear()
    total = measure(p.join())
    while total > max_chars and p.rest_lines:  # each line is joined by one "\n"
        total -= measure(p.rest_lines.pop()) + 1
    if not p.rest_lines and p.rest_title:
        p.rest_title = ""
        total = measure(p.join())
    while total > max_chars and len(p.findings) > 1:
        total -= measure(p.findings.pop()) + 1
    if total > max_chars:
        p.howto.clear()
    body = p.join()
    if measure(body) > max_chars:  # a head alone too long (absurd limits): hard cut, keep the pointer
        body = cut(body, max_chars - measure(cut_note) - 1, measure, ellipsis="") + "\n" + cut_note
    return body


_LAST: list[tuple[Report, Links | None, tuple[str, ...], _Parts]] = []


def _cached_parts(report: Report, links: Links | None, notes: Sequence[str]) -> _Parts:
    """The parts of the body, built once for the comment, the job summary and the check run of the
    same report (the lines of 10,000 findings are escaped once, not three times); a copy to cut."""
    key = (links, tuple(notes))
    if not _LAST or _LAST[0][0] is not report or _LAST[0][1:3] != key:
        _LAST[:] = [(report, links, tuple(notes), _parts(report, links, notes))]
    p = _LAST[0][3]
    return _Parts(list(p.head), list(p.findings), p.rest_title, list(p.rest_lines), list(p.tables),
                  list(p.howto), list(p.tail))


@dataclass
class _Parts:
    head: list[str]
    findings: list[str]
    rest_title: str
    rest_lines: list[str]
    tables: list[str]
    howto: list[str]
    tail: list[str]

    def join(self) -> str:
        rest = ([f"<details><summary>{self.rest_title}</summary>\n", *self.rest_lines, "\n</details>\n"]
                if self.rest_title else [])
        return "\n".join([*self.head, *self.findings, *rest, *self.tables, *self.howto, *self.tail]) + "\n"


def _parts(report: Report, links: Links | None,
           notes: Sequence[str] = ()) -> _Parts:
    s = report.score
    c = report.comparison
    prefix = report.path_prefix
    head = [MARKER]
    change = f" ({signed(c.score_change)} against {code_span(c.base)})" if c is not None else ""
    head.append(f"## mlgate · ML Test Score **{s.score:g}** / 7{change}")
    head.append(f"_{s.band}_")
    head.append("")
    if report.inventory is not None:
        head.append(f"mlgate found {_esc(report.inventory.summary())} (`mlgate inventory` lists them).")
        head.append("")
    if report.gate.passed:
        head.append("**Gate: ✅ passed**")
    else:
        head.append("**Gate: ❌ failed**: " + "; ".join(_esc(r) for r in report.gate.reasons))
    head.append("")
    for note in notes:
        head.append(f"> ⚠️ {_esc(note)}")
        head.append("")
    head.append("| Section | Score | " + ("Change |" if c else ""))
    head.append("|---|---|" + ("---|" if c else ""))
    for key, value in s.sections.items():
        row = f"| {SECTIONS[key]} | {value:g} / 7 |"
        if c is not None:
            row += f" {signed(c.section_change.get(key, 0.0))} |"
        head.append(row)
    head.append("")
    readiness = [(a, report.areas.get(a)) for a in READINESS_AREAS]
    head.append("| Area | Readiness |")
    head.append("|---|---|")
    for area, ready in readiness:
        head.append(f"| {AREAS[area]} (`{area}`) | {'n/a' if ready is None else f'{ready:.0f}%'} |")
    head.append("")

    def show(f: ReportedFinding) -> str:
        return _finding_line(f, links, prefix, report.gate.counts(f))

    findings: list[str] = []
    active = ordered_findings(report.active_findings())
    if c is not None:
        new = ordered_findings(list(c.new))
        findings.append(f"### New findings ({len(new)})")
        findings.extend(show(f) for f in new) if new else findings.append(
            "None: this change adds no findings. 🎉")
        if c.fixed:
            findings.append("")
            findings.append(f"### Fixed ({len(c.fixed)})")
            findings.extend(f"- ✅ `{f.rule_id}` {code_span(f.location())}: {_esc(f.message)}" for f in c.fixed)
        new_fps = {f.fingerprint for f in c.new}
        rest = [f for f in active if f.fingerprint not in new_fps]
        rest_title = f"Findings already on {html_code(c.base)} ({len(rest)})"  # raw HTML: no Markdown
    else:
        first, rest = headline_of(active, FIRST)
        findings.append(f"### Findings ({len(active)})")
        findings.extend(show(f) for f in first) if first else findings.append(
            "None. 🎉")
        rest_title = f"More findings ({len(rest)})"
    findings.append("")

    rest_lines = [show(f) for f in rest]
    folded: list[str] = []
    folded.append("<details><summary>Rules</summary>\n")
    folded.append("| Rule | Status | Summary |")
    folded.append("|---|---|---|")
    for r in sorted(report.results, key=lambda r: (r.area, r.rule_id)):
        folded.append(f"| `{r.rule_id}` | {r.status.value} | {_esc(r.summary)} |")
    folded.append("\n</details>\n")
    folded.append("<details><summary>The 28 tests of the ML Test Score</summary>\n")
    folded.append("| Test | Credit | Evidence |")
    folded.append("|---|---|---|")
    for t in s.tests:
        folded.append(f"| {t.id}: {_esc(t.title)} | {t.credit:g} | {_esc(', '.join(t.evidence)) or '–'} |")
    folded.append("\n</details>\n")
    howto: list[str] = []
    howto.append("<details><summary>How to waive a finding or attest a test</summary>\n")
    howto.append("On the line (or the line above): `# mlgate: ignore[rule-id] why this is acceptable`.\n")
    howto.append("In `.mlgate.yaml`:\n")
    howto.append("```yaml\nwaivers:\n  - rule: prov-model-card\n    paths: [\"models/legacy/**\"]\n"
                 "    reason: retired model, kept for audits\n    expires: 2027-06-30\nattestations:\n"
                 "  - test: Model 4\n    evidence: docs/staleness-study.md\n"
                 "    note: quarterly A/B against an older model\n```\n")
    howto.append("Waivers silence findings; only attestations add credit (0.5, or 1 with `automation:`).")
    howto.append("\n</details>\n")
    suppressed = sum(1 for f in report.findings() if f.suppressed)
    tail = f"<sub>mlgate {report.tool_version}"
    if report.commit:
        tail += f" · {report.commit[:7]}"
    if suppressed:
        tail += f" · {suppressed} suppressed"
    if report.skipped:
        from mlgate.facts.vendored import what_was_skipped

        n = len(report.skipped)
        tail += f" · {n} {what_was_skipped(report.skipped)} tree{'s' if n != 1 else ''} skipped"
    if report.notices:
        tail += f" · {len(report.notices)} files could not be fully read"
    return _Parts(head, findings, rest_title if rest else "", rest_lines, folded, howto, [tail + "</sub>"])
