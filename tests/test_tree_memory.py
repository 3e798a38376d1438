"""Syntax trees that no fact holds are not kept, and that changes no result.

A fact that only needs a summary of a file (its imports, the options it declares, whether it calls a
Hub download) asks for the file's tree with ``keep=False``; above ``RepoIndex.TREE_BUDGET`` characters of
kept source such a tree is dropped after use and parsed again if someone needs it later. These tests
run rules with the budget at zero (nothing is kept that is not asked to be) and at its default (a
fixture keeps everything) and require the same findings, and pin the cache's promises: a dropped tree
asked for again with ``keep=True`` is the very same object while it is at hand, and summaries come from
the parse they were computed on.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from mlgate.config import load_config
from mlgate.engine import Selection, run_rules
from mlgate.patterns import PathSet
from mlgate.repo import RepoIndex, build_index
from tests.conftest import TODAY, write_tree

CASES_ROOT = Path(__file__).parent / "rules"
# the rules whose facts ask for trees with keep=False (or read summaries), on every one of their fixtures
RULES = ("data-hf-revision", "data-remote-unpinned", "spec-hparam-search", "spec-slice-eval",
         "spec-baseline-compare", "spec-in-vcs", "spec-unit-tested", "mon-numeric-guards",
         "prov-model-data-link", "prov-model-card", "repro-seeds", "repro-determinism")
CASES = sorted(p for rule in RULES for p in (CASES_ROOT / rule).glob("*") if (p / "expect.yaml").is_file())


def _findings(root: Path) -> list[tuple[str, str, str, list[tuple[str, int | None, str]]]]:
    cfg = load_config(root, upward=False)
    index = build_index(root, use_git=False, exclude=PathSet(cfg.exclude))
    results = run_rules(index, cfg, Selection(), today=TODAY)
    return [(r.rule_id, r.status.value, r.summary, [(f.path, f.line, f.message) for f in r.findings])
            for r in results]


@pytest.mark.parametrize("case", CASES, ids=[f"{p.parent.name}/{p.name}" for p in CASES])
def test_every_rule_gives_the_same_results_when_no_tree_is_kept(case: Path,
                                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    kept_all = _findings(case / "repo")
    monkeypatch.setattr(RepoIndex, "TREE_BUDGET", 0)
    monkeypatch.setattr(RepoIndex, "PASSING", 1)
    assert _findings(case / "repo") == kept_all


def test_a_tree_asked_for_without_keeping_is_dropped_and_promoted_when_kept(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(RepoIndex, "TREE_BUDGET", 0)
    monkeypatch.setattr(RepoIndex, "PASSING", 1)
    root = write_tree(tmp_path / "r", {"a.py": "import os\nX = 1\n", "b.py": "from a import X\n", "c.py": "Y = 2\n"})
    index = build_index(root, use_git=False)
    first = index.python("a.py", keep=False)
    assert first is not None and not index.kept("a.py")
    assert index.python("a.py") is first  # still at hand: promoted, the same parse
    assert index.kept("a.py")
    other = index.python("b.py", keep=False)
    assert other is not None and not index.kept("b.py")
    index.python("c.py", keep=False)  # b.py is no longer at hand (one slot): parsed again when asked
    assert index.python("b.py", keep=False) is not other


def test_a_summary_is_read_once_from_the_first_parse(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(RepoIndex, "TREE_BUDGET", 0)
    calls: list[str] = []
    monkeypatch.setitem(RepoIndex._summarisers, "test-imports",
                        lambda path, sources: calls.append(path) or tuple(sorted(
                            n for s in sources for n in s.text.split() if n.isidentifier())))
    monkeypatch.setattr(RepoIndex, "PASSING", 1)
    root = write_tree(tmp_path / "r", {"a.py": "import os\n", "b.py": "X = 1\n"})
    index = build_index(root, use_git=False)
    assert index.summary("test-imports", "a.py") == ("import", "os")
    index.python("b.py", keep=False)  # a.py is no longer at hand
    assert index.python("a.py", keep=False) is not None  # parsed again: its summaries are not recomputed
    assert index.summary("test-imports", "a.py") == ("import", "os")
    assert calls == ["a.py", "b.py"]
    assert index.summary("test-imports", "missing.txt") == ()  # not Python: a summary of nothing
