"""Model-spec review rules."""

from __future__ import annotations

from collections import defaultdict

from mlgate.facts.codeowners import codeowners
from mlgate.facts.specs import spec_files
from mlgate.model import Finding, Level, Outcome
from mlgate.rules.base import Context, RuleFn, outcome_from_findings


def _folder(path: str) -> str:
    return path.rsplit("/", 1)[0] + "/" if "/" in path else ""


def _owner_line(folder: str, paths: list[str]) -> str:
    target = f"/{folder}" if folder else f"/{paths[0]}"
    return f"{target} @<org>/<ml-reviewers>"


def _names(paths: list[str]) -> str:
    shown = ", ".join(p.rsplit("/", 1)[-1] for p in paths[:3])
    return shown + (f" and {len(paths) - 3} more" if len(paths) > 3 else "")


def codeowners_rule(ctx: Context) -> Outcome:
    specs = spec_files(ctx.index, ctx.config.model_spec)
    if not specs:
        return outcome_from_findings([], checked=0, what="model-spec files")
    owners = codeowners(ctx.index)
    paths = [s.path for s in specs]
    if owners is None:
        first = paths[0]
        return outcome_from_findings(
            [Finding(first, None, f"no CODEOWNERS file: {len(paths)} model-spec files ({_names(paths)}) have no "
                     "required reviewer", key="no CODEOWNERS",
                     remediation="Add `.github/CODEOWNERS` naming who reviews model changes, e.g. "
                     f"`{_owner_line(_folder(first), paths)}`, and turn on \"Require review from Code Owners\".")],
            checked=len(paths), what="model-spec files")
    unowned: dict[str, list[str]] = defaultdict(list)
    unassigned: dict[tuple[str, int], list[str]] = defaultdict(list)
    catch_all: dict[int, list[str]] = defaultdict(list)
    owned: list[str] = []
    for path in paths:
        rule = owners.rule_for(path)
        if rule is None:
            unowned[_folder(path)].append(path)
        elif not rule.owners:
            unassigned[(_folder(path), rule.line)].append(path)
        elif rule.pattern in ("*", "/*", "**", "/**"):
            catch_all[rule.line].append(path)
        else:
            owned.append(path)
    findings: list[Finding] = []
    for folder, group in sorted(unowned.items()):
        findings.append(Finding(
            group[0], None, f"{len(group)} model-spec file{'s' if len(group) > 1 else ''} in {folder or 'the root'} "
            f"({_names(group)}) {'have' if len(group) > 1 else 'has'} no code owner in {owners.path}",
            key=f"unowned {folder}", suggestion=_owner_line(folder, group),
            remediation=f"Add a line to {owners.path}: `{_owner_line(folder, group)}`."))
    for (folder, line), group in sorted(unassigned.items()):
        findings.append(Finding(
            group[0], None, f"{owners.path} line {line} leaves {_names(group)} without an owner (a pattern with no "
            "owners unassigns the files it matches)", key=f"unassigned {folder}",
            remediation=f"Give the pattern on {owners.path} line {line} an owner, or add a later line "
            f"`{_owner_line(folder, group)}`."))
    for line, group in sorted(catch_all.items()):
        findings.append(Finding(
            group[0], None, f"{len(group)} model-spec files ({_names(group)}) are owned only by the catch-all `*` "
            f"rule ({owners.path} line {line})", level=Level.PARTIAL, key="catch-all",
            remediation="Name the ML reviewers for model code and configs explicitly, e.g. "
            f"`{_owner_line(_folder(group[0]), group)}` after the `*` line."))
    return outcome_from_findings(findings, checked=len(paths), what="model-spec files",
                                 evidence=[owners.path, *owned])


RULES: dict[str, RuleFn] = {
    "spec-codeowners": codeowners_rule,
}
