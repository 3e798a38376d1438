"""Runs the rules over a RepoIndex: one loop, deterministic order, a crash inside a rule becomes its
``error`` result, then suppressions and the meta-suppressions rule."""

from __future__ import annotations

import dataclasses
import datetime as dt
import os
import re
from collections import Counter
from collections.abc import Iterable, Mapping

from mlgate import ISSUES_URL
from mlgate.cache import sha256
from mlgate.catalog import RuleMeta, load_catalog, names_rule
from mlgate.config import Config, RuleSetting
from mlgate.model import Finding, Level, Outcome, ReportedFinding, RuleResult, Scope, Severity, Status
from mlgate.records import dataclass
from mlgate.repo import RepoIndex
from mlgate.rules import ALL_RULES
from mlgate.rules.base import Context, RuleFn, outcome_from_findings
from mlgate.suppress import apply as apply_suppressions

NOT_YET = "not yet analysed"
SUPPRESSIONS_RULE = "meta-suppressions"


@dataclass(frozen=True)
class Selection:
    select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()
    in_action: bool = False

    def wants(self, rule_id: str, area: str) -> bool:
        def hit(names: tuple[str, ...]) -> bool:
            return any(n == area or names_rule(n, rule_id) for n in names)

        if self.select and not hit(self.select):
            return False
        return not hit(self.ignore)


def fingerprint(rule_id: str, path: str, key: str, occurrence: int) -> str:
    """A finding's identity: its rule, its path ("" for a repository-level finding), its line-free key and
    which occurrence of that key it is in the path."""
    digest = sha256(f"{rule_id}\0{path}\0{key}\0{occurrence}".encode()).hexdigest()
    return digest[:24]


# A word of a finding's key that may be a repository path: what lies between spaces, quotes, brackets
# and list punctuation
_PATHISH = re.compile(r"[^\s,;:()\[\]{}'\"`]+")


def moved_paths(renames: Mapping[str, str], index: RepoIndex | None) -> dict[str, str]:
    """The files the change renames (old path -> new path) and the folders it moves whole: a folder whose
    every file in the base (``index``) is renamed to the same relative place under one new folder, e.g.
    classical/python-sdk -> classical/python-sdk-v1. A folder the change only takes some files out of
    keeps its name."""
    moved = dict(renames)
    if index is None:
        return moved
    folders: dict[str, str | None] = {}
    for old, new in renames.items():
        o, n = old.split("/"), new.split("/")
        while len(o) > 1 and len(n) > 1 and o[-1] == n[-1]:
            o, n = o[:-1], n[:-1]
            folder, into = "/".join(o), "/".join(n)
            if folders.setdefault(folder, into) != into:
                folders[folder] = None  # split between two new folders: no single new name
    for folder, to in folders.items():
        if to is None or folder == to or folder in moved:
            continue
        files = index.under(folder)
        if files and all(renames.get(f) == to + f[len(folder):] for f in files):
            moved[folder] = to
    return moved


def _renamed_key(key: str, moved: Mapping[str, str], own: str = "") -> str:
    """``key`` with each path it names that the change moves (a file, a whole folder or a path below
    one) written as the head names it. A bare word (no slash, no dot) is a path only when it is the
    finding's own (``own``): keys are written with words ("no tests", "large plain data") that a moved
    top-level folder of the same name must not change."""
    def one(m: re.Match[str]) -> str:
        word = m.group(0)
        core = word.rstrip("/.")
        if "/" not in word and "." not in core and core != own:
            return word
        if core in moved:
            return moved[core] + word[len(core):]
        cut = core.rfind("/")
        while cut > 0:
            if (prefix := core[:cut]) in moved:
                return moved[prefix] + word[cut:]
            cut = core.rfind("/", 0, cut)
        return word

    return _PATHISH.sub(one, key)


def _report_findings(meta: RuleMeta, severity: Severity, findings: Iterable[Finding],
                     renames: Mapping[str, str] | None = None,
                     index: RepoIndex | None = None) -> list[ReportedFinding]:
    """``renames``: old path -> new path of the files and folders the change moves (moved_paths), given
    for the base of a comparison, so that a finding keeps its identity when the change renames its file
    or a file or folder its key names (a folder's data files, the file a README describes). ``index``:
    where a notebook's line is turned into its cell and the line in that cell."""
    seen: Counter[tuple[str, str]] = Counter()
    out = []
    for f in sorted(findings, key=lambda f: (f.path, f.line or 0, f.message)):
        key = " ".join((f.key or f.message).split())
        where = "" if f.scope is Scope.REPOSITORY else f.path
        if renames:
            where = renames.get(where, where)
            key = _renamed_key(key, renames, f.path)
        seen[(where, key)] += 1
        cell, cell_line = f.cell, None
        if index is not None and f.line is not None and f.path.endswith(".ipynb"):
            place = index.notebook_position(f.path, f.line)  # the cell and its line for a notebook's line
            if place is not None and (cell is None or cell == place[0]):
                cell, cell_line = place
        out.append(ReportedFinding(
            rule_id=meta.id,
            severity=severity if f.level is Level.FAIL else severity.demoted(),
            path=f.path,
            line=f.line,
            message=f.message,
            remediation=f.remediation or meta.remediation,
            fingerprint=fingerprint(meta.id, where, key, seen[(where, key)]),
            level=f.level,
            cell=cell,
            suggestion=f.suggestion,
            scope=f.scope,
            confidence=f.confidence,
            cell_line=cell_line,
            aliases=tuple(fingerprint(meta.id, where, _renamed_key(" ".join(k.split()), renames or {}), 1)
                          for k in f.covers),
        ))
    return out


