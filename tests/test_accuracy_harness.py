"""bench/accuracy.py: how a corpus file is read and compared with a report, how two runs are
compared, and one end-to-end run on a tiny repository seeded from a local bare mirror."""

from __future__ import annotations

import importlib.util
import json
import sys
import textwrap
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import git, git_repo

HARNESS = Path(__file__).resolve().parents[1] / "bench" / "accuracy.py"


def _load() -> Any:
    spec = importlib.util.spec_from_file_location("mlgate_bench_accuracy", HARNESS)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up while the class is built
    spec.loader.exec_module(module)
    return module


acc = _load()

SHA = "0123456789abcdef0123456789abcdef01234567"

CORPUS = f"""\
repo: acme/churn
commit: {SHA}
kind: application
summary: a churn model
expect:
  repro-deps-pinned: fail
  repro-seeds: pass
  feat-tests-in-ci: pass
  mon-drift: not_applicable
why:
  repro-deps-pinned: "requirements.txt has bare names"
  repro-seeds: "random_state=0 everywhere"
  feat-tests-in-ci: "CI runs make test"
  mon-drift: "nothing is served"
must_find:
  - rule: repro-deps-pinned
    path: requirements.txt
    line: 2
    why: "torch unpinned"
  - rule: data-schema
    path: src/
    why: "the CSV is read without schema"
  - rule: spec-codeowners
    why: "no CODEOWNERS"
must_not_flag:
  - rule: feat-tests-in-ci
    why: "tests run through make test"
  - rule: data-hf-revision
    path: src/lib
    why: "library code forwards the caller's revision"
  - rule: repro-seeds
    path: train.py
    why: "seeded"
"""


def _rule(rule_id: str, status: str, findings: list[tuple[str | None, int | None]] = ()) -> dict[str, Any]:
    return {"id": rule_id, "status": status, "summary": f"{rule_id} says {status}",
            "findings": [{"rule": rule_id, "path": p, "line": ln, "message": "m", "level": "fail"}
                         for p, ln in findings]}


REPORT = {"rules": [
    _rule("repro-deps-pinned", "fail", [("requirements.txt", 1), ("requirements.txt", 2)]),
    _rule("repro-seeds", "partial", [("train_utils.py", 4)]),
    _rule("feat-tests-in-ci", "fail", [(".github/workflows/ci.yml", None)]),
    _rule("mon-drift", "not_applicable"),
    _rule("data-schema", "fail", [("src/load.py", 12)]),
    _rule("data-hf-revision", "fail", [("src/library/x.py", 3), ("examples/a.py", 9)]),
    _rule("spec-codeowners", "pass"),
]}


def test_statuses_findings_and_false_alarms_are_compared_as_the_format_says() -> None:
    exp = acc.parse_expectation(CORPUS, "acme__churn.yaml", known_rules=None)
    res = acc.compare_report(exp, REPORT)

    assert {r: (s["expected"], s["actual"], s["agree"]) for r, s in res.statuses.items()} == {
        "repro-deps-pinned": ("fail", "fail", True),
        "repro-seeds": ("pass", "partial", False),
        "feat-tests-in-ci": ("pass", "fail", False),
        "mon-drift": ("not_applicable", "not_applicable", True),
    }
    # path and line both given: found; a folder ("src/") matches files under it; no finding at all: missed
    assert [(i["rule"], i["found"]) for i in res.must_find] == [
        ("repro-deps-pinned", True), ("data-schema", True), ("spec-codeowners", False)]
    flagged = {(i["rule"], i["path"]): i["flagged"] for i in res.must_not_flag}
    # no path: any finding of the rule is a false alarm
    assert flagged[("feat-tests-in-ci", None)] == [".github/workflows/ci.yml: m"]
    # "src/lib" is a folder prefix: src/library/x.py is not under it
    assert flagged[("data-hf-revision", "src/lib")] == []
    # train.py does not match train_utils.py
    assert flagged[("repro-seeds", "train.py")] == []

    t = acc.totals([res])
    assert (t.agree, t.statuses, t.applicable_agree, t.applicable) == (2, 4, 1, 3)
    assert (t.found, t.must_find, t.flagged, t.must_not_flag) == (2, 3, 1, 3)

    text = acc.render([res], {"mlgate_version": "0", "mlgate_commit": "abc", "date": "d"}, markdown=True)
    assert "| `acme/churn` | `repro-seeds` | pass | partial | random_state=0 everywhere |" in text
    assert "| `acme/churn` | `feat-tests-in-ci` | (any) | tests run through make test |" in text
    assert "| `acme/churn` | `spec-codeowners` | (any) | no CODEOWNERS |" in text


