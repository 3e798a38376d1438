"""Measure how far mlgate agrees with a careful human reading of real ML repositories.

    python bench/accuracy.py [--repos DIR] [--corpus DIR] [--seed-from DIR] [--only owner/name,...]
                             [--markdown FILE] [--json FILE] [--compare OLD.json]

For every corpus file `bench/accuracy/repos/<owner>__<name>.yaml` (format: bench/accuracy/README.md)
it finds a local checkout of the repository at `$MLGATE_CORPUS/<owner>__<name>` (default
`~/.cache/mlgate/corpus/<owner>__<name>`) at the recorded commit, runs
`python -m mlgate check --format json --fail-on never` on it with this interpreter, and compares:

- expected statuses: agree or disagree, per rule and per repository;
- must_find: found when a finding of that rule exists (at that path, and line, when given;
  a path ending in "/" matches every file under it);
- must_not_flag: flagged when any finding of that rule is at that path prefix (a file, or a folder
  and everything under it), or any finding of the rule at all when no path is given.

`--seed-from DIR` makes missing checkouts from the bare mirrors the `fetch` tool leaves there
(DIR/<owner>+<name>/repo): `git clone --no-checkout --shared` and `git checkout <commit>`.
Files absent from a mirror (the largest ones) stay absent; the harness says how many.
Without a checkout, it prints the commands that make one and skips the repository.

It is a measurement, not a test: the exit status is 0 whatever it finds (2 on a usage error).
Only the standard library and mlgate's own dependencies are used.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import re
import subprocess
import sys
import time
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_REPOS = ROOT / "bench" / "accuracy" / "repos"
STATUSES = ("pass", "partial", "fail", "not_applicable")
KINDS = ("application", "service", "library", "research", "course", "monorepo", "template", "notebooks", "no-ml")
SCHEMA = 1
HEX40 = re.compile(r"^[0-9a-f]{40}$")
# A reader's inventory component -> the components of `mlgate inventory --format json` that answer it.
INVENTORY: dict[str, tuple[str, ...]] = {
    "training": ("training",),
    "feature_code": ("features",),
    "serving": ("serving", "deployments"),
    "ci_test_runs": ("ci_tests",),
    "monitoring": ("monitoring",),
    "vendored": ("skipped",),
}


class CorpusError(Exception):
    """A corpus file that does not follow the format."""


# ---------------------------------------------------------------------------------------------
# Corpus files


@dataclass
class Expectation:
    repo: str
    commit: str
    kind: str
    source: str  # the corpus file, for messages
    expect: dict[str, str]
    why: dict[str, str]
    must_find: list[dict[str, Any]]
    must_not_flag: list[dict[str, Any]]
    summary: str = ""
    inventory: dict[str, list[str]] = field(default_factory=dict)  # component -> what a reader lists

    @property
    def slug(self) -> str:
        return self.repo.replace("/", "__")


def _load_yaml(text: str) -> Any:
    from ruamel.yaml import YAML  # mlgate's own YAML dependency

    return YAML(typ="safe", pure=True).load(text)


def parse_expectation(text: str, source: str, known_rules: Iterable[str] | None = None) -> Expectation:
    """One corpus file, checked against the format; raises CorpusError with what is wrong."""
    try:
        doc = _load_yaml(text)
    except Exception as exc:
        raise CorpusError(f"{source}: not valid YAML: {exc}") from None
    if not isinstance(doc, dict):
        raise CorpusError(f"{source}: expected a mapping at the top level")
    repo = doc.get("repo")
    if not isinstance(repo, str) or repo.count("/") != 1:
        raise CorpusError(f"{source}: `repo` must be owner/name")
    commit = str(doc.get("commit", ""))
    if not HEX40.match(commit):
        raise CorpusError(f"{source}: `commit` must be 40 lowercase hex digits")
    kind = str(doc.get("kind", ""))
    if kind not in KINDS:
        raise CorpusError(f"{source}: `kind` must be one of {', '.join(KINDS)}")
    known = set(known_rules) if known_rules is not None else None
    expect = doc.get("expect") or {}
    why = doc.get("why") or {}
    if not isinstance(expect, dict) or not isinstance(why, dict):
        raise CorpusError(f"{source}: `expect` and `why` must be mappings")
    for rule, status in expect.items():
        if status not in STATUSES:
            raise CorpusError(f"{source}: expect.{rule}: {status!r} is not one of {', '.join(STATUSES)}")
        if known is not None and rule not in known:
            raise CorpusError(f"{source}: expect.{rule}: unknown rule id")
        if not str(why.get(rule) or "").strip():
            raise CorpusError(f"{source}: expect.{rule} has no `why` line")
    items: dict[str, list[dict[str, Any]]] = {}
    for key in ("must_find", "must_not_flag"):
        raw = doc.get(key) or []
        if not isinstance(raw, list):
            raise CorpusError(f"{source}: `{key}` must be a list")
        for n, item in enumerate(raw):
            if not isinstance(item, dict) or not isinstance(item.get("rule"), str):
                raise CorpusError(f"{source}: {key}[{n}] needs a `rule`")
            if known is not None and item["rule"] not in known:
                raise CorpusError(f"{source}: {key}[{n}]: unknown rule id {item['rule']}")
            if not str(item.get("why") or "").strip():
                raise CorpusError(f"{source}: {key}[{n}] ({item['rule']}) has no `why`")
            if item.get("line") is not None and not isinstance(item["line"], int):
                raise CorpusError(f"{source}: {key}[{n}]: `line` must be a number")
        items[key] = [dict(i) for i in raw]
    return Expectation(repo=repo, commit=commit, kind=kind, source=source,
                       expect={str(k): str(v) for k, v in expect.items()},
                       why={str(k): str(v) for k, v in why.items()},
                       must_find=items["must_find"], must_not_flag=items["must_not_flag"],
                       summary=str(doc.get("summary") or "").strip(), inventory=_reader_inventory(doc, source))


def _reader_inventory(doc: dict[str, Any], source: str) -> dict[str, list[str]]:
    raw = doc.get("inventory") or {}
    if not isinstance(raw, dict):
        raise CorpusError(f"{source}: `inventory` must be a mapping")
    out: dict[str, list[str]] = {}
    for component, entries in raw.items():
        if component not in INVENTORY:
            raise CorpusError(f"{source}: inventory.{component}: not one of {', '.join(INVENTORY)}")
        if not isinstance(entries, list):
            raise CorpusError(f"{source}: inventory.{component} must be a list")
        out[str(component)] = [str(e) for e in entries]
    return out


def known_rule_ids() -> list[str] | None:
    try:
        from mlgate.catalog import load_catalog
    except Exception:
        return None
    return list(load_catalog())


# ---------------------------------------------------------------------------------------------
# Comparing one report with one corpus file


def _path_matches_exact(want: str, path: str | None) -> bool:
    if path is None:
        return False
    if want.endswith("/"):
        return path.startswith(want)
    return path == want


def _path_under(prefix: str, path: str | None) -> bool:
    if path is None:
        return False
    prefix = prefix.rstrip("/")
    return not prefix or path == prefix or path.startswith(prefix + "/")


def _findings(report: dict[str, Any]) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []
    for rule in report.get("rules") or []:
        for f in rule.get("findings") or []:
            out.append({"rule": f.get("rule", rule.get("id")), "path": f.get("path"), "line": f.get("line"),
                        "message": str(f.get("message") or ""), "level": f.get("level"),
                        "severity": f.get("severity"), "confidence": f.get("confidence")})
    return out


def gating(findings: list[dict[str, Any]]) -> list[str]:
    """The findings that fail the gate with the default settings (severity error, confidence high): the
    ones an owner must agree with."""
    return [f"{f['rule']} {_short(f)}" for f in findings
            if f.get("severity") == "error" and f.get("confidence") == "high"]


def _short(f: dict[str, Any]) -> str:
    where = f.get("path") or "(repository)"
    if f.get("line"):
        where += f":{f['line']}"
    msg = f.get("message") or ""
    if len(msg) > 140:
        msg = msg[:137] + "..."
    return f"{where}: {msg}"


@dataclass
class RepoResult:
    repo: str
    kind: str
    commit: str
    statuses: dict[str, dict[str, Any]] = field(default_factory=dict)  # rule -> expected/actual/agree/why/summary
    must_find: list[dict[str, Any]] = field(default_factory=list)  # item + found
    must_not_flag: list[dict[str, Any]] = field(default_factory=list)  # item + flagged (list of findings)
    # component -> {"expected": [entries], "found": [bool per entry], "listed": n}; plus "kind": {...}
    inventory: dict[str, dict[str, Any]] = field(default_factory=dict)
    gating: list[str] = field(default_factory=list)  # findings that fail the gate by default
    seconds: float | None = None
    cpu: float | None = None  # user + system seconds of mlgate's process and its children (git)
    files: int | None = None
    error: str | None = None
    note: str | None = None

    def to_json(self) -> dict[str, Any]:
        return {"repo": self.repo, "kind": self.kind, "commit": self.commit, "statuses": self.statuses,
                "must_find": self.must_find, "must_not_flag": self.must_not_flag, "inventory": self.inventory,
                "gating": self.gating, "seconds": self.seconds, "cpu": self.cpu,
                "files": self.files, "error": self.error, "note": self.note}

    @classmethod
    def from_json(cls, raw: dict[str, Any]) -> RepoResult:
        return cls(repo=raw["repo"], kind=raw.get("kind", ""), commit=raw.get("commit", ""),
                   statuses=raw.get("statuses") or {}, must_find=raw.get("must_find") or [],
                   must_not_flag=raw.get("must_not_flag") or [], inventory=raw.get("inventory") or {},
                   gating=raw.get("gating") or [], seconds=raw.get("seconds"), cpu=raw.get("cpu"),
                   files=raw.get("files"), error=raw.get("error"), note=raw.get("note"))


def compare_report(exp: Expectation, report: dict[str, Any]) -> RepoResult:
    """What agrees and what does not between a corpus file and one `mlgate check --format json` report."""
    result = RepoResult(repo=exp.repo, kind=exp.kind, commit=exp.commit)
    rules = {r.get("id"): r for r in report.get("rules") or []}
    for rule, expected in sorted(exp.expect.items()):
        got = rules.get(rule)
        actual = str(got.get("status")) if got else "missing"
        result.statuses[rule] = {"expected": expected, "actual": actual, "agree": actual == expected,
                                 "why": exp.why.get(rule, ""), "summary": str(got.get("summary") or "") if got else ""}
    findings = _findings(report)
    for item in exp.must_find:
        want_path, want_line = item.get("path"), item.get("line")
        hits = [f for f in findings if f["rule"] == item["rule"]
                and (want_path is None or _path_matches_exact(str(want_path), f["path"]))
                and (want_line is None or f["line"] == want_line)]
        result.must_find.append({"rule": item["rule"], "path": want_path, "line": want_line,
                                 "why": item.get("why", ""), "found": bool(hits)})
    for item in exp.must_not_flag:
        prefix = item.get("path")
        hits = [f for f in findings if f["rule"] == item["rule"]
                and (prefix is None or _path_under(str(prefix), f["path"]))]
        result.must_not_flag.append({"rule": item["rule"], "path": prefix, "why": item.get("why", ""),
                                     "flagged": [_short(f) for f in hits]})
    result.inventory = compare_inventory(exp, report.get("inventory") or {})
    result.gating = gating(findings)
    return result


_PATHISH = re.compile(r"[\w.*{}\-/]+")
_FILE_EXT = re.compile(r"\.(?:py|ipynb|ya?ml|sh|json|toml|cfg|slurm|R|r)$|^(?:Dockerfile|Makefile|MLproject)")


def reader_paths(entry: str) -> list[str]:
    """The paths (or globs, or folders ending in /) a reader's inventory entry names: its lead (before
    ` (` or `: `) and every word with a slash or a file name's ending. `"dvc.yaml: train -> src/train.py"`
    names dvc.yaml and src/train.py; `"src/predict.py (batch scoring ...)"` names src/predict.py."""
    lead = entry.split(" (")[0].split(": ")[0].strip().rstrip(",")
    words = [w.rstrip(",.;") for w in _PATHISH.findall(entry)]
    found = [lead] + [w for w in words if "/" in w.strip("/") or w.endswith("/") or _FILE_EXT.search(w)]
    return list(dict.fromkeys(p for p in found if p and p not in {"->", "..."}))


def _names(listed: str, path: str) -> bool:
    from fnmatch import fnmatchcase
    want = listed.replace("...", "*")
    if "/" not in want.rstrip("/"):  # a bare file name: any folder
        return fnmatchcase(path.rsplit("/", 1)[-1], want) or fnmatchcase(path, want.rstrip("/") + "*")
    return (fnmatchcase(path, want) or path == want.rstrip("/") or path.startswith(want.rstrip("/") + "/")
            or fnmatchcase(path, want.rstrip("/") + "/*"))


def compare_inventory(exp: Expectation, inventory: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """Recall of a reader's inventory: for each entry the reader wrote, did `mlgate inventory` list a
    component under one of the paths it names? Readers list samples in large repositories, so what
    mlgate lists beyond them is counted, not judged."""
    out: dict[str, dict[str, Any]] = {"kind": {"expected": exp.kind, "actual": str(inventory.get("kind", "?"))}}
    for component, entries in exp.inventory.items():
        listed = [str(i.get("path") or "") for name in INVENTORY[component]
                  for i in inventory.get(name) or [] if isinstance(i, dict)]
        found = [any(_names(want, path) for want in reader_paths(e) for path in listed) for e in entries]
        out[component] = {"expected": entries, "found": found, "listed": len(listed)}
    return out


# ---------------------------------------------------------------------------------------------
# Aggregates


def _pct(num: int, den: int) -> str:
    return f"{100.0 * num / den:.1f}%" if den else "-"


@dataclass
class Totals:
    statuses: int = 0
    agree: int = 0
    applicable: int = 0  # expected statuses other than not_applicable: what a rule must actually judge
    applicable_agree: int = 0
    must_find: int = 0
    found: int = 0
    must_not_flag: int = 0
    flagged: int = 0
    kinds: int = 0
    kinds_agree: int = 0
    inventory: int = 0  # entries of the readers' inventories
    inventory_found: int = 0

    def add(self, r: RepoResult, rule: str | None = None) -> None:
        for name, s in r.statuses.items():
            if rule is None or name == rule:
                self.statuses += 1
                self.agree += bool(s["agree"])
                if s["expected"] != "not_applicable":
                    self.applicable += 1
                    self.applicable_agree += bool(s["agree"])
        for item in r.must_find:
            if rule is None or item["rule"] == rule:
                self.must_find += 1
                self.found += bool(item["found"])
        for item in r.must_not_flag:
            if rule is None or item["rule"] == rule:
                self.must_not_flag += 1
                self.flagged += bool(item["flagged"])
        if rule is None:
            for component, inv in r.inventory.items():
                if component == "kind":
                    self.kinds += 1
                    self.kinds_agree += inv["expected"] == inv["actual"]
                else:
                    self.inventory += len(inv["found"])
                    self.inventory_found += sum(bool(f) for f in inv["found"])

    def to_json(self) -> dict[str, Any]:
        return {"statuses": self.statuses, "agree": self.agree, "applicable": self.applicable,
                "applicable_agree": self.applicable_agree, "must_find": self.must_find,
                "found": self.found, "must_not_flag": self.must_not_flag, "flagged": self.flagged,
                "kinds": self.kinds, "kinds_agree": self.kinds_agree, "inventory": self.inventory,
                "inventory_found": self.inventory_found}


def totals(results: list[RepoResult], rule: str | None = None) -> Totals:
    t = Totals()
    for r in results:
        if r.error is None:
            t.add(r, rule)
    return t


def rule_ids(results: list[RepoResult]) -> list[str]:
    names: set[str] = set()
    for r in results:
        names.update(r.statuses)
        names.update(i["rule"] for i in r.must_find)
        names.update(i["rule"] for i in r.must_not_flag)
    order = known_rule_ids() or []
    return [n for n in order if n in names] + sorted(names - set(order))


# ---------------------------------------------------------------------------------------------
# Output: one list of sections, printed as text or written as Markdown


def _table(headers: list[str], rows: list[list[str]], markdown: bool) -> list[str]:
    if markdown:
        out = ["| " + " | ".join(headers) + " |", "| " + " | ".join("---" for _ in headers) + " |"]
        out += ["| " + " | ".join(c.replace("|", "\\|") for c in row) + " |" for row in rows]
        return out
    widths = [max(len(h), *(len(row[i]) for row in rows)) if rows else len(h) for i, h in enumerate(headers)]
    fmt = "  ".join(f"{{:<{w}}}" for w in widths)
    return [fmt.format(*headers).rstrip(), fmt.format(*("-" * w for w in widths)).rstrip()] + [
        fmt.format(*row).rstrip() for row in rows]


def _heading(text: str, level: int, markdown: bool) -> list[str]:
    if markdown:
        return ["", "#" * level + " " + text, ""]
    return ["", text, "=" * len(text) if level <= 2 else "-" * len(text)]


def _code(text: str, markdown: bool) -> str:
    return f"`{text}`" if markdown else text


def render(results: list[RepoResult], meta: dict[str, Any], markdown: bool,
           changes: list[str] | None = None) -> str:
    done = [r for r in results if r.error is None]
    t = totals(results)
    lines: list[str] = []
    if markdown:
        lines += ["# mlgate accuracy on real repositories", "",
                  "Generated by `python bench/accuracy.py --markdown docs/accuracy.md`; do not edit by hand. "
                  "What the corpus is and how to run it: bench/accuracy/README.md.", ""]
    else:
        lines += ["mlgate accuracy on real repositories"]
    lines += [f"mlgate {meta.get('mlgate_version', '?')} at {meta.get('mlgate_commit') or 'an uncommitted tree'}; "
              f"{len(done)} of {len(results)} repositories analysed; {meta.get('date', '')}.", ""]
    lines += _table(["measure", "result", "count"], [
        ["expected statuses that agree", _pct(t.agree, t.statuses), f"{t.agree}/{t.statuses}"],
        ["... of them pass, partial or fail", _pct(t.applicable_agree, t.applicable),
         f"{t.applicable_agree}/{t.applicable}"],
        ["expected findings found (must_find)", _pct(t.found, t.must_find), f"{t.found}/{t.must_find}"],
        ["known non-problems flagged (must_not_flag)", str(t.flagged), f"{t.flagged}/{t.must_not_flag}"],
        ["project kind as the reader's", _pct(t.kinds_agree, t.kinds), f"{t.kinds_agree}/{t.kinds}"],
        ["reader's inventory entries mlgate lists", _pct(t.inventory_found, t.inventory),
         f"{t.inventory_found}/{t.inventory}"],
    ], markdown)

    lines += _heading("Per repository", 2, markdown)
    rows = []
    for r in results:
        if r.error is not None:
            rows.append([_code(r.repo, markdown), r.kind, "-", "-", "-", "-", "-", "-", "-", "-",
                         "skipped: " + r.error])
            continue
        rt = Totals()
        rt.add(r)
        per_k = f"{r.seconds / r.files * 1000:.2f}" if r.seconds is not None and r.files else "-"
        cpu_k = f"{r.cpu / r.files * 1000:.2f}" if r.cpu is not None and r.files else "-"
        rows.append([_code(r.repo, markdown), r.kind, f"{_pct(rt.agree, rt.statuses)} ({rt.agree}/{rt.statuses})",
                     f"{rt.applicable_agree}/{rt.applicable}", f"{rt.found}/{rt.must_find}",
                     f"{rt.flagged}/{rt.must_not_flag}",
                     f"{r.seconds:.1f}" if r.seconds is not None else "-",
                     f"{r.cpu:.1f}" if r.cpu is not None else "-", str(r.files or "-"), per_k, cpu_k])
    lines += _table(["repository", "kind", "statuses agree", "where it applies", "must_find found", "false alarms",
                     "seconds", "CPU seconds", "tracked files", "s per 1,000 files", "CPU s per 1,000 files"],
                    rows, markdown)
    timed = [r for r in done if r.cpu is not None and r.files]
    if timed:
        def within(rs: list[RepoResult]) -> str:
            ok = sum(r.cpu is not None and r.files is not None and r.cpu / r.files * 1000 <= 2.0 for r in rs)
            return f"{ok}/{len(rs)}"

        large = [r for r in timed if (r.files or 0) >= 500]
        lines += ["", f"At most 2 s of CPU per 1,000 tracked files: {within(timed)} repositories; of those with "
                  f"500 tracked files or more, {within(large)}. A small repository's time is mostly the fixed "
                  "start-up (about 0.1 s of CPU), so its time per file is large whatever the analysis costs."]

    lines += _heading("Inventory against the reader's", 2, markdown)
    lines += ["What `mlgate inventory` lists, against the inventory written in each corpus file: the kind, and "
              "for each component the reader's entries that mlgate lists (a path it names, or under it) and how "
              "many mlgate lists in all (readers list samples of large repositories, so extra entries are not "
              "judged).", ""]
    components = list(INVENTORY)
    rows = []
    for r in done:
        if not r.inventory:
            continue
        kind = r.inventory.get("kind") or {}
        cells = [_code(r.repo, markdown), str(kind.get("expected", "-")),
                 str(kind.get("actual", "-")) + ("" if kind.get("expected") == kind.get("actual") else " (differs)")]
        for c in components:
            inv = r.inventory.get(c)
            cells.append(f"{sum(bool(f) for f in inv['found'])}/{len(inv['found'])} ({inv['listed']})"
                         if inv else "-")
        rows.append(cells)
    lines += _table(["repository", "kind", "mlgate kind"] + [f"{c} found (listed)" for c in components], rows,
                    markdown)
    missed = [[_code(r.repo, markdown), c, e] for r in done for c, inv in r.inventory.items() if c != "kind"
              for e, f in zip(inv["expected"], inv["found"], strict=True) if not f]
    if missed:
        lines += _heading("Inventory entries mlgate does not list", 3, markdown)
        lines += _table(["repository", "component", "the reader's entry"], missed, markdown)

    lines += _heading("Per rule", 2, markdown)
    rows = []
    for rule in rule_ids(done):
        rt = totals(done, rule)
        rows.append([_code(rule, markdown), f"{_pct(rt.agree, rt.statuses)} ({rt.agree}/{rt.statuses})",
                     f"{rt.applicable_agree}/{rt.applicable}", f"{rt.found}/{rt.must_find}",
                     f"{rt.flagged}/{rt.must_not_flag}"])
    lines += _table(["rule", "statuses agree", "where it applies", "must_find found", "false alarms"], rows,
                    markdown)

    confusion: dict[tuple[str, str], int] = {}
    for r in done:
        for s in r.statuses.values():
            if not s["agree"]:
                key = (s["expected"], s["actual"])
                confusion[key] = confusion.get(key, 0) + 1
    if confusion:
        lines += _heading("Disagreements by kind (expected -> mlgate)", 3, markdown)
        lines += _table(["expected", "mlgate", "count"],
                        [[e, a, str(n)] for (e, a), n in sorted(confusion.items(), key=lambda kv: -kv[1])], markdown)

    lines += _heading("Disagreements", 2, markdown)
    rows = [[_code(r.repo, markdown), _code(rule, markdown), s["expected"], s["actual"], s["why"], s["summary"]]
            for r in done for rule, s in sorted(r.statuses.items()) if not s["agree"]]
    lines += _table(["repository", "rule", "expected", "mlgate", "evidence (corpus)", "mlgate says"], rows, markdown) \
        if rows else ["none"]

    lines += _heading("False alarms (known non-problems flagged)", 2, markdown)
    rows = [[_code(r.repo, markdown), _code(i["rule"], markdown), i["path"] or "(any)", i["why"],
             "; ".join(i["flagged"][:3]) + (f" (+{len(i['flagged']) - 3} more)" if len(i["flagged"]) > 3 else "")]
            for r in done for i in r.must_not_flag if i["flagged"]]
    lines += _table(["repository", "rule", "path", "why it is not a problem", "mlgate findings"], rows, markdown) \
        if rows else ["none"]

    lines += _heading("Findings that fail the gate", 2, markdown)
    lines += ["With the default settings (`fail-on: error`, `fail-confidence: high`), these findings fail a "
              "pull request: each must be one the repository's owners would agree with.", ""]
    rows = [[_code(r.repo, markdown), str(len(r.gating)), "; ".join(r.gating[:4])
             + (f" (+{len(r.gating) - 4} more)" if len(r.gating) > 4 else "")] for r in done]
    lines += _table(["repository", "findings", "first ones"], rows, markdown)

    lines += _heading("Missed findings (must_find not found)", 2, markdown)
    rows = [[_code(r.repo, markdown), _code(i["rule"], markdown),
             (i["path"] or "(any)") + (f":{i['line']}" if i.get("line") else ""), i["why"]]
            for r in done for i in r.must_find if not i["found"]]
    lines += _table(["repository", "rule", "where", "why"], rows, markdown) if rows else ["none"]

    skipped = [r for r in results if r.error is not None]
    if skipped:
        lines += _heading("Skipped", 2, markdown)
        lines += [f"- {_code(r.repo, markdown)}: {r.error}" for r in skipped]
    notes = [r for r in done if r.note]
    if notes:
        lines += _heading("Notes", 2, markdown)
        lines += [f"- {_code(r.repo, markdown)}: {r.note}" for r in notes]
    if changes is not None:
        lines += _heading(f"Changes since {meta.get('compared_with', 'the previous run')}", 2, markdown)
        lines += [f"- {c}" for c in changes] if markdown else changes
        if not changes:
            lines.append("no change")
    return "\n".join(lines).strip() + "\n"


# ---------------------------------------------------------------------------------------------
# Comparing two runs


def compare_runs(old: dict[str, Any], new: dict[str, Any]) -> list[str]:
    """What changed between two `--json` results: totals, then per repository statuses that started
    or stopped agreeing (or changed), findings found or lost, false alarms raised or cleared, time."""
    out: list[str] = []
    ot, nt = old.get("totals") or {}, new.get("totals") or {}

    def frac(t: dict[str, Any], num: str, den: str) -> str:
        return f"{t.get(num, 0)}/{t.get(den, 0)} ({_pct(int(t.get(num, 0)), int(t.get(den, 0)))})"

    out.append(f"statuses agree: {frac(ot, 'agree', 'statuses')} -> {frac(nt, 'agree', 'statuses')}")
    out.append(f"statuses agree where a rule applies: {frac(ot, 'applicable_agree', 'applicable')} -> "
               f"{frac(nt, 'applicable_agree', 'applicable')}")
    out.append(f"must_find found: {frac(ot, 'found', 'must_find')} -> {frac(nt, 'found', 'must_find')}")
    out.append(f"false alarms: {ot.get('flagged', 0)}/{ot.get('must_not_flag', 0)} -> "
               f"{nt.get('flagged', 0)}/{nt.get('must_not_flag', 0)}")
    if nt.get("inventory"):
        out.append(f"project kinds agree: {frac(ot, 'kinds_agree', 'kinds')} -> {frac(nt, 'kinds_agree', 'kinds')}")
        out.append(f"inventory entries listed: {frac(ot, 'inventory_found', 'inventory')} -> "
                   f"{frac(nt, 'inventory_found', 'inventory')}")
    old_repos = {r["repo"]: RepoResult.from_json(r) for r in old.get("repos") or []}
    new_repos = {r["repo"]: RepoResult.from_json(r) for r in new.get("repos") or []}
    for name in sorted(set(old_repos) | set(new_repos)):
        o, n = old_repos.get(name), new_repos.get(name)
        if o is None:
            out.append(f"{name}: new in this run")
            continue
        if n is None:
            out.append(f"{name}: not in this run")
            continue
        if o.commit != n.commit:
            out.append(f"{name}: corpus commit changed {o.commit[:10]} -> {n.commit[:10]}")
        for rule in sorted(set(o.statuses) | set(n.statuses)):
            so, sn = o.statuses.get(rule), n.statuses.get(rule)
            if so is None or sn is None:
                out.append(f"{name} {rule}: expectation {'added' if so is None else 'removed'}")
                continue
            if so["actual"] == sn["actual"] and so["expected"] == sn["expected"]:
                continue
            verdict = ("fixed" if sn["agree"] and not so["agree"] else
                       "regressed" if so["agree"] and not sn["agree"] else "changed")
            out.append(f"{name} {rule}: {verdict}: {so['actual']} -> {sn['actual']} (expected {sn['expected']})")

        def key(i: dict[str, Any]) -> tuple[str, str, str]:
            return (i["rule"], str(i.get("path")), str(i.get("line")))

        def where(i: dict[str, Any]) -> str:
            return (i.get("path") or "(any)") + (f":{i['line']}" if i.get("line") else "")

        for kind, olds, news in (("must_find", o.must_find, n.must_find),
                                 ("must_not_flag", o.must_not_flag, n.must_not_flag)):
            before_keys, after_keys = {key(i) for i in olds}, {key(i) for i in news}
            out += [f"{name} {i['rule']} {kind} {where(i)}: expectation added" for i in news
                    if key(i) not in before_keys]
            out += [f"{name} {i['rule']} {kind} {where(i)}: expectation removed" for i in olds
                    if key(i) not in after_keys]
        old_find = {key(i): i for i in o.must_find}
        for i in n.must_find:
            prev = old_find.get(key(i))
            if prev is not None and prev["found"] != i["found"]:
                out.append(f"{name} {i['rule']} must_find {where(i)}: {'now found' if i['found'] else 'lost'}")
        old_flag = {key(i): i for i in o.must_not_flag}
        for i in n.must_not_flag:
            prev = old_flag.get(key(i))
            if prev is not None and bool(prev["flagged"]) != bool(i["flagged"]):
                what = ("false alarm cleared" if not i["flagged"]
                        else "false alarm raised: " + "; ".join(i["flagged"][:2]))
                out.append(f"{name} {i['rule']} must_not_flag {i.get('path') or '(any)'}: {what}")
        ok, nk = (o.inventory.get("kind") or {}).get("actual"), (n.inventory.get("kind") or {}).get("actual")
        if ok and nk and ok != nk:
            out.append(f"{name}: kind {ok} -> {nk} (reader: {n.kind})")
        for c, inv in n.inventory.items():
            before = o.inventory.get(c)
            if c == "kind" or not before or before.get("expected") != inv["expected"]:
                continue
            for e, was, now in zip(inv["expected"], before["found"], inv["found"], strict=True):
                if was != now:
                    out.append(f"{name} inventory {c}: {'now listed' if now else 'no longer listed'}: {e}")
        if o.seconds and n.seconds and abs(n.seconds - o.seconds) > max(1.0, 0.3 * o.seconds):
            out.append(f"{name}: time {o.seconds:.1f} s -> {n.seconds:.1f} s")
    return out


# ---------------------------------------------------------------------------------------------
# Checkouts and running mlgate


def _git(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, GIT_TERMINAL_PROMPT="0", GIT_LFS_SKIP_SMUDGE="1")
    return subprocess.run(["git", *args], cwd=cwd, capture_output=True, text=True, env=env, check=False)


def corpus_dir(arg: str | None) -> Path:
    if arg:
        return Path(arg).expanduser()
    env = os.environ.get("MLGATE_CORPUS")
    return Path(env).expanduser() if env else Path.home() / ".cache" / "mlgate" / "corpus"


def head_commit(path: Path) -> str | None:
    if not (path / ".git").exists():
        return None
    res = _git("rev-parse", "HEAD", cwd=path)
    return res.stdout.strip() if res.returncode == 0 else None


def mirror_git_dir(seed: Path, repo: str) -> Path | None:
    """The git directory for owner/name under a folder of mirrors (DIR/<owner>+<name>/repo as the
    fetch tool leaves them, or DIR/<owner>+<name> itself, or DIR/<owner>__<name>)."""
    owner, name = repo.split("/")
    for base in (seed / f"{owner}+{name}", seed / f"{owner}__{name}"):
        for cand in (base / "repo", base, base / ".git"):
            if cand.is_dir() and (cand / "HEAD").is_file() and (cand / "objects").is_dir():
                return cand
    return None


def seed_checkout(exp: Expectation, dest: Path, seed: Path) -> str | None:
    """Make (or move) the checkout from a local mirror; returns an error message, or None."""
    gitdir = mirror_git_dir(seed, exp.repo)
    if gitdir is None:
        return f"no mirror of {exp.repo} under {seed}"
    if not dest.exists():
        dest.parent.mkdir(parents=True, exist_ok=True)
        res = _git("clone", "-q", "--no-checkout", "--shared", str(gitdir), str(dest))
        if res.returncode != 0:
            return f"git clone failed: {res.stderr.strip()[:200]}"
    elif head_commit(dest) is None:
        return f"{dest} exists and is not a git checkout"
    if _git("cat-file", "-e", exp.commit + "^{commit}", cwd=dest).returncode != 0:
        _git("fetch", "-q", str(gitdir), exp.commit, cwd=dest)
    res = _git("-c", "advice.detachedHead=false", "checkout", "-q", "--force", exp.commit, cwd=dest)
    if head_commit(dest) != exp.commit:
        return f"git checkout {exp.commit[:12]} failed: {res.stderr.strip()[:200]}"
    return None


def missing_files(path: Path) -> int:
    res = _git("ls-files", "--deleted", "-z", cwd=path)
    return len([p for p in res.stdout.split("\0") if p]) if res.returncode == 0 else 0


def tracked_files(path: Path) -> int | None:
    res = _git("ls-files", "-z", cwd=path)
    return len([p for p in res.stdout.split("\0") if p]) if res.returncode == 0 else None


def _children_cpu() -> float:
    import resource

    used = resource.getrusage(resource.RUSAGE_CHILDREN)
    return used.ru_utime + used.ru_stime


def run_mlgate(path: Path, timeout: float) -> tuple[dict[str, Any] | None, float, float, str | None]:
    """(report, wall seconds, CPU seconds, error): wall time grows with the wait for a core on a shared
    machine, CPU time (of mlgate and its git children) much less."""
    cmd = [sys.executable, "-m", "mlgate", "check", "--format", "json", "--fail-on", "never", str(path)]
    cpu_start = _children_cpu()
    start = time.perf_counter()
    try:
        # cwd: `python -m mlgate` imports the mlgate beside this harness, whatever is installed
        res = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout, check=False, cwd=ROOT)
    except subprocess.TimeoutExpired:
        return None, time.perf_counter() - start, _children_cpu() - cpu_start, f"mlgate took over {timeout:.0f} s"
    seconds = time.perf_counter() - start
    cpu = _children_cpu() - cpu_start
    if res.returncode not in (0, 1):
        return None, seconds, cpu, f"mlgate exited {res.returncode}: {res.stderr.strip()[-300:]}"
    try:
        report = json.loads(res.stdout)
    except ValueError:
        return None, seconds, cpu, f"mlgate printed no JSON report: {res.stderr.strip()[-300:]}"
    return report, seconds, cpu, None


def clone_commands(exp: Expectation, dest: Path) -> str:
    return (f"git clone https://github.com/{exp.repo}.git {dest} && "
            f"git -C {dest} checkout -q {exp.commit}")


# ---------------------------------------------------------------------------------------------


def load_corpus(repos_dir: Path, only: set[str] | None) -> tuple[list[Expectation], list[str]]:
    known = known_rule_ids()
    out, problems = [], []
    for path in sorted(repos_dir.glob("*.yaml")):
        try:
            exp = parse_expectation(path.read_text(encoding="utf-8"), str(path), known)
        except (OSError, UnicodeDecodeError) as exc:
            problems.append(f"{path}: {exc}")
            continue
        except CorpusError as exc:
            problems.append(str(exc))
            continue
        if path.stem != exp.slug:
            problems.append(f"{path}: named {path.stem}, but its repo is {exp.repo} (expected {exp.slug}.yaml)")
        if only is None or exp.repo in only or exp.slug in only:
            out.append(exp)
    return out, problems


def mlgate_meta() -> dict[str, Any]:
    try:
        from mlgate import __version__ as version
    except Exception:
        version = "?"
    # the last commit that changed mlgate's code: corpus and harness commits do not change what is measured
    commit = _git("log", "-1", "--format=%h", "--abbrev=12", "--", "mlgate", cwd=ROOT).stdout.strip() or None
    dirty = bool(_git("status", "--porcelain", "--untracked-files=no", "--", "mlgate", cwd=ROOT).stdout.strip())
    return {"mlgate_version": version, "mlgate_commit": (commit + "+changes" if commit and dirty else commit),
            "date": dt.datetime.now(dt.timezone.utc).strftime("%Y-%m-%d %H:%M UTC")}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--repos", default=str(DEFAULT_REPOS), help="folder of corpus files (default: %(default)s)")
    ap.add_argument("--corpus", default=None,
                    help="folder of checkouts (default: $MLGATE_CORPUS or ~/.cache/mlgate/corpus)")
    ap.add_argument("--seed-from", default=None, metavar="DIR",
                    help="make missing checkouts from bare mirrors DIR/<owner>+<name>/repo")
    ap.add_argument("--only", default=None, help="comma-separated owner/name (or owner__name) to run")
    ap.add_argument("--markdown", default=None, metavar="FILE", help="also write the results as Markdown")
    ap.add_argument("--json", default=None, metavar="FILE", help="also write machine-readable results")
    ap.add_argument("--compare", default=None, metavar="OLD.json", help="print what changed since a --json run")
    ap.add_argument("--timeout", type=float, default=900.0, help="seconds allowed per repository")
    args = ap.parse_args(argv)

    repos_dir = Path(args.repos)
    if not repos_dir.is_dir():
        ap.error(f"--repos {repos_dir}: no such folder")
    old = None
    if args.compare:
        try:
            old = json.loads(Path(args.compare).read_text(encoding="utf-8"))
        except (OSError, ValueError) as exc:
            ap.error(f"--compare {args.compare}: {exc}")
        if not isinstance(old, dict) or old.get("schema") != SCHEMA:
            ap.error(f"--compare {args.compare}: not a results file of this harness")
    only = {s.strip() for s in args.only.split(",") if s.strip()} if args.only else None
    exps, problems = load_corpus(repos_dir, only)
    for p in problems:
        print(f"corpus problem: {p}", file=sys.stderr)
    if not exps:
        print("no corpus files to run", file=sys.stderr)
    base = corpus_dir(args.corpus)
    seed = Path(args.seed_from).expanduser() if args.seed_from else None

    results: list[RepoResult] = []
    commands: list[str] = []
    for exp in exps:
        dest = base / exp.slug
        note = None
        if head_commit(dest) != exp.commit and seed is not None:
            err = seed_checkout(exp, dest, seed)
            if err:
                print(f"{exp.repo}: cannot seed: {err}", file=sys.stderr)
        if head_commit(dest) != exp.commit:
            commands.append(clone_commands(exp, dest))
            results.append(RepoResult(repo=exp.repo, kind=exp.kind, commit=exp.commit,
                                      error=f"no checkout at {exp.commit[:12]} in {dest}"))
            continue
        absent = missing_files(dest)
        if absent:
            note = f"{absent} tracked file(s) absent from the checkout (not in the mirror)"
        print(f"{exp.repo} ...", file=sys.stderr, flush=True)
        report, seconds, cpu, err = run_mlgate(dest, args.timeout)
        if report is None:
            results.append(RepoResult(repo=exp.repo, kind=exp.kind, commit=exp.commit, seconds=seconds,
                                      error=err or "no report"))
            continue
        res = compare_report(exp, report)
        res.seconds, res.files, res.note = round(seconds, 2), tracked_files(dest), note
        res.cpu = round(cpu, 2)
        results.append(res)
    if commands:
        print("Missing checkouts; make them with:", file=sys.stderr)
        for c in commands:
            print("  " + c, file=sys.stderr)

    meta = mlgate_meta()
    changes = None
    data = {"schema": SCHEMA, **meta, "totals": totals(results).to_json(), "repos": [r.to_json() for r in results]}
    if old is not None:
        meta["compared_with"] = f"{args.compare} (mlgate {old.get('mlgate_commit') or '?'}, {old.get('date', '?')})"
        changes = compare_runs(old, data)
    print(render(results, meta, markdown=False, changes=changes))
    if args.markdown:
        Path(args.markdown).write_text(render(results, meta, markdown=True, changes=changes), encoding="utf-8")
    if args.json:
        Path(args.json).write_text(json.dumps(data, indent=1, sort_keys=True) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
