"""Inline ignores (``# mlgate: ignore[rule-id] reason``) and configured waivers.

Suppressions silence findings in the gate and in comments; they never add score credit
(attestations do that). Problems with suppressions themselves are findings of
``meta-suppressions``.
"""

from __future__ import annotations

import datetime as dt
import io
from dataclasses import replace

from mlgate import lazyre
from mlgate.catalog import names_rule
from mlgate.config import Config
from mlgate.model import Finding, ReportedFinding
from mlgate.patterns import is_dockerfile
from mlgate.records import dataclass
from mlgate.repo import Needles, RepoIndex, split_lines

IGNORE_RE = lazyre.compile(r"(?:#|//|<!--)\s*mlgate:\s*ignore\[([^\]]*)\]\s*(.*?)\s*(?:-->)?\s*$")
# Files where a comment can carry an inline ignore (and so worth scanning for unused ones).
COMMENT_SUFFIXES = (".py", ".yaml", ".yml", ".sh", ".bash", ".toml", ".cfg", ".ini", ".txt", ".ipynb",
                    ".dockerfile", ".tf", ".md", ".in", ".env", ".r", ".jl")
_IGNORE_MARK = Needles("mlgate:")
COMMENT_NAMES = ("Dockerfile", "Containerfile", "Makefile", "CODEOWNERS", ".gitattributes", "MLproject",
                 "Jenkinsfile", "Pipfile")


@dataclass
class InlineIgnore:
    path: str
    line: int
    rules: tuple[str, ...]
    reason: str
    used: bool = False


def _carries_comments(path: str) -> bool:
    name = path.rsplit("/", 1)[-1]
    return path.lower().endswith(COMMENT_SUFFIXES) or name in COMMENT_NAMES or is_dockerfile(path)


def _python_comment_lines(text: str) -> set[int] | None:
    """Lines holding a real comment token (not a string that looks like one); None if it cannot be tokenized."""
    import tokenize  # ~1 ms to import, for the few files that spell an inline ignore

    try:
        tokens = tokenize.generate_tokens(io.StringIO(text).readline)
        return {tok.start[0] for tok in tokens if tok.type == tokenize.COMMENT and "mlgate:" in tok.string}
    except (tokenize.TokenError, SyntaxError, ValueError):
        return None


def parse_ignores(text: str, path: str) -> list[InlineIgnore]:
    """Inline ignores in a file. In Python only real comments count (not strings); in Markdown only
    ``<!-- mlgate: ignore[...] reason -->`` (a `# ...` there is usually an example in a code block)."""
    comment_lines = _python_comment_lines(text) if path.endswith(".py") else None
    markdown = path.lower().endswith(".md")
    out = []
    for lineno, line in enumerate(split_lines(text), start=1):
        if "mlgate:" not in line:
            continue
        if comment_lines is not None and lineno not in comment_lines:
            continue
        if markdown and "<!--" not in line:
            continue
        m = IGNORE_RE.search(line.replace('\\n",', "").replace('"', " ") if path.endswith(".ipynb") else line)
        if m:
            rules = tuple(r.strip() for r in m.group(1).split(",") if r.strip())
            out.append(InlineIgnore(path, lineno, rules, m.group(2).strip()))
    return out


def collect_ignores(index: RepoIndex) -> list[InlineIgnore]:
    def compute() -> list[InlineIgnore]:
        found: list[InlineIgnore] = []
        for path in index.files:
            if _carries_comments(path) and index.contains(path, _IGNORE_MARK):
                found.extend(parse_ignores(index.text(path) or "", path))
        return found

    return index.memo("inline-ignores", compute)


def _matches(rule_id: str, names: tuple[str, ...]) -> bool:
    return any(names_rule(n, rule_id) for n in names)


