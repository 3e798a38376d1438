"""A crash inside one rule is mlgate's bug: reported clearly with how to report it, never a failed gate;
and facts memoised by two modules under the same name never read each other's value."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from mlgate import ISSUES_URL, rules
from mlgate.cli import main
from mlgate.model import Finding, Outcome, Status
from mlgate.rules.base import Context
from tests.conftest import git, git_repo, write_tree

CLEAN = {"README.md": "# notes\n"}
FAILING = {"Dockerfile": "FROM python:latest\nCOPY . /app\n", "requirements.txt": "numpy>=1.20\n"}


def _boom(ctx: Context) -> Outcome:
    raise KeyError("automated-files")


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str]:
    code = main(list(args))
    return code, capsys.readouterr().out


@pytest.mark.parametrize("extra", [(), ("--fail-on", "never"), ("--fail-on", "info")])
def test_a_crash_alone_never_fails_the_gate(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                            monkeypatch: pytest.MonkeyPatch, extra: tuple[str, ...]) -> None:
    monkeypatch.setitem(rules.ALL_RULES, "mon-drift", _boom)
    root = git_repo(tmp_path / "r", CLEAN)
    code, out = run(capsys, "check", str(root), "--select", "mon", *extra)
    assert code == 0, out
    assert "ERROR    mon-drift" in out and "KeyError at test_rule_errors.py" in out
    assert (f"mlgate error: 1 rule crashed (mon-drift). This is a bug in mlgate, not a problem in this repository, "
            f"and it does not change the gate. Please report it at {ISSUES_URL}") in out
    assert out.rstrip().endswith("Gate PASSED")


def test_a_crash_leaves_the_other_rules_deciding(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(rules.ALL_RULES, "mon-drift", _boom)
    root = git_repo(tmp_path / "r", FAILING)
    code, out = run(capsys, "check", str(root))
    assert code == 1
    assert out.splitlines()[-1] == "Gate FAILED: 1 error finding"  # numpy>=1.20; the crash decides nothing
    code, out = run(capsys, "check", str(root), "--format", "json", "--fail-on", "never")
    report = json.loads(out)
    assert code == 0 and report["gate"] == {"passed": True, "reasons": [], "confidence_floor": "high"}
    drift = next(r for r in report["rules"] if r["id"] == "mon-drift")
    assert drift["status"] == "error" and ISSUES_URL in drift["summary"]


def _crash_when_marked(ctx: Context) -> Outcome:
    if ctx.index.exists("CRASH"):
        raise RuntimeError("boom")
    return Outcome(Status.FAIL, "one finding", (Finding("README.md", 1, "a finding of the test rule", key="x"),))


@pytest.mark.parametrize("side", ["base", "head"])
def test_a_crash_on_one_side_of_base_is_neither_new_nor_fixed(
        tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, side: str) -> None:
    monkeypatch.setitem(rules.ALL_RULES, "mon-drift", _crash_when_marked)
    root = git_repo(tmp_path / "r", {**CLEAN, **({"CRASH": ""} if side == "base" else {})})
    if side == "base":
        git(root, "rm", "-q", "CRASH")
    else:
        write_tree(root, {"CRASH": ""})
        git(root, "add", "CRASH")
    git(root, "commit", "-q", "-m", "change")
    code, out = run(capsys, "check", str(root), "--base", "HEAD~1", "--select", "mon")
    assert code == 0, out
    assert "New findings against HEAD~1: 0\n" in out and "Fixed:" not in out
    assert ("mlgate error: 1 rule crashed (mon-drift)" in out) is (side == "head")


DRIFT_REPO = {
    "serving/app.py": """\
        import joblib
        import pandas as pd
        from fastapi import FastAPI

        app = FastAPI()
        model = joblib.load("models/model.joblib")


        @app.post("/predict")
        def predict(payload: dict) -> dict:
            return {"p": float(model.predict_proba(pd.DataFrame([payload]))[0, 1])}
        """,
    "monitoring/drift_check.py": """\
        import pandas as pd
        from evidently import Report
        from evidently.presets import DataDriftPreset


        def main() -> None:
            report = Report([DataDriftPreset()])
            report.run(current_data=pd.read_parquet("cur.parquet"), reference_data=pd.read_parquet("ref.parquet"))


        main()
        """,
    ".github/workflows/drift.yml": """\
        name: drift
        on: [push]
        jobs:
          drift:
            runs-on: ubuntu-latest
            steps:
              - uses: actions/checkout@v4
              - run: python monitoring/drift_check.py
        """,
}


def test_mon_drift_does_not_depend_on_which_rule_ran_first(tmp_path: Path,
                                                           capsys: pytest.CaptureFixture[str]) -> None:
    # data-schema (which runs first) and mon-drift both memoise an "automated-files" fact, of two types
    root = git_repo(tmp_path / "r", DRIFT_REPO)
    seen = []
    for select in ("mon-drift", "data-schema,mon-drift", "data,mon"):
        _, out = run(capsys, "check", str(root), "--select", select, "--format", "json", "--fail-on", "never")
        drift = next(r for r in json.loads(out)["rules"] if r["id"] == "mon-drift")
        seen.append((drift["status"], drift["summary"]))
    assert seen == [("pass", "Report (evidently) in monitoring/drift_check.py is run by CI "
                             "(.github/workflows/drift.yml)")] * 3


def test_what_runs_automatically_is_one_fact_every_rule_reads(tmp_path: Path) -> None:
    from mlgate.facts import automation
    from mlgate.repo import build_index

    root = write_tree(tmp_path / "r", DRIFT_REPO)
    index = build_index(root, use_git=False)
    run = automation.runs_of(index, "monitoring/drift_check.py", ("ci",))
    assert run is not None and (run.path, run.what, run.hops) == (".github/workflows/drift.yml", "CI", 0)
    # the serving app is run by nothing; the drift check by nothing but CI
    assert automation.runs_of(index, "serving/app.py") is None
    assert automation.runs_of(index, "monitoring/drift_check.py", ("dvc", "make", "dag")) is None


def test_two_facts_can_never_share_a_memo_slot(tmp_path: Path) -> None:
    from mlgate.repo import build_index

    index = build_index(write_tree(tmp_path / "r", {"a.py": "x = 1\n"}), use_git=False)

    def first() -> dict[str, int]:
        return {"a": 1}

    def second() -> list[str]:
        return ["b"]

    # the same key from two functions: two slots, whichever is asked first
    assert index.memo("same-key", second) == ["b"]
    assert index.memo("same-key", first) == {"a": 1}
    assert index.memo("same-key", second) == ["b"]
    # a builtin is the same object in every module: it cannot name a slot
    with pytest.raises(TypeError, match="compute must be a Python function"):
        index.memo("shared", dict)


def _imported_names(path: Path) -> set[str]:
    import ast

    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.ImportFrom):
            names |= {a.name for a in node.names}
    return names


# the functions that decide what is training, feature, serving or data-loading code, and what runs
# automatically; the repository model (mlgate/inventory.py) is built from them, and a rule asks the model
# (ctx.model, ctx.training_units(), ctx.feature_modules(), ctx.serving_handlers(), runs_of)
DISCOVERY = {"training_units", "training_files", "feature_modules", "serving_handlers", "data_reads",
             "automated_files", "repository_model", "tooling_scripts", "spec_files", "pipeline_declarations",
             "evaluation_sources"}


def test_no_rule_discovers_training_serving_or_feature_code_itself() -> None:
    rules_dir = Path(rules.__file__).parent
    offenders = {p.name: sorted(_imported_names(p) & DISCOVERY) for p in sorted(rules_dir.glob("*.py"))
                 if p.name != "base.py"}
    assert {name: found for name, found in offenders.items() if found} == {}
    # the names are real: base.py, which hands the model's components to rules, imports them
    assert _imported_names(rules_dir / "base.py") >= {"training_units", "feature_modules", "serving_handlers"}


def test_every_source_of_automated_runs_is_read_once_with_where_it_is_declared(tmp_path: Path) -> None:
    from mlgate.facts import automation
    from mlgate.repo import build_index

    root = write_tree(tmp_path / "r", {
        "jobs/drift.py": "from jobs import report\n\nreport.run()\n",
        "jobs/report.py": "def run() -> None:\n    print('drift')\n",
        "jobs/validate.py": "print('ok')\n",
        "pipelines/nightly.py": "from airflow import DAG\n\nwith DAG('nightly', schedule_interval='@daily'):\n"
                                "    cmd = 'python jobs/validate.py'\n",
        "k8s/cron.yaml": "apiVersion: batch/v1\nkind: CronJob\nmetadata:\n  name: drift\nspec:\n"
                         "  schedule: '0 3 * * *'\n  jobTemplate:\n    spec:\n      template:\n        spec:\n"
                         "          containers:\n"
                         "            - name: drift\n              command: [python, jobs/drift.py]\n",
        "dvc.yaml": "stages:\n  validate:\n    cmd: python jobs/validate.py\n    deps: [jobs/validate.py]\n",
        ".pre-commit-config.yaml": "repos:\n  - repo: local\n    hooks:\n      - id: validate\n"
                                   "        entry: python jobs/validate.py\n        language: system\n",
        "Makefile": "report:\n\tpython jobs/report.py\n",
    })
    index = build_index(root, use_git=False)
    runs = automation.automated_files(index)
    cron = automation.runs_of(index, "jobs/drift.py", ("cronjob",))
    assert cron is not None and (cron.path, cron.line, cron.scheduled, cron.hops) == ("k8s/cron.yaml", 2, True, 0)
    # what the drift job imports is run by the same job, one import away
    via = automation.runs_of(index, "jobs/report.py", ("cronjob",))
    assert via is not None and (via.hops, via.via) == (1, "jobs/drift.py")
    assert {r.source for r in runs["jobs/validate.py"]} == {"dvc", "pre-commit", "dag"}
    assert {r.source for r in runs["pipelines/nightly.py"]} == {"dag"}
    # a Makefile target runs its script, but a person starts it: a rule that wants unattended runs skips it
    make = automation.runs_of(index, "jobs/report.py", ("make",))
    assert make is not None and make.where == "Makefile target report"
    assert automation.runs_of(index, "jobs/report.py", ("ci", "dvc")) is None
