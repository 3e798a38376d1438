"""meta-rubric-markers: tests that say which ML Test Score test they evidence.

A test file declares the rubric test it evidences in one of three ways, all read without running it:

- a pytest marker: ``@pytest.mark.ml_test("Infra 2")`` on a test function or class (several ids may be
  given), or ``pytestmark = pytest.mark.ml_test("Data 1")`` (or a list of marks) for the whole module;
- a comment, for unittest and other runners: ``# ml_test: Infra 2`` (several ids separated by commas);
- a docstring that starts with the paper's words: ``"ML Test Score, Data 1: ..."``.

Ids are the paper's ("Data 1" to "Monitor 7"); ``INF-2``, ``infra_2``, ``MON 7`` are read the same. A marked
test earns its rubric test 1 point only when a CI job that runs on every change runs its file
(mlgate.facts.pycode.ci_run_test_files); a marked test that CI does not run earns nothing (partial). The
credit goes to the named rubric tests (RuleResult.credits), not to this rule's own empty rubric list.
"""

from __future__ import annotations

import ast

from mlgate import lazyre
from mlgate.facts.pycode import ci_run_test_files
from mlgate.facts.tests import test_files
from mlgate.model import Finding, Level, Outcome, Status
from mlgate.records import dataclass
from mlgate.repo import Needles, PySource, RepoIndex
from mlgate.rubric import TESTS
from mlgate.rules.base import Context, RuleFn

RULE_ID = "meta-rubric-markers"
_NEEDLES = Needles("ml_test", "ML Test Score")
_SECTION = {"data": "Data", "dat": "Data", "model": "Model", "mod": "Model", "infra": "Infra", "inf": "Infra",
            "monitor": "Monitor", "mon": "Monitor"}
_ID = lazyre.compile(r"^\s*([A-Za-z]+)[\s_-]*(\d+)\s*$")
_COMMENT = lazyre.compile(r"#\s*ml_test\s*:\s*([^#\n]+)")
_DOCSTRING = lazyre.compile(r"^\s*ML Test Score,?\s+([A-Za-z]+[\s_-]*\d+)\b")
_VALID = {t.id for t in TESTS}


@dataclass(frozen=True)
class Marker:
    path: str
    line: int
    written: str       # as the test wrote it
    test_id: str | None  # "Infra 2", or None when it names no rubric test
    readable: bool = True


def rubric_id(written: str) -> str | None:
    """'Infra 2', 'INF-2', 'infra_2' -> 'Infra 2'; None when it names no test of the paper."""
    m = _ID.match(written)
    if not m:
        return None
    section = _SECTION.get(m.group(1).lower())
    candidate = f"{section} {int(m.group(2))}" if section else None
    return candidate if candidate in _VALID else None


def _is_ml_test_mark(node: ast.AST) -> bool:
    """`pytest.mark.ml_test` or `mark.ml_test` (from pytest import mark)."""
    if not isinstance(node, ast.Attribute) or node.attr != "ml_test":
        return False
    owner = node.value
    return (isinstance(owner, ast.Attribute) and owner.attr == "mark") or (isinstance(owner, ast.Name)
                                                                           and owner.id == "mark")


def _marks_in(node: ast.AST, path: str) -> list[Marker]:
    """The ml_test marks of a decorator or a `pytestmark` value (a mark, or a list or tuple of marks)."""
    out: list[Marker] = []
    items = node.elts if isinstance(node, (ast.List, ast.Tuple)) else [node]
    for item in items:
        if not (isinstance(item, ast.Call) and _is_ml_test_mark(item.func)):
            continue
        if not item.args:
            out.append(Marker(path, item.lineno, "ml_test()", None, readable=False))
        for arg in item.args:
            if isinstance(arg, ast.Constant) and isinstance(arg.value, str):
                out.append(Marker(path, item.lineno, arg.value, rubric_id(arg.value)))
            else:
                out.append(Marker(path, item.lineno, ast.unparse(arg)[:60], None, readable=False))
    return out


