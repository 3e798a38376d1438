"""The CLI as a user meets it: exit codes, one-line errors, valid JSON and SARIF reports."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import jsonschema
import pytest

from mlgate.cli import main
from tests.conftest import git, git_repo, write_tree

SARIF_SCHEMA = Path(__file__).resolve().parent / "schemas" / "sarif-schema-2.1.0.json"  # OASIS, see its README
REPORT_SCHEMA = Path(__file__).resolve().parents[1] / "mlgate" / "schemas" / "report.schema.json"

ML_REPO = {
    "Dockerfile": "FROM python:latest\nCOPY . /app\n",
    "requirements.txt": "numpy>=1.20\npandas==2.2.2\n",
    "params.yaml": "train:\n  lr: 0.01\n",
    "src/churn/train.py": "from sklearn.linear_model import LogisticRegression\n",
    "tests/test_train.py": "def test_ok():\n    assert True\n",
}


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def test_check_text_fails_gate_on_error_findings(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    root = git_repo(tmp_path / "r", ML_REPO)
    code, out, _ = run(capsys, "check", str(root))
    assert code == 1
    assert "ML Test Score" in out
    assert "Dockerfile:1" in out and "repro-image-digest" in out
    assert "requirements.txt:1" in out
    assert "Gate FAILED" in out


def test_check_passes_with_fail_on_never(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    root = git_repo(tmp_path / "r", ML_REPO)
    code, out, _ = run(capsys, "check", str(root), "--fail-on", "never", "-q")
    assert code == 0
    assert out.startswith("mlgate: ML Test Score 0; gate passed")


def test_fail_under_fails_the_gate(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    root = git_repo(tmp_path / "r", ML_REPO)
    code, out, _ = run(capsys, "check", str(root), "--fail-on", "never", "--fail-under", "0.5", "-q")
    assert code == 1
    assert "below fail-under 0.5" in out


def test_json_report_validates_against_shipped_schema(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    root = git_repo(tmp_path / "r", ML_REPO)
    code, out, _ = run(capsys, "check", str(root), "--format", "json")
    assert code == 1
    report = json.loads(out)
    jsonschema.validate(report, json.loads(REPORT_SCHEMA.read_text()))
    assert report["tool"] == {"name": "mlgate", "version": "0.1.0"}
    assert len(report["ml_test_score"]["tests"]) == 28
    assert report["repository"]["commit"] == git(root, "rev-parse", "HEAD").strip()
    rules = {r["id"]: r for r in report["rules"]}
    assert rules["repro-image-digest"]["status"] == "fail"
    assert rules["repro-image-digest"]["findings"][0]["path"] == "Dockerfile"
    assert rules["repro-image-digest"]["findings"][0]["line"] == 1
    # the count grows as rules are implemented (spec-unit-tested: nothing imports src/churn/train.py)
    assert report["gate"]["passed"] is False
    assert [r.split(" ", 1)[1] for r in report["gate"]["reasons"]] == ["error findings"]


def test_sarif_validates_against_oasis_schema(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    root = git_repo(tmp_path / "r", ML_REPO)
    out_file = tmp_path / "out.sarif"
    code, out, _ = run(capsys, "check", str(root), "--format", "sarif", "--output", str(out_file))
    assert code == 1 and "report written to" in out
    sarif = json.loads(out_file.read_text())
    jsonschema.validate(sarif, json.loads(SARIF_SCHEMA.read_text()))
    run_ = sarif["runs"][0]
    ids = [r["id"] for r in run_["tool"]["driver"]["rules"]]
    assert len(ids) == len(set(ids))
    for result in run_["results"]:
        assert ids[result["ruleIndex"]] == result["ruleId"]
        loc = result["locations"][0]["physicalLocation"]
        assert not loc["artifactLocation"]["uri"].startswith("/")
        assert (root / loc["artifactLocation"]["uri"]).is_file()
        assert loc["region"]["startLine"] >= 1
        assert result["partialFingerprints"]["mlgateFingerprint/v1"]


def test_markdown_has_marker_and_score(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    root = git_repo(tmp_path / "r", ML_REPO)
    _, out, _ = run(capsys, "check", str(root), "--format", "markdown")
    assert out.startswith("<!-- mlgate:comment -->")
    assert "ML Test Score **0** / 7" in out
    assert "`repro-image-digest` `Dockerfile:1`" in out


@pytest.mark.parametrize(
    ("config", "message"),
    [
        ("fail-undr: 2\n", ".mlgate.yaml:1: unknown key 'fail-undr' in the top level; did you mean fail-under?"),
        ("fail-on: error\nrules:\n  repro-image-digst: warning\n",
         ".mlgate.yaml:3: unknown rule id 'repro-image-digst' in rules; did you mean repro-image-digest?"),
        ("rules:\n  repro-image-digest: warnin\n",
         ".mlgate.yaml:2: 'warnin' is not valid for rules.repro-image-digest; did you mean warning?"),
        ("paths:\n  exclude: examples/**\n", ".mlgate.yaml:2: paths.exclude: 'examples/**' is not of type 'array'"),
        ("fail-on: [error\n", ".mlgate.yaml:2: invalid YAML"),
        ("waivers:\n  - rule: prov-model-card\n    expires: 2027-01-01\n",
         ".mlgate.yaml:2: waivers[0]: 'reason' is a required property"),
        ("paths:\n  exclude: []\n  modelspec: [a]\n",
         ".mlgate.yaml:3: unknown key 'modelspec' in paths; did you mean model-spec?"),
    ],
)
def test_broken_config_is_one_line_exit_2(tmp_path: Path, capsys: pytest.CaptureFixture[str], config: str,
                                          message: str) -> None:
    root = write_tree(tmp_path / "r", {".mlgate.yaml": config, "params.yaml": "lr: 1\n"})
    code, out, err = run(capsys, "check", str(root))
    assert code == 2
    assert out == ""
    lines = err.strip().splitlines()
    assert len(lines) == 1, err
    assert lines[0].startswith(f"mlgate: error: {message}"), lines[0]


def test_pyproject_config_is_read(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    root = write_tree(tmp_path / "r", {
        "pyproject.toml": "[project]\nname='x'\nversion='1'\n\n[tool.mlgate]\nfail-on = \"never\"\n"
                          "[tool.mlgate.rules]\nrepro-image-digst = \"off\"\n",
    })
    code, _, err = run(capsys, "check", str(root))
    assert code == 2
    assert "pyproject.toml:8: unknown rule id 'repro-image-digst'" in err


def test_usage_errors_exit_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert run(capsys, "check", str(tmp_path / "missing"))[0] == 2
    code, _, err = run(capsys, "check", str(tmp_path), "--select", "repro-imag-digest")
    assert code == 2 and "did you mean repro-image-digest" in err
    code, _, err = run(capsys, "explain", "data-hf-revison")
    assert code == 2 and "did you mean data-hf-revision?" in err
    code, _, err = run(capsys, "check", "--format", "xml")
    assert code == 2 and "invalid choice" in err
    code, _, err = run(capsys, "check", str(tmp_path), "--base", "main")
    assert code == 2 and "not inside a git repository" in err


def test_select_and_ignore(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    root = git_repo(tmp_path / "r", ML_REPO)
    _, out, _ = run(capsys, "check", str(root), "--format", "json", "--select", "repro")
    ids = {r["id"] for r in json.loads(out)["rules"]}
    assert ids == {r for r in ids if r.startswith("repro-")} and "repro-image-digest" in ids
    _, out, _ = run(capsys, "check", str(root), "--format", "json", "--ignore", "repro-image-digest,spec")
    ids = {r["id"] for r in json.loads(out)["rules"]}
    assert "repro-image-digest" not in ids and not any(i.startswith("spec-") for i in ids)


def test_rules_and_explain(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "rules", "--format", "json")
    assert code == 0
    rules = json.loads(out)
    for r in rules:
        assert r["rubric"] is not None and r["severity"] in ("error", "warning", "info") and r["remediation"]
    code, out, _ = run(capsys, "explain", "repro-image-digest")
    assert code == 0
    assert "Passing example:" in out and "Failing example:" in out and "How to fix:" in out


def test_python_dash_m_and_console_script(tmp_path: Path) -> None:
    proc = subprocess.run([sys.executable, "-m", "mlgate", "explain", "spec-codeowners"], capture_output=True,
                          text=True, cwd=Path(__file__).resolve().parents[1])
    assert proc.returncode == 0 and "spec-codeowners" in proc.stdout


def test_hostile_configs_are_clear_errors(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    bomb = "a: &a [x, x, x, x, x, x, x, x, x, x]\n" + "".join(
        f"{chr(98 + i)}: &{chr(98 + i)} [*{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}, "
        f"*{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}]\n" for i in range(8))
    cases = {
        "bomb": (bomb, "too large or too deeply aliased"),
        "huge": ("# " + "x" * 1_100_000 + "\n", "too large for a configuration file"),
        "list": ("- fail-on\n- error\n", "must be a mapping"),
        "binary": (b"\xff\xfe\x00junk", "not UTF-8"),
        "deep": ("a: " + "[" * 5000 + "]" * 5000 + "\n", ".mlgate.yaml"),
        "two-docs": ("fail-on: error\n---\nfail-on: never\n", "holds 2 YAML documents"),
    }
    for name, (content, message) in cases.items():
        root = tmp_path / name
        root.mkdir()
        target = root / ".mlgate.yaml"
        target.write_bytes(content if isinstance(content, bytes) else content.encode())
        code, _out, err = run(capsys, "check", str(root))
        assert code == 2, name
        assert message in err and "Traceback" not in err and len(err.strip().splitlines()) == 1, (name, err)


def test_markdown_is_cut_to_fit_the_comment_limit(tmp_path: Path) -> None:
    from mlgate.analysis import analyse
    from mlgate.config import parse_config
    from mlgate.render.markdown import render

    files = {f"svc{i}/Dockerfile": "FROM python:latest\n" for i in range(400)}
    root = write_tree(tmp_path / "r", files)
    report = analyse(str(root), parse_config("", "x"))
    full = render(report)
    assert len(full) > 20_000
    cut = render(report, max_chars=20_000)
    assert len(cut) <= 20_000
    assert cut.startswith("<!-- mlgate:comment -->") and "ML Test Score" in cut
    assert "cut to fit GitHub's limit: the full report is in the job summary" in cut


def test_waivers_of_the_wrong_type_are_a_schema_error(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    root = write_tree(tmp_path / "r", {".mlgate.yaml": "waivers: true\n"})
    code, _, err = run(capsys, "check", str(root))
    assert code == 2
    assert err.startswith("mlgate: error: .mlgate.yaml:1: waivers: True is not of type 'array'"), err


def test_fix_first_shows_at_most_three_findings_of_one_rule(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                                             monkeypatch: pytest.MonkeyPatch) -> None:
    # seven unpinned requirements are one thing to fix: they must not push the floating base images out of
    # the top of the report, nor out of the top of the PR comment
    root = git_repo(tmp_path / "r", {
        **ML_REPO,
        "requirements.txt": "".join(f"{p}>=1.0\n" for p in ("numpy", "pandas", "scipy", "torch", "requests",
                                                             "pyyaml", "tqdm")),
        "zoo/Dockerfile": "FROM python:latest\nCOPY . /app\n",
    })
    monkeypatch.chdir(root)
    code, out, _ = run(capsys, "check", "--color", "never", "--select", "repro")
    assert code == 1
    first = out.split("Fix first:")[1].split("Other findings")[0]
    assert [line.split()[1] for line in first.splitlines() if line.startswith(("  error", "  warning"))] == [
        "requirements.txt:1", "requirements.txt:2", "requirements.txt:3", "Dockerfile:1", "zoo/Dockerfile:1"]
    assert "repro-deps-pinned (4)" in out  # the other four, listed under the rest
    code, out, _ = run(capsys, "check", "--format", "markdown", "--select", "repro")
    shown = out.split("### Findings")[1].split("<details>")[0]
    assert shown.count("requirements.txt") == 3 and "zoo/Dockerfile" in shown


def test_base_with_a_blob_missing_from_the_clone_is_read_without_it(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    # a partial clone (or a damaged one) lists files whose blobs it lacks: `git ls-tree --long` gives their
    # size as "-" or "BAD", which crashed --base with a ValueError
    root = git_repo(tmp_path / "r", {"requirements.txt": "numpy>=1.0\n", "train.py": "import numpy\n"})
    (root / "train.py").write_text("import numpy\nimport pandas\n")
    (root / "requirements.txt").write_text("numpy>=1.0\npandas>=2.0\n")
    git(root, "commit", "-qam", "pandas")
    blob = git(root, "rev-parse", "HEAD~1:requirements.txt").strip()
    (root / ".git" / "objects" / blob[:2] / blob[2:]).unlink()
    code, out, err = run(capsys, "check", str(root), "--base", "HEAD~1", "--format", "json", "--fail-on", "never")
    assert code == 0, err
    report = json.loads(out)
    assert report["comparison"]["base"] == "HEAD~1"
    assert [f["message"] for f in report["comparison"]["new"]] == [
        "numpy is not pinned to an exact version", "pandas is not pinned to an exact version"]
    assert {"path": ".git", "message": "1 file(s) have no content at HEAD~1 in this clone (a partial clone, or "
            "objects missing), e.g. requirements.txt: read as unreadable there, so their findings may show as new"
            } in report["notices"]


def test_a_yaml_file_that_reuses_an_anchor_prints_nothing_on_stderr(tmp_path: Path) -> None:
    # YAML 1.2 lets an anchor be defined again; ruamel warned about it on stderr, in the file's own words
    root = git_repo(tmp_path / "r", {
        "params.yaml": "services: [docker:26-dind]\nfirst: &lr 0.1\nsecond: &lr 0.2\nthird: *lr\n",
        "train.py": "import yaml\nparams = yaml.safe_load(open('params.yaml'))\n",
        ".mlgate.yaml": "fail-on: &level error\nrules:\n  repro-seeds: &level warning\n",  # the PR's own config
    })
    proc = subprocess.run([sys.executable, "-m", "mlgate", "check", str(root), "--format", "json", "--fail-on",
                           "never"], capture_output=True, text=True, check=False,
                          env={**os.environ, "MLGATE_NO_CACHE": "1"})  # the config is parsed, not remembered
    assert proc.returncode == 0
    assert proc.stderr == ""
    assert json.loads(proc.stdout)["notices"] == []  # read as YAML 1.2 reads it, not refused
