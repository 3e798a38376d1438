"""Every fixture case under tests/rules/<rule-id>/<case>/ gives what its expect.yaml says.

A case is a directory holding ``repo/`` (a small, realistic repository) and ``expect.yaml``:

    status: fail                 # the rule's status
    findings:                    # optional: exactly these findings (path, line; level optional)
      - {path: Dockerfile, line: 3}   # level, confidence, scope, message_contains, remediation_contains optional
    summary_contains: "..."      # optional
"""

from __future__ import annotations

from pathlib import Path

import pytest
from ruamel.yaml import YAML

from tests.conftest import run_rule

CASES_ROOT = Path(__file__).parent / "rules"
CASES = sorted(p for p in CASES_ROOT.glob("*/*") if (p / "expect.yaml").is_file())


@pytest.mark.parametrize("case", CASES, ids=[f"{p.parent.name}/{p.name}" for p in CASES])
def test_fixture_case(case: Path) -> None:
    expect = YAML(typ="safe").load((case / "expect.yaml").read_text())
    rule_id = case.parent.name
    result = run_rule(case / "repo", rule_id)
    assert result.status.value == expect["status"], (result.summary, [f.message for f in result.findings])
    if "findings" in expect:
        got = sorted((f.path, f.line) for f in result.findings)
        want = sorted((f["path"], f.get("line")) for f in expect["findings"] or [])
        assert got == want, [f"{f.location()}: {f.message}" for f in result.findings]
        for f in expect["findings"] or []:
            match = [g for g in result.findings if (g.path, g.line) == (f["path"], f.get("line"))]
            for attr in ("level", "confidence", "scope"):
                if attr in f:
                    assert match and getattr(match[0], attr).value == f[attr], (attr, match[0].message)
            if "message_contains" in f:
                assert match and f["message_contains"] in match[0].message, match[0].message if match else None
            if "remediation_contains" in f:
                assert match and f["remediation_contains"] in match[0].remediation, \
                    match[0].remediation if match else None
    if "summary_contains" in expect:
        assert expect["summary_contains"] in result.summary


def test_every_fixture_dir_is_a_case() -> None:
    stray = [p for p in CASES_ROOT.glob("*/*") if p.is_dir() and not (p / "expect.yaml").is_file()]
    assert not stray, f"fixture directories without expect.yaml: {stray}"