def _run_one(meta: RuleMeta, fn: RuleFn | None, index: RepoIndex, config: Config, selection: Selection) -> Outcome:
    if meta.action_only and not selection.in_action:
        return Outcome(Status.UNKNOWN, "needs the GitHub API: reported by `mlgate action` on pull requests")
    if fn is None:
        return Outcome(Status.UNKNOWN, NOT_YET)
    options = {**meta.option_defaults, **config.setting(meta.id).options}
    try:
        return fn(Context(index=index, config=config, meta=meta, options=options))
    except Exception as exc:  # one rule's crash must never stop the others
        import traceback  # only on a crash

        if os.environ.get("MLGATE_DEBUG"):
            traceback.print_exc()
        where = traceback.extract_tb(exc.__traceback__)[-1] if exc.__traceback__ else None
        at = f" at {os.path.basename(where.filename)}:{where.lineno}" if where else ""
        return Outcome(Status.ERROR, f"internal error in mlgate ({type(exc).__name__}{at}), not a finding: "
                       f"please report it at {ISSUES_URL} with the output of MLGATE_DEBUG=1")


def _run_tracked(meta: RuleMeta, fn: RuleFn | None, index: RepoIndex, config: Config,
                 selection: Selection) -> Outcome:
    """The rule's outcome; on the base of a comparison, the working tree's own when the rule read nothing
    that differs between the two (see RepoIndex.share_with_twin)."""
    return index.tracked(f"rule:{meta.id}", lambda: _without_link_copies(
        index, _run_one(meta, fn, index, config, selection)))


def _without_link_copies(index: RepoIndex, out: Outcome) -> Outcome:
    """The outcome without the findings at a symbolic link that repeat a finding at the file it leads to:
    a recipe that links the shared train.py (k2-fsa/icefall: 171 of its 349 training scripts are links)
    is the same code, fixed once, at the target. A link whose finding differs from its target's (its own
    folder's modules, its own configuration) keeps it. Only a summary that counts the findings is
    counted again; a rule with a summary of its own keeps its findings."""
    if out.counted is None or not out.findings:
        return out
    targets = {f.path: index.link_target(f.path) for f in out.findings if f.path}
    if not any(targets.values()):
        return out
    at_targets = {(f.path, f.level, f.key or f.message) for f in out.findings}
    kept = tuple(f for f in out.findings
                 if not ((t := targets.get(f.path)) and
                         (t, f.level, (f.key or f.message).replace(f.path, t)) in at_targets))
    if len(kept) == len(out.findings):
        return out
    folded = outcome_from_findings(kept, checked=out.counted[0], what=out.counted[1], evidence=out.evidence,
                                   automated=out.automated)
    return dataclasses.replace(folded, credits=out.credits)


def run_rules(
    index: RepoIndex,
    config: Config,
    selection: Selection | None = None,
    today: dt.date | None = None,
    renames: Mapping[str, str] | None = None,
    *,
    suggest: bool = True,
) -> list[RuleResult]:
    """Run the selected rules. ``suggest``: attach the change `mlgate fix` would make to each finding that
    has a fixer (review comments show it); a pre-commit hook, which never shows it, saves the work."""
    selection = selection or Selection()
    if renames:
        renames = moved_paths(renames, index)
    catalog = load_catalog()
    results: list[RuleResult] = []
    selected: list[tuple[RuleMeta, RuleSetting]] = []
    for meta in catalog.values():
        setting = config.setting(meta.id)
        if setting.enabled and selection.wants(meta.id, meta.area) and meta.id != SUPPRESSIONS_RULE:
            selected.append((meta, setting))
    # Look every rule up before running any: that imports their modules, whose declared Needles the
    # index then answers together, from one read of each file.
    rules = [(meta, setting, ALL_RULES.get(meta.id)) for meta, setting in selected]
    index.rules = frozenset(meta.id for meta, _ in selected)  # what a parse's drop reads for (RepoIndex.at_drop)
    pending: list[tuple[RuleMeta, Outcome, Severity]] = [
        (meta, _run_tracked(meta, fn, index, config, selection), setting.severity or meta.severity)
        for meta, setting, fn in rules
    ]

    reported = [f for meta, out, sev in pending
                for f in _report_findings(meta, sev, out.findings, renames, index)]
    if reported and suggest:  # a review comment suggests exactly what `mlgate fix` writes
        from mlgate.fixes import with_suggestions

        reported = with_suggestions(index, config, reported)
    ran = {m.id for m, out, _ in pending if out.status not in (Status.UNKNOWN, Status.ERROR)}
    suppressed, problems, count = apply_suppressions(reported, index, config, ran, today or dt.date.today())
    by_rule: dict[str, list[ReportedFinding]] = {}
    for f in suppressed:
        by_rule.setdefault(f.rule_id, []).append(f)
    for meta, out, sev in pending:
        results.append(RuleResult(
            rule_id=meta.id, area=meta.area, title=meta.title, status=out.status, severity=sev,
            rubric=meta.rubric, summary=out.summary, findings=tuple(by_rule.get(meta.id, [])),
            evidence=tuple(sorted(set(out.evidence))), automated=out.automated, credits=out.credits,
        ))
    sup_meta = catalog.get(SUPPRESSIONS_RULE)
    setting = config.setting(SUPPRESSIONS_RULE)
    if sup_meta is not None and setting.enabled and selection.wants(sup_meta.id, sup_meta.area):
        sev = setting.severity or sup_meta.severity
        out = outcome_from_findings(problems, checked=count, what="waivers, ignores and attestations")
        results.append(RuleResult(
            rule_id=sup_meta.id, area=sup_meta.area, title=sup_meta.title, status=out.status, severity=sev,
            rubric=sup_meta.rubric, summary=out.summary,
            findings=tuple(_report_findings(sup_meta, sev, problems, renames, index)),
        ))
    return results
