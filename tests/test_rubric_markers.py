"""meta-rubric-markers in the score: a marked test earns its rubric test's credit only when CI runs it."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from mlgate.cli import main
from mlgate.rules.meta import rubric_id
from tests.conftest import git_repo

CASES = Path(__file__).parent / "rules" / "meta-rubric-markers"


def files_of(case: str) -> dict[str, str | bytes]:
    repo = CASES / case / "repo"
    return {p.relative_to(repo).as_posix(): p.read_text() for p in repo.rglob("*") if p.is_file()}


def credits(capsys: pytest.CaptureFixture[str], root: Path) -> tuple[dict[str, float], dict[str, list[str]], str]:
    main(["check", str(root), "--format", "json"])
    report = json.loads(capsys.readouterr().out)
    tests = report["ml_test_score"]["tests"]
    rule = next(r for r in report["rules"] if r["id"] == "meta-rubric-markers")
    return {t["id"]: t["credit"] for t in tests}, {t["id"]: t["evidence"] for t in tests}, rule["status"]


def test_a_marked_test_ci_runs_earns_its_rubric_test(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    root = git_repo(tmp_path / "r", files_of("pass-pytest-marker-ci-on-pull-request"))
    credit, evidence, status = credits(capsys, root)
    assert status == "pass"
    assert credit["Data 4"] == 1.0  # no other rule can see Data 4: the marker alone earns it
    assert "meta-rubric-markers" in evidence["Data 4"]
    main(["check", str(root)])
    assert "    pass     meta-rubric-markers        3 markers (3 valid); credited in CI: Data 4, Data 7, Infra 2" \
        in capsys.readouterr().out


def test_a_marked_test_ci_does_not_run_earns_nothing(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    root = git_repo(tmp_path / "r", files_of("partial-scheduled-only"))
    credit, evidence, status = credits(capsys, root)
    assert status == "partial"
    assert credit["Data 4"] == 0.0 and "meta-rubric-markers" not in evidence["Data 4"]
    main(["check", str(root)])
    out = capsys.readouterr().out
    assert ("tests/unit/test_features.py:7  tests/unit/test_features.py is marked as evidence of Data 4 but runs "
            "only by hand or on a schedule") in out
    assert "not yet analysed" not in out


@pytest.mark.parametrize(("written", "expected"), [
    ("Infra 2", "Infra 2"), ("INF-2", "Infra 2"), ("infra_2", "Infra 2"), ("MON 7", "Monitor 7"),
    ("Data 9", None), ("Model", None), ("Infra 0", None),
])
def test_rubric_ids_are_read_as_the_paper_numbers_them(written: str, expected: str | None) -> None:
    assert rubric_id(written) == expected