def test_a_rule_missing_from_the_report_disagrees() -> None:
    exp = acc.parse_expectation(CORPUS, "acme__churn.yaml")
    res = acc.compare_report(exp, {"rules": []})
    assert res.statuses["repro-seeds"]["actual"] == "missing"
    assert not any(s["agree"] for s in res.statuses.values())


@pytest.mark.parametrize(("change", "message"), [
    (("expect:\n", "expect:\n  data-lfs: maybe\n"), "not one of"),
    (('  repro-seeds: "random_state=0 everywhere"\n', ""), "repro-seeds has no `why`"),
    (("    why: \"torch unpinned\"\n", ""), "must_find[0] (repro-deps-pinned) has no `why`"),
    ((f"commit: {SHA}", "commit: main"), "40 lowercase hex"),
    (("kind: application", "kind: app"), "`kind` must be one of"),
])
def test_a_corpus_file_that_breaks_the_format_is_refused_with_the_reason(change: tuple[str, str],
                                                                         message: str) -> None:
    text = CORPUS.replace(*change)
    with pytest.raises(acc.CorpusError, match=None) as err:
        acc.parse_expectation(text, "bad.yaml")
    assert message in str(err.value)


def test_unknown_rule_ids_are_refused_when_the_catalogue_is_given() -> None:
    with pytest.raises(acc.CorpusError, match="unknown rule id"):
        acc.parse_expectation(CORPUS, "x.yaml", known_rules=["repro-deps-pinned"])


def test_compare_runs_says_what_was_fixed_regressed_found_and_cleared() -> None:
    exp = acc.parse_expectation(CORPUS, "acme__churn.yaml")
    before = acc.compare_report(exp, REPORT)
    after_report = json.loads(json.dumps(REPORT))
    rules = {r["id"]: r for r in after_report["rules"]}
    rules["repro-seeds"].update(status="pass", findings=[])            # fixed
    rules["repro-deps-pinned"]["status"] = "partial"                    # regressed
    rules["feat-tests-in-ci"].update(status="pass", findings=[])        # fixed, false alarm cleared
    rules["spec-codeowners"]["findings"] = [{"rule": "spec-codeowners", "path": None, "line": None,
                                             "message": "no CODEOWNERS"}]  # must_find now found
    after = acc.compare_report(exp, after_report)
    old = {"schema": 1, "totals": acc.totals([before]).to_json(), "repos": [before.to_json()]}
    new = {"schema": 1, "totals": acc.totals([after]).to_json(), "repos": [after.to_json()]}

    changes = acc.compare_runs(old, new)

    assert changes[0] == "statuses agree: 2/4 (50.0%) -> 3/4 (75.0%)"
    assert "acme/churn repro-seeds: fixed: partial -> pass (expected pass)" in changes
    assert "acme/churn repro-deps-pinned: regressed: fail -> partial (expected fail)" in changes
    assert "acme/churn spec-codeowners must_find (any): now found" in changes
    assert "acme/churn feat-tests-in-ci must_not_flag (any): false alarm cleared" in changes
    assert acc.compare_runs(new, new)[4:] == []


