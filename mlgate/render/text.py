"""The terminal report: score and band, sections, what to fix first, the rest."""

from __future__ import annotations

import os
from collections import defaultdict

from mlgate import ISSUES_URL
from mlgate.catalog import AREAS
from mlgate.model import Report, ReportedFinding, Severity, Status
from mlgate.render import headline as headline_of
from mlgate.render import ordered_findings, signed, status_counts
from mlgate.render.escape import log_lines, one_line
from mlgate.rubric import SECTIONS
from mlgate.scoring import crashed_rules

FIRST = 10
PER_RULE = 5
_COLORS = {"red": "31", "yellow": "33", "green": "32", "dim": "2", "bold": "1", "cyan": "36"}
_SEV_COLOR = {Severity.ERROR: "red", Severity.WARNING: "yellow", Severity.INFO: "cyan"}
_STATUS_MARK = {Status.PASS: "pass", Status.PARTIAL: "partial", Status.FAIL: "FAIL",
                Status.NOT_APPLICABLE: "n/a", Status.UNKNOWN: "unknown", Status.ERROR: "ERROR"}


def render(report: Report, *, color: bool = False, base: str = "") -> str:
    """``base``: the analysed folder as the user named it from where they stand ("" for the current
    directory), put before every path so that it can be opened from there."""
    def c(text: str, name: str) -> str:
        return f"\033[{_COLORS[name]}m{text}\033[0m" if color else text

    def at(f: ReportedFinding) -> str:
        return base + f.location()

    out: list[str] = []
    s = report.score
    change = ""
    if report.comparison is not None:
        change = f"  ({signed(report.comparison.score_change)} against {report.comparison.base})"
    out.append(c(f"mlgate {report.tool_version}: ML Test Score {s.score:g} / 7{change}", "bold"))
    out.append(f"  {s.band}")
    out.append("  sections: " + "  ".join(f"{SECTIONS[k]} {v:g}" for k, v in s.sections.items())
               + "   (the score is the lowest section)")
    areas = "  ".join(f"{k} {v:.0f}%" for k, v in report.areas.items() if v is not None)
    if areas:
        out.append(f"  readiness: {areas}")
    counts = status_counts(report.results)
    out.append("  rules: " + ", ".join(f"{n} {_STATUS_MARK[st]}" for st, n in counts.items() if n))
    if report.config_path:
        shown = report.config_path if os.path.isabs(report.config_path) else \
            os.path.normpath(base + report.config_path).replace(os.sep, "/")
        out.append(f"  config: {shown}")
    else:
        out.append("  config: none (defaults; see `mlgate init`)")
    if report.inventory is not None:
        out.append(f"  found: {report.inventory.summary()}")
    out.append("")

    c_new = report.comparison
    active = ordered_findings(report.active_findings())
    if c_new is not None:
        new = {f.fingerprint for f in c_new.new}
        headline = ordered_findings(list(c_new.new))
        out.append(c(f"New findings against {c_new.base}: {len(headline)}", "bold")
                   + (f"   fixed: {len(c_new.fixed)}" if c_new.fixed else ""))
        rest = [f for f in active if f.fingerprint not in new]
    else:
        first, _ = headline_of([f for f in active if f.level.value == "fail" and f.severity is not Severity.INFO
                                and report.gate.counts(f)], FIRST)
        taken = {id(f) for f in first}
        headline = first
        rest = [f for f in active if id(f) not in taken]
        if headline:
            out.append(c("Fix first:", "bold"))
    def unsure(f: ReportedFinding) -> str:
        """A finding below the gate's confidence floor, marked: listed, never failing the gate."""
        if report.gate.counts(f):
            return ""
        return "  " + c(f"[{f.confidence.value} confidence: does not fail the gate]", "dim")

    for f in headline:
        sev = c(f"{f.severity.value:7}", _SEV_COLOR[f.severity])
        out += [f"  {sev} {at(f)}  {f.rule_id}{unsure(f)}", f"          {f.message}",
                f"          fix: {f.remediation}"]
    if c_new is not None and c_new.fixed:
        out.append("")
        out.append(c("Fixed:", "bold"))
        for f in c_new.fixed:
            out.append(f"  {at(f)}  {f.rule_id}  {f.message}")
    if rest:
        out.append("")
        out.append(c(f"Other findings ({len(rest)}):", "bold"))
        by_rule: dict[str, list[ReportedFinding]] = defaultdict(list)
        for f in rest:
            by_rule[f.rule_id].append(f)
        for rule_id in sorted(by_rule, key=lambda r: (-by_rule[r][0].severity.rank, r)):
            group = by_rule[rule_id]
            out.append(f"  {c(rule_id, _SEV_COLOR[group[0].severity])} ({len(group)}): {group[0].remediation}")
            for f in group[:PER_RULE]:
                out.append(f"    {at(f)}  {f.message}{unsure(f)}")
            if len(group) > PER_RULE:
                out.append(c(f"    ... and {len(group) - PER_RULE} more", "dim"))
    if not active:
        out.append(c("No findings.", "green"))

    out.append("")
    out.append(c("Rules:", "bold"))
    for area in AREAS:
        results = [r for r in report.results if r.area == area]
        if not results:
            continue
        out.append(f"  {area} ({AREAS[area]})")
        for r in sorted(results, key=lambda r: r.rule_id):
            mark = _STATUS_MARK[r.status]
            colored = c(f"{mark:8}", {"pass": "green", "FAIL": "red", "partial": "yellow",
                                      "ERROR": "red"}.get(mark, "dim"))
            out.append(f"    {colored} {r.rule_id:26} {r.summary}")
    suppressed = [f for f in report.findings() if f.suppressed]
    if suppressed:
        out.append("")
        out.append(c(f"Suppressed findings: {len(suppressed)} (waivers and inline ignores)", "dim"))
    if report.skipped:
        from mlgate.facts.vendored import describe

        out.append("")
        out.append(c(describe(report.skipped) + " (analyse one anyway with `paths.exclude: ['!<path>/']`)", "dim"))
    if report.notices:
        out.append("")
        out.append(c(f"Notices ({len(report.notices)}): files mlgate could not fully read", "dim"))
        for n in report.notices[:20]:
            out.append(c(f"  {base}{n.path}: {n.message}", "dim"))
        if len(report.notices) > 20:
            out.append(c(f"  ... and {len(report.notices) - 20} more (see --format json)", "dim"))
    crashed = crashed_rules(report.results)
    if crashed:
        out.append("")
        rules = f"{len(crashed)} rule{'s' if len(crashed) != 1 else ''} crashed ({', '.join(crashed)})"
        out.append(c(f"mlgate error: {rules}. This is a bug in mlgate, not a problem in this repository, "
                     "and it does not change the gate. "
                     f"Please report it at {ISSUES_URL} with the output of `MLGATE_DEBUG=1 mlgate check`.", "red"))
    out.append("")
    verdict = c("PASSED", "green") if report.gate.passed else c("FAILED", "red")
    out.append(f"Gate {verdict}" + (": " + "; ".join(report.gate.reasons) if report.gate.reasons else ""))
    # each entry is one line: a line break inside one came from a quoted value (a file name, a YAML
    # string) and is escaped, so that no value can start a line of its own (a workflow command)
    # and no line may be read as a workflow command (`mlgate check` runs in CI logs too)
    return log_lines("\n".join(one_line(line) for line in out)) + "\n"


