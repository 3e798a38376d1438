"""Scoring, suppressions and the base comparison, as the report shows them."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from mlgate.analysis import analyse
from mlgate.config import parse_config
from mlgate.engine import Selection, run_rules
from mlgate.model import Level, ReportedFinding, RuleResult, Severity, Status
from mlgate.repo import build_index
from mlgate.rubric import band
from mlgate.scoring import areas, gate, score
from tests.conftest import TODAY, git, git_repo, write_tree


def result(rule_id: str, area: str, status: Status, rubric: tuple[str, ...]) -> RuleResult:
    return RuleResult(rule_id, area, rule_id, status, Severity.ERROR, rubric, "")


def test_score_is_minimum_of_section_sums_with_best_credit_per_test() -> None:
    results = [
        result("a", "repro", Status.PASS, ("Infra 1",)),
        result("b", "repro", Status.PARTIAL, ("Infra 1", "Infra 2")),
        result("c", "data", Status.PARTIAL, ("Data 1",)),
        result("d", "mon", Status.PASS, ("Monitor 1", "Monitor 2")),
        result("e", "spec", Status.PASS, ("Model 1",)),
        result("f", "spec", Status.FAIL, ("Model 3",)),
    ]
    s = score(results, parse_config("", "x"))
    assert s.sections == {"data": 0.5, "model": 1.0, "infra": 1.5, "monitor": 2.0}
    assert s.score == 0.5
    assert s.band.startswith("(0,1]")
    infra1 = next(t for t in s.tests if t.id == "Infra 1")
    assert infra1.credit == 1.0 and set(infra1.evidence) == {"a", "b"}
    assert next(t for t in s.tests if t.id == "Model 3").evidence == ()


def test_attestations_count_half_or_one_with_automation() -> None:
    cfg = parse_config(
        "attestations:\n"
        "  - {test: Model 4, evidence: docs/staleness.md}\n"
        "  - {test: Data 3, evidence: docs/cost.md, automation: .github/workflows/bench.yml}\n", "x")
    s = score([], cfg)
    credits = {t.id: t.credit for t in s.tests}
    assert credits["Model 4"] == 0.5 and credits["Data 3"] == 1.0
    assert s.sections["model"] == 0.5 and s.sections["data"] == 1.0


@pytest.mark.parametrize(("value", "words"), [(0, "0:"), (0.5, "(0,1]"), (1, "(0,1]"), (1.5, "(1,2]"),
                                               (3, "(2,3]"), (5, "(3,5]"), (5.5, ">5")])
def test_bands(value: float, words: str) -> None:
    assert band(value).startswith(words)


def test_area_readiness_ignores_not_applicable() -> None:
    results = [result("a", "repro", Status.PASS, ()), result("b", "repro", Status.PARTIAL, ()),
               result("c", "repro", Status.NOT_APPLICABLE, ()), result("d", "repro", Status.FAIL, ()),
               result("e", "data", Status.UNKNOWN, ())]
    got = areas(results)
    assert got["repro"] == 50.0 and got["data"] is None


def finding(sev: Severity) -> ReportedFinding:
    return ReportedFinding("r", sev, "p", 1, "m", "fix", "0" * 24, Level.FAIL)


def test_gate_fail_on_levels() -> None:
    rs = [RuleResult("r", "repro", "r", Status.FAIL, Severity.WARNING, (), "", (finding(Severity.WARNING),))]
    s = score(rs, parse_config("", "x"))
    cfg = parse_config("", "x")
    assert gate(rs, s, cfg).passed
    assert not gate(rs, s, cfg, fail_on="warning").passed
    assert gate(rs, s, cfg, fail_on="warning").reasons == ("1 warning finding",)
    assert gate(rs, s, cfg, fail_on="never").passed


REPO = {
    "Dockerfile": "# build image\nFROM python:3.11-slim\nRUN pip install -r requirements.txt\n",
    "requirements.txt": "numpy==1.26.4\n",
    "params.yaml": "lr: 0.1\n",
}


def test_inline_ignore_and_waiver_silence_findings(tmp_path: Path) -> None:
    root = write_tree(tmp_path / "r", {
        **REPO,
        "Dockerfile": "# mlgate: ignore[repro-image-digest] the base is rebuilt nightly by platform\n"
                      "FROM python:latest\n",
        "serve/Dockerfile": "FROM ubuntu  # mlgate: ignore[repro-image-digest]\n",
        "train/Dockerfile": "FROM python:latest\n",
        "docs/Dockerfile": "FROM python:3.11@sha256:" + "a" * 64 + "\n# mlgate: ignore[repro-image-digest] stale\n",
        "x.py": "import os  # mlgate: ignore[no-such-rule] typo\n",
        ".mlgate.yaml": "waivers:\n"
                        "  - rule: repro-image-digest\n    paths: ['train/**']\n    reason: legacy trainer\n"
                        "    expires: 2027-01-01\n"
                        "  - rule: repro\n    paths: ['old/**']\n    reason: gone\n    expires: 2025-01-01\n",
    })
    cfg = parse_config((root / ".mlgate.yaml").read_text(), ".mlgate.yaml")
    results = {r.rule_id: r for r in run_rules(build_index(root, use_git=False), cfg, today=TODAY)}
    digest = results["repro-image-digest"]
    suppressed = {f.path: f.suppressed for f in digest.findings}
    assert suppressed["Dockerfile"] == "inline ignore at Dockerfile:1: the base is rebuilt nightly by platform"
    assert suppressed["train/Dockerfile"] == "waiver: legacy trainer"
    assert suppressed["serve/Dockerfile"] is None  # an ignore without a reason silences nothing
    assert digest.status is Status.FAIL  # suppression never changes the evidence
    meta = results["meta-suppressions"]
    messages = sorted(f"{f.path}:{f.line}: {f.message}" for f in meta.findings)
    assert messages == [
        ".mlgate.yaml:6: waiver for repro expired on 2025-01-01",
        "docs/Dockerfile:2: inline ignore of repro-image-digest silences nothing",
        "serve/Dockerfile:1: inline ignore of repro-image-digest gives no reason",
        "x.py:1: inline ignore names unknown rule id no-such-rule",
    ]
    assert meta.status is Status.FAIL


def test_attestation_evidence_must_exist(tmp_path: Path) -> None:
    root = write_tree(tmp_path / "r", {**REPO, "docs/ab.md": "# A/B\n"})
    cfg = parse_config("attestations:\n  - {test: Model 2, evidence: docs/ab.md}\n"
                       "  - {test: Model 4, evidence: docs/missing.md}\n", ".mlgate.yaml")
    results = {r.rule_id: r for r in run_rules(build_index(root, use_git=False), cfg, today=TODAY)}
    assert [f.message for f in results["meta-suppressions"].findings] == [
        "attestation for Model 4: evidence docs/missing.md is not a file in the repository"]


def test_base_comparison_reports_new_fixed_and_score_change(tmp_path: Path) -> None:
    root = git_repo(tmp_path / "r", {
        "Dockerfile": "FROM python:latest\n",
        "requirements.txt": "numpy==1.26.4\npandas>=2\n",
        "tests/test_x.py": "def test_x():\n    pass\n",
    })
    base = git(root, "rev-parse", "HEAD").strip()
    # the PR: moves the FROM line down (unchanged), fixes pandas, adds an unpinned torch, adds CI
    write_tree(root, {
        "Dockerfile": "# syntax=docker/dockerfile:1\n\nFROM python:latest\n",
        "requirements.txt": "numpy==1.26.4\npandas==2.2.2\ntorch\n",
        ".github/workflows/ci.yml": "on: pull_request\njobs:\n  t:\n    runs-on: ubuntu-latest\n"
                                   "    steps:\n      - run: pytest\n",
    })
    git(root, "add", "-A")
    git(root, "commit", "-qm", "pr")
    before = (root / "Dockerfile").read_text()
    report = analyse(str(root), parse_config("", "x"), base=base, today=TODAY)
    c = report.comparison
    assert c is not None and c.base_commit == base
    assert [(f.rule_id, f.path, f.line, f.message) for f in c.new] == [
        ("repro-deps-pinned", "requirements.txt", 3, "torch is not pinned to an exact version")]
    assert sorted((f.rule_id, f.message) for f in c.fixed) == [
        ("feat-tests-in-ci", "1 test file exists but there is no CI configuration"),
        ("repro-deps-pinned", "pandas is not pinned to an exact version")]
    assert sorted((f.rule_id, f.line or 0) for f in c.unchanged) == [
        ("mon-dependency-watch", 0), ("repro-image-digest", 3)]
    assert c.score_change == 0.0  # the monitor section stays at 0, so the minimum does not move
    assert c.section_change == {"data": 1.0, "model": 0.0, "infra": 1.0, "monitor": 0.0}
    assert report.gate.reasons == ("1 new error finding",)
    assert (root / "Dockerfile").read_text() == before  # the working tree is untouched
    assert git(root, "status", "--porcelain") == ""


def test_a_linked_file_is_read_on_both_sides_of_a_comparison(tmp_path: Path) -> None:
    """A symbolic link to a tracked file is read through the link in the working tree; the base reads it
    the same way, so its findings are unchanged, not new, and one that the pull request fixes in the
    linked file is fixed. The link's copy of its target's finding is reported at the target only, on both
    sides. A link out of the repository is read on neither side."""
    import os

    root = git_repo(tmp_path / "r", {"requirements/base.txt": "numpy\npandas==2.2.2\n", "src/app.py": "x = 1\n"})
    (tmp_path / "outside.txt").write_text("torch\n")
    os.symlink("requirements/base.txt", root / "requirements.txt")
    os.symlink("../../outside.txt", root / "requirements" / "extra.txt")
    git(root, "add", "-A")
    git(root, "commit", "-qm", "links")
    base = git(root, "rev-parse", "HEAD").strip()
    write_tree(root, {"src/app.py": "x = 2\n"})
    same = analyse(str(root), parse_config("", "x"), base=base, today=TODAY).comparison
    assert same is not None and same.new == () and same.fixed == ()
    assert sorted((f.rule_id, f.path) for f in same.unchanged if f.rule_id == "repro-deps-pinned") == [
        ("repro-deps-pinned", "requirements/base.txt")]
    write_tree(root, {"requirements/base.txt": "numpy==1.26.4\npandas==2.2.2\n"})
    fixed = analyse(str(root), parse_config("", "x"), base=base, today=TODAY).comparison
    assert fixed is not None
    assert sorted((f.path, f.message) for f in fixed.fixed if f.rule_id == "repro-deps-pinned") == [
        ("requirements/base.txt", "numpy is not pinned to an exact version")]
    assert not [f for f in fixed.new if "numpy" in f.message and "not pinned" in f.message]


def test_unknown_base_ref_is_a_usage_error(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from mlgate.cli import main

    root = git_repo(tmp_path / "r", REPO)
    assert main(["check", str(root), "--base", "no-such-branch"]) == 2
    assert "unknown git ref 'no-such-branch'" in capsys.readouterr().err


def test_rule_crash_becomes_error_status(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from mlgate import rules

    def boom(ctx: object) -> None:
        raise ZeroDivisionError("x")

    monkeypatch.setitem(rules.ALL_RULES, "repro-image-digest", boom)
    root = write_tree(tmp_path / "r", REPO)
    results = {r.rule_id: r for r in run_rules(build_index(root, use_git=False), parse_config("", "x"))}
    assert results["repro-image-digest"].status is Status.ERROR
    assert "ZeroDivisionError" in results["repro-image-digest"].summary
    assert results["repro-deps-pinned"].status is Status.PARTIAL


def test_rule_severity_override_and_off(tmp_path: Path) -> None:
    root = write_tree(tmp_path / "r", REPO)
    cfg = parse_config("rules:\n  repro-image-digest: error\n  repro-deps-pinned: off\n", "x")
    results = {r.rule_id: r for r in run_rules(build_index(root, use_git=False), cfg, Selection(select=("repro",)))}
    assert "repro-deps-pinned" not in results
    f = results["repro-image-digest"].findings[0]
    assert f.severity is Severity.WARNING  # a tag is a partial finding: one level below the configured error


def test_fingerprints_survive_moved_lines(tmp_path: Path) -> None:
    a = write_tree(tmp_path / "a", {"Dockerfile": "FROM python:latest\n"})
    b = write_tree(tmp_path / "b", {"Dockerfile": "# comment\n\nFROM python:latest\n"})
    cfg = parse_config("", "x")
    fa = run_rules(build_index(a, use_git=False), cfg, Selection(select=("repro-image-digest",)))[0].findings
    fb = run_rules(build_index(b, use_git=False), cfg, Selection(select=("repro-image-digest",)))[0].findings
    assert fa[0].fingerprint == fb[0].fingerprint and fa[0].line != fb[0].line


def test_json_report_lists_all_28_tests_with_evidence(tmp_path: Path) -> None:
    from mlgate.render.json import to_dict

    root = git_repo(tmp_path / "r", {**REPO, "uv.lock": "version = 1\n"})
    report = to_dict(analyse(str(root), parse_config("", "x"), today=TODAY))
    tests = report["ml_test_score"]["tests"]
    assert [t["id"] for t in tests][:2] == ["Data 1", "Data 2"] and len(tests) == 28
    infra1 = next(t for t in tests if t["id"] == "Infra 1")
    assert infra1["credit"] == 1.0 and "repro-deps-pinned" in infra1["evidence"]
    json.dumps(report)


def test_only_real_comments_are_inline_ignores(tmp_path: Path) -> None:
    from mlgate.suppress import parse_ignores

    py = ('HELP = "write # mlgate: ignore[rule-id] reason"\n'
          "x = 1  # mlgate: ignore[repro-seeds] seeded by the caller\n")
    assert [(i.line, i.rules) for i in parse_ignores(py, "a.py")] == [(2, ("repro-seeds",))]
    md = ("Use `# mlgate: ignore[rule-id] reason` on the line.\n"
          "<!-- mlgate: ignore[prov-model-card] internal model, card in the wiki -->\n")
    assert [(i.line, i.reason) for i in parse_ignores(md, "README.md")] == [
        (2, "internal model, card in the wiki")]