def test_end_to_end_seeds_a_checkout_from_a_bare_mirror_and_measures_it(tmp_path: Path,
                                                                       capsys: pytest.CaptureFixture[str]) -> None:
    src = git_repo(tmp_path / "src", {
        "requirements.txt": "pandas\n",
        "train.py": textwrap.dedent("""\
            import pandas as pd
            from sklearn.linear_model import LogisticRegression
            df = pd.read_csv("data/train.csv")
            LogisticRegression().fit(df.drop(columns="y"), df["y"])
            """),
    })
    sha = git(src, "rev-parse", "HEAD").strip()
    mirrors = tmp_path / "mirrors"
    git(tmp_path, "clone", "-q", "--bare", str(src), str(mirrors / "acme+tiny" / "repo"))
    repos = tmp_path / "repos"
    repos.mkdir()
    (repos / "acme__tiny.yaml").write_text(textwrap.dedent(f"""\
        repo: acme/tiny
        commit: {sha}
        kind: application
        expect:
          repro-deps-pinned: fail
          rollout-canary: not_applicable
        why:
          repro-deps-pinned: "pandas has no version"
          rollout-canary: "no deployment"
        must_find:
          - rule: repro-deps-pinned
            path: requirements.txt
            line: 1
            why: "pandas unpinned"
        """), encoding="utf-8")
    (repos / "acme__absent.yaml").write_text(CORPUS.replace("acme/churn", "acme/absent"), encoding="utf-8")
    corpus = tmp_path / "corpus"
    out_json, out_md = tmp_path / "r.json", tmp_path / "r.md"

    code = acc.main(["--repos", str(repos), "--corpus", str(corpus), "--seed-from", str(mirrors),
                     "--json", str(out_json), "--markdown", str(out_md)])

    assert code == 0
    assert (corpus / "acme__tiny" / "train.py").is_file()
    data = json.loads(out_json.read_text(encoding="utf-8"))
    tiny = next(r for r in data["repos"] if r["repo"] == "acme/tiny")
    assert tiny["statuses"]["repro-deps-pinned"] == {
        "expected": "fail", "actual": "fail", "agree": True, "why": "pandas has no version",
        "summary": tiny["statuses"]["repro-deps-pinned"]["summary"]}
    assert tiny["must_find"][0]["found"] is True
    assert tiny["files"] == 2 and tiny["seconds"] > 0
    assert 0 < tiny["cpu"] < 60  # mlgate's own CPU time: steadier than wall time on a shared machine
    absent = next(r for r in data["repos"] if r["repo"] == "acme/absent")
    assert absent["error"].startswith("no checkout at 0123456789ab")
    err = capsys.readouterr().err
    assert f"git clone https://github.com/acme/absent.git {corpus / 'acme__absent'}" in err
    markdown = out_md.read_text(encoding="utf-8")
    assert "| `acme/tiny` | application | 100.0% (2/2) | 1/1 | 1/1 | 0/0 |" in markdown
    assert "At most 2 s of CPU per 1,000 tracked files: 0/1 repositories; of those with 500 tracked files or " \
           "more, 0/0." in markdown  # 2 files: start-up alone is over 4 ms a file


def test_a_results_file_of_something_else_is_a_usage_error(tmp_path: Path) -> None:
    bogus = tmp_path / "old.json"
    bogus.write_text('{"rules": []}', encoding="utf-8")
    with pytest.raises(SystemExit) as exc:
        acc.main(["--repos", str(tmp_path), "--compare", str(bogus)])
    assert exc.value.code == 2


def test_compare_runs_reports_expectations_added_to_the_corpus() -> None:
    before = acc.compare_report(acc.parse_expectation(CORPUS, "acme__churn.yaml"), REPORT)
    grown = CORPUS.replace("must_not_flag:\n", "must_not_flag:\n  - rule: mon-drift\n    path: app/\n"
                                               "    why: \"nothing is served\"\n")
    after = acc.compare_report(acc.parse_expectation(grown, "acme__churn.yaml"), REPORT)
    changes = acc.compare_runs({"repos": [before.to_json()]}, {"repos": [after.to_json()]})
    assert "acme/churn mon-drift must_not_flag app/: expectation added" in changes


