"""The catalogue is complete and true: every SPEC rule id, valid texts, and examples that behave."""

from __future__ import annotations

from pathlib import Path

import pytest

from mlgate.catalog import AREAS, load_catalog
from mlgate.engine import NOT_YET
from mlgate.model import Status
from mlgate.rubric import TESTS
from tests.conftest import run_rule, write_tree

SPEC_RULES = Path(__file__).resolve().parent / "data" / "spec-rule-ids.txt"  # the contract's rule ids
CATALOG = load_catalog()


def spec_rules() -> dict[str, tuple[tuple[str, ...], bool]]:
    """rule id -> (rubric tests, action only), from the product contract's list kept in tests/data."""
    out: dict[str, tuple[tuple[str, ...], bool]] = {}
    for line in SPEC_RULES.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        rule_id, _, rest = line.partition(":")
        tests, _, flag = rest.partition(";")
        rubric = tuple(t.strip() for t in tests.split(",") if t.strip() not in ("", "-"))
        out[rule_id.strip()] = (rubric, flag.strip() == "action-only")
    return out


def test_every_spec_rule_id_is_catalogued_with_its_rubric_tests() -> None:
    expected = spec_rules()
    assert len(expected) >= 40
    missing = [i for i in expected if i not in CATALOG]
    assert not missing
    for rule_id, (rubric, action_only) in expected.items():
        assert CATALOG[rule_id].rubric == rubric, rule_id
        assert CATALOG[rule_id].action_only is action_only, rule_id


def test_catalog_entries_are_complete() -> None:
    test_ids = {t.id for t in TESTS}
    for meta in CATALOG.values():
        assert meta.area in AREAS
        assert set(meta.rubric) <= test_ids
        for text in (meta.title, meta.rationale, meta.passes, meta.fails, meta.remediation):
            assert len(text) > 10, meta.id
        assert meta.good.files and meta.bad.files


def test_every_rubric_test_has_a_rule_or_is_known_static_blind() -> None:
    covered = {t for m in CATALOG.values() for t in m.rubric}
    blind = {"Data 2", "Data 3", "Data 4", "Data 6", "Model 2", "Model 4", "Infra 5"}
    assert {t.id for t in TESTS} - covered <= blind


@pytest.mark.parametrize("rule_id", [m.id for m in CATALOG.values() if not m.action_only])
def test_examples_behave(rule_id: str, tmp_path: Path) -> None:
    meta = CATALOG[rule_id]
    good = run_rule(write_tree(tmp_path / "good", dict(meta.good.files)), rule_id)
    if good.status is Status.UNKNOWN and good.summary == NOT_YET:
        pytest.skip(f"{rule_id} is not implemented yet")
    assert good.status is Status.PASS, (good.summary, [f.message for f in good.findings])
    assert not good.active_findings
    bad = run_rule(write_tree(tmp_path / "bad", dict(meta.bad.files)), rule_id)
    assert bad.status in (Status.FAIL, Status.PARTIAL), bad.summary
    assert bad.findings, bad.summary