def summary(report: Report, *, base: str = "", fail_on: str = "error", limit: int = 10) -> str:
    """A few lines for a hook's output: the score, the findings that decide the gate, the verdict, and how
    to see the rest (the full report is ~80 lines, too many inside pre-commit's output)."""
    s = report.score
    c = report.comparison
    head = f"mlgate: ML Test Score {s.score:g} / 7"
    if c is not None:
        head += f" ({signed(c.score_change)} against {c.base})"
    out = [head]
    candidates = list(c.new) if c is not None else report.active_findings()
    floor = Severity(fail_on).rank if fail_on != "never" else None
    blocking = ordered_findings([f for f in candidates if floor is not None and f.severity.rank >= floor
                                 and report.gate.counts(f)])
    for f in blocking[:limit]:
        out.append(f"  {f.severity.value:7} {base}{f.location()}  {f.rule_id}  {f.message}")
    if len(blocking) > limit:
        out.append(f"  ... and {len(blocking) - limit} more")
    verdict = "PASSED" if report.gate.passed else "FAILED"
    out.append(f"Gate {verdict}" + (": " + "; ".join(report.gate.reasons) if report.gate.reasons else "")
               + ". The full report: mlgate check" + (f" {base.rstrip('/')}" if base else "")
               + (f" --base {c.base}" if c is not None else ""))
    return "\n".join(out) + "\n"