INVENTORY_CORPUS = CORPUS.replace("summary: a churn model\n", """summary: a churn model
inventory:
  training: ["dvc.yaml: train -> src/train.py", "notebooks/explore_*.ipynb"]
  feature_code: [src/features/]
  serving: ["api/app.py (FastAPI, online)", "k8s/deploy.yaml"]
  ci_test_runs: [".github/workflows/ci.yml: make test -> pytest"]
  vendored: []
""")


def test_the_inventory_is_compared_with_the_readers_entry_by_entry() -> None:
    exp = acc.parse_expectation(INVENTORY_CORPUS, "acme__churn.yaml")
    inventory = {
        "kind": "library",
        "training": [{"path": "src/train.py"}, {"path": "scripts/bench.py"}],
        "features": [{"path": "src/features/build.py", "line": 3}],
        "serving": [{"path": "api/app.py", "mode": "online"}],
        "deployments": [],
        "ci_tests": [{"path": ".github/workflows/ci.yml", "line": 20}],
    }
    res = acc.compare_report(exp, {"rules": [], "inventory": inventory})
    inv = res.inventory
    assert inv["kind"] == {"expected": "application", "actual": "library"}
    # a path named after "->" counts; a glob matches no listed notebook; extra entries are only counted
    assert inv["training"] == {"expected": exp.inventory["training"], "found": [True, False], "listed": 2}
    assert inv["feature_code"]["found"] == [True]  # a folder: a file under it
    assert inv["serving"]["found"] == [True, False]  # the Kubernetes manifest is not among the deployments
    assert inv["ci_test_runs"]["found"] == [True]
    t = acc.totals([res])
    assert (t.kinds_agree, t.kinds, t.inventory_found, t.inventory) == (0, 1, 4, 6)
    text = acc.render([res], {"mlgate_version": "0", "mlgate_commit": "abc", "date": "d"}, markdown=True)
    assert "| `acme/churn` | application | library (differs) | 1/2 (2) | 1/1 (1) | 1/2 (1) | 1/1 (1) |" in text
    assert "| `acme/churn` | serving | k8s/deploy.yaml |" in text

    before = res.to_json()
    after = acc.compare_report(exp, {"rules": [], "inventory": {**inventory, "kind": "application",
                                                                 "deployments": [{"path": "k8s/deploy.yaml"}]}})
    changes = acc.compare_runs({"totals": {}, "repos": [before]},
                               {"totals": acc.totals([after]).to_json(), "repos": [after.to_json()]})
    assert "acme/churn: kind library -> application (reader: application)" in changes
    assert "acme/churn inventory serving: now listed: k8s/deploy.yaml" in changes


def test_an_inventory_component_the_harness_does_not_know_is_refused() -> None:
    bad = INVENTORY_CORPUS.replace("  vendored: []\n", "  dashboards: [grafana/]\n")
    with pytest.raises(acc.CorpusError, match=r"inventory\.dashboards: not one of"):
        acc.parse_expectation(bad, "acme__churn.yaml")


def test_findings_that_fail_the_gate_by_default_are_listed_for_review() -> None:
    exp = acc.parse_expectation(CORPUS, "acme__churn.yaml")
    report = {"rules": [{"id": "repro-seeds", "status": "fail", "findings": [
        {"rule": "repro-seeds", "path": "train.py", "line": 3, "message": "seeds nothing", "severity": "error",
         "confidence": "high"},
        {"rule": "repro-seeds", "path": "nb.ipynb", "line": 2, "message": "seeds nothing", "severity": "error",
         "confidence": "medium"},
        {"rule": "repro-seeds", "path": "x.py", "line": 1, "message": "partly", "severity": "warning",
         "confidence": "high"}]}]}
    res = acc.compare_report(exp, report)
    assert res.gating == ["repro-seeds train.py:3: seeds nothing"]
    text = acc.render([res], {"date": "d"}, markdown=True)
    assert "| `acme/churn` | 1 | repro-seeds train.py:3: seeds nothing |" in text