def apply(
    findings: list[ReportedFinding],
    index: RepoIndex,
    config: Config,
    ran: set[str],
    today: dt.date,
) -> tuple[list[ReportedFinding], list[Finding], int]:
    """(findings with ``suppressed`` set where an ignore or waiver covers them,
    problems to report under meta-suppressions, how many suppressions exist at all)."""
    ignores = collect_ignores(index)
    by_place: dict[tuple[str, int], list[InlineIgnore]] = {}
    for ig in ignores:
        by_place.setdefault((ig.path, ig.line), []).append(ig)
    waiver_used = [False] * len(config.waivers)
    out: list[ReportedFinding] = []
    for f in findings:
        reason = None
        if f.line is not None:
            for place in ((f.path, f.line), (f.path, f.line - 1)):
                for ig in by_place.get(place, []):
                    if _matches(f.rule_id, ig.rules) and ig.reason:
                        ig.used = True
                        reason = f"inline ignore at {ig.path}:{ig.line}: {ig.reason}"
                        break
                if reason:
                    break
        if reason is None:
            for i, w in enumerate(config.waivers):
                if w.expires is not None and w.expires < today:
                    continue
                if w.covers(f.rule_id, f.path):
                    waiver_used[i] = True
                    reason = f"waiver: {w.reason}"
                    break
        out.append(replace(f, suppressed=reason) if reason else f)

    from mlgate.catalog import load_catalog

    catalog = load_catalog()
    problems: list[Finding] = []
    cfg = config.path or ".mlgate.yaml"
    for i, w in enumerate(config.waivers if not config.inherited else ()):  # judged where the file lives
        if w.expires is not None and w.expires < today:
            problems.append(Finding(cfg, w.line, f"waiver for {w.rule} expired on {w.expires.isoformat()}",
                                    remediation="Fix the findings it silenced, or renew the waiver with a new "
                                    "expiry date and a reason that still holds.", key=f"expired {w.rule} {i}"))
        elif not waiver_used[i] and _matches_any_ran(w.rule, ran):
            problems.append(Finding(cfg, w.line, f"waiver for {w.rule} silences nothing",
                                    remediation="Remove the waiver: there is nothing left for it to silence.",
                                    key=f"unused waiver {w.rule} {tuple(w.paths)}"))
    for ig in ignores:
        unknown = [r for r in ig.rules if not any(names_rule(r, c) for c in catalog)]
        if not ig.rules or unknown:
            problems.append(Finding(ig.path, ig.line,
                                    f"inline ignore names unknown rule id {', '.join(unknown) or '(none)'}",
                                    remediation="Name a rule id from `mlgate rules`, e.g. "
                                    "`# mlgate: ignore[repro-image-digest] reason`.", key=f"unknown {ig.rules}"))
        elif not ig.reason:
            problems.append(Finding(ig.path, ig.line, f"inline ignore of {', '.join(ig.rules)} gives no reason",
                                    remediation="Say why after the brackets: "
                                    "`# mlgate: ignore[rule-id] why this is acceptable`.",
                                    key=f"no reason {ig.rules}"))
        elif not ig.used and all(_matches_any_ran(r, ran) for r in ig.rules):
            problems.append(Finding(ig.path, ig.line, f"inline ignore of {', '.join(ig.rules)} silences nothing",
                                    remediation="Remove the comment: no finding is reported on this line or the "
                                    "next.", key=f"unused {ig.rules}"))
    for a in config.attestations if not config.inherited else ():
        if "://" not in a.evidence and not index.exists(a.evidence.strip("/")):
            problems.append(Finding(cfg, a.line, f"attestation for {a.test}: evidence {a.evidence} is not a file "
                                    "in the repository", remediation="Point `evidence` at the committed document "
                                    "(or a URL) that records the test.", key=f"attestation {a.test}"))
    count = len(ignores) + (0 if config.inherited else len(config.waivers) + len(config.attestations))
    return out, problems, count


def _matches_any_ran(name: str, ran: set[str]) -> bool:
    return any(names_rule(name, r) for r in ran)