def markers(source: PySource) -> list[Marker]:
    found: list[Marker] = []
    path = source.path
    # statements only: a test file's expressions need not be walked for its markers
    for node in source.of_types(ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef, ast.Assign):
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            for deco in node.decorator_list:
                found += _marks_in(deco, path)
            doc = ast.get_docstring(node, clean=False)
            m = _DOCSTRING.match(doc or "")
            if m and (node.name.startswith("test") or isinstance(node, ast.ClassDef)):
                found.append(Marker(path, node.lineno, m.group(1), rubric_id(m.group(1))))
        elif isinstance(node, ast.Assign) and any(isinstance(t, ast.Name) and t.id == "pytestmark"
                                                  for t in node.targets):
            found += _marks_in(node.value, path)
    for number, line in enumerate(source.text.splitlines(), start=1):
        m = _COMMENT.search(line)
        if m and "#" in line:
            for written in (w.strip() for w in m.group(1).split(",")):
                if written:
                    found.append(Marker(path, number, written, rubric_id(written)))
    return sorted(set(found), key=lambda mk: (mk.line, mk.written))


def rubric_markers(index: RepoIndex) -> list[Marker]:
    """Every marker in the repository's test files (pytest's and unittest's default names)."""
    def compute() -> list[Marker]:
        out: list[Marker] = []
        for path in test_files(index):
            if not index.contains(path, _NEEDLES):
                continue
            for source in index.python_sources([path]):
                out += markers(source)
        return out

    return index.memo("rubric-markers", compute)


def rubric_markers_rule(ctx: Context) -> Outcome:
    found = rubric_markers(ctx.index)
    if not found:
        return Outcome(Status.NOT_APPLICABLE, "no test is marked with an ML Test Score id")
    on_change, other = ci_run_test_files(ctx.index)
    findings: list[Finding] = []
    credits: dict[str, float] = {}
    evidence: set[str] = set()
    for mk in found:
        if not mk.readable:
            findings.append(Finding(
                mk.path, mk.line, f"ml_test marker `{mk.written}` cannot be read without running the test",
                level=Level.PARTIAL, key=f"unreadable {mk.written}",
                remediation='Write the rubric id as a literal string, e.g. `@pytest.mark.ml_test("Infra 2")`.'))
        elif mk.test_id is None:
            findings.append(Finding(
                mk.path, mk.line, f"marker names `{mk.written}`, which is not a test of the ML Test Score",
                key=f"unknown {mk.written}",
                remediation='Use the paper\'s ids, "Data 1" to "Monitor 7" (`mlgate explain meta-rubric-markers`).'))
        elif mk.path in on_change:
            credits[mk.test_id] = 1.0
            evidence.add(f"{mk.path}:{mk.line} ({mk.test_id})")
        else:
            how = "only by hand or on a schedule" if mk.path in other else "in no CI job"
            findings.append(Finding(
                mk.path, mk.line, f"{mk.path} is marked as evidence of {mk.test_id} but runs {how}: it earns "
                "nothing until CI runs it on every change", level=Level.PARTIAL, key=f"not in ci {mk.test_id}",
                remediation="Run this test file in a CI job on push or pull_request (e.g. `pytest` in a "
                "GitHub Actions workflow)."))
    valid = sum(1 for mk in found if mk.test_id is not None)
    failing = [f for f in findings if f.level is Level.FAIL]
    credited = ", ".join(sorted(credits, key=lambda t: [x.id for x in TESTS].index(t)))
    if failing:
        status = Status.FAIL
    elif findings:
        status = Status.PARTIAL
    else:
        status = Status.PASS
    summary = (f"{len(found)} marker{'s' if len(found) != 1 else ''} ({valid} valid); credited in CI: "
               f"{credited or 'none'}")
    return Outcome(status, summary, tuple(findings), tuple(sorted(evidence)), automated=bool(credits),
                   credits=tuple(sorted(credits.items())))


RULES: dict[str, RuleFn] = {RULE_ID: rubric_markers_rule}
