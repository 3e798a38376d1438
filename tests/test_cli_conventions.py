"""The CLI behaves as the tools ML engineers already use (ruff, pre-commit, pip-audit): exit codes that
survive a pipe, colour by --color, NO_COLOR, FORCE_COLOR and the terminal, --version/-V, help that says
what a command does, every input checked the same way on the command line and in the configuration."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from mlgate.cli import main, use_color
from tests.conftest import git_repo, write_tree

ROOT = Path(__file__).resolve().parents[1]
FAILING = {
    "Dockerfile": "FROM python:latest\nCOPY . /app\n",
    "requirements.txt": "numpy>=1.20\n",
    "src/churn/train.py": "from sklearn.linear_model import LogisticRegression\n",
}
ESC = "\033["


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def mlgate(*args: str, env: dict[str, str] | None = None, cwd: Path | None = None,
           shell: str | None = None) -> subprocess.CompletedProcess[str]:
    base = {k: v for k, v in os.environ.items() if k not in ("NO_COLOR", "FORCE_COLOR", "TERM", "COLUMNS")}
    if shell is not None:
        return subprocess.run(["bash", "-c", shell], capture_output=True, text=True, env={**base, **(env or {})},
                              cwd=cwd)
    return subprocess.run([sys.executable, "-m", "mlgate", *args], capture_output=True, text=True,
                          env={**base, **(env or {})}, cwd=cwd or ROOT)


# ------------------------------------------------------------------------------------ pipes
def test_a_reader_that_stops_early_keeps_the_gates_exit_code(tmp_path: Path) -> None:
    root = git_repo(tmp_path / "r", FAILING)
    # `true` exits at once: mlgate's write meets a closed pipe (EPIPE), as with `| head` on a long report
    done = mlgate(shell=f'"{sys.executable}" -m mlgate check "{root}" | true; echo "status=${{PIPESTATUS[0]}}"')
    assert done.stdout == "status=1\n"
    assert "Traceback" not in done.stderr and "Exception ignored" not in done.stderr
    done = mlgate(shell=f'"{sys.executable}" -m mlgate check "{root}" --fail-on never | true; '
                  'echo "status=${PIPESTATUS[0]}"')
    assert done.stdout == "status=0\n"


# ----------------------------------------------------------------------------------- colours
def test_colour_choices_and_environment(tmp_path: Path) -> None:
    root = git_repo(tmp_path / "r", FAILING)
    plain = mlgate("check", str(root))  # a pipe, no variables: no colour
    assert plain.returncode == 1 and ESC not in plain.stdout
    assert ESC in mlgate("check", str(root), "--color", "always").stdout
    assert ESC in mlgate("check", str(root), env={"FORCE_COLOR": "1"}).stdout  # coloured CI logs
    assert ESC not in mlgate("check", str(root), env={"FORCE_COLOR": ""}).stdout  # empty means unset
    assert ESC not in mlgate("check", str(root), env={"FORCE_COLOR": "1", "NO_COLOR": "1"}).stdout
    assert ESC in mlgate("check", str(root), env={"FORCE_COLOR": "1", "NO_COLOR": ""}).stdout
    assert ESC in mlgate("check", str(root), "--color", "always", env={"NO_COLOR": "1"}).stdout
    assert ESC not in mlgate("check", str(root), "--color", "never", env={"FORCE_COLOR": "1"}).stdout
    assert ESC not in mlgate("check", str(root), "--format", "json", env={"FORCE_COLOR": "1"}).stdout
    out = tmp_path / "report.txt"
    mlgate("check", str(root), "--output", str(out), "--color", "always")
    assert ESC not in out.read_text()  # a report file never carries escape codes


class _Tty:
    def isatty(self) -> bool:
        return True


def test_auto_colour_on_a_terminal_follows_no_color_and_term() -> None:
    tty = _Tty()
    assert use_color("auto", tty, {}) is True  # type: ignore[arg-type]
    assert use_color("auto", tty, {"NO_COLOR": ""}) is True  # type: ignore[arg-type]
    assert use_color("auto", tty, {"NO_COLOR": "yes"}) is False  # type: ignore[arg-type]
    assert use_color("auto", tty, {"TERM": "dumb"}) is False  # type: ignore[arg-type]
    assert use_color("auto", tty, {"TERM": "dumb", "FORCE_COLOR": "1"}) is True  # type: ignore[arg-type]
    assert use_color("never", tty, {"FORCE_COLOR": "1"}) is False  # type: ignore[arg-type]


# ------------------------------------------------------------------------ version, help
def test_version_long_and_short() -> None:
    for flag in ("--version", "-V"):
        done = mlgate(flag)
        assert (done.returncode, done.stdout, done.stderr) == (0, "mlgate 0.1.0\n", "")


def test_bare_mlgate_prints_help_on_stderr_and_exits_2_as_ruff_does() -> None:
    done = mlgate()
    assert done.returncode == 2
    assert done.stdout == ""
    assert done.stderr.startswith("usage: mlgate") and "check" in done.stderr and "explain" in done.stderr


def test_check_help_describes_exit_codes_environment_and_docs() -> None:
    done = mlgate("check", "--help")
    assert done.returncode == 0
    text = done.stdout
    assert "it never\nimports, runs or installs the repository's code" in text
    for line in ("  0  the gate passed", "  1  the gate failed", "  2  a usage, configuration or input error",
                 "  NO_COLOR ", "  FORCE_COLOR ", "  TERM=dumb ", "docs: https://github.com/mlgate/mlgate#readme",
                 "--color {auto,always,never}"):
        assert line in text, line


# ----------------------------------------------------------------------- same checks everywhere
@pytest.mark.parametrize(("value", "message"), [
    ("9", "argument --fail-under: 9 is greater than the maximum of 7"),
    ("-1", "argument --fail-under: -1 is less than the minimum of 0"),
    ("nan", "argument --fail-under: nan is not a number (the ML Test Score is 0 to 7)"),
    ("two", "argument --fail-under: 'two' is not a number (the ML Test Score is 0 to 7)"),
])
def test_fail_under_is_checked_as_the_configuration_checks_it(
        tmp_path: Path, capsys: pytest.CaptureFixture[str], value: str, message: str) -> None:
    root = write_tree(tmp_path / "r", FAILING)
    code, out, err = run(capsys, "check", str(root), "--fail-under", value)
    assert code == 2 and out == ""
    assert err.splitlines()[-1] == f"mlgate: error: {message}"
    (root / ".mlgate.yaml").write_text("fail-on: never\nfail-under: 12\n")
    code, _, err = run(capsys, "check", str(root))
    assert code == 2
    assert err == "mlgate: error: .mlgate.yaml:2: fail-under: 12 is greater than the maximum of 7\n"
    (root / ".mlgate.yaml").write_text("fail-under: .nan\n")
    code, _, err = run(capsys, "check", str(root))
    assert (code, err) == (2, "mlgate: error: .mlgate.yaml:1: fail-under: nan is not a number "
                              "(the ML Test Score is 0 to 7)\n")


def test_quiet_is_honoured_with_json(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    root = git_repo(tmp_path / "r", FAILING)
    code, out, _ = run(capsys, "check", str(root), "-q", "--format", "json")
    assert code == 1
    assert out.count("\n") == 1
    doc = json.loads(out)
    assert doc["gate"]["passed"] is False and doc["gate"]["reasons"]
    assert set(doc) == {"schema_version", "tool", "config", "ml_test_score", "gate"}
    assert "tests" not in doc["ml_test_score"] and 0 <= doc["ml_test_score"]["score"] <= 7
    report = tmp_path / "report.json"
    code, out, _ = run(capsys, "check", str(root), "-q", "--format", "json", "--output", str(report))
    assert (code, out) == (1, "")  # quiet with a file: the full report in the file, nothing printed
    assert "rules" in json.loads(report.read_text())
    code, out, err = run(capsys, "check", str(root), "-q", "--format", "sarif")
    assert code == 2 and out == ""
    assert "with --format sarif, write the report with --output FILE" in err


# ------------------------------------------------------------------------------ explain, rules
def test_explain_accepts_a_prefix_and_an_area_as_select_does(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "explain", "data-hf")
    assert code == 0 and out.startswith("data-hf-revision: Hugging Face downloads are pinned to a commit\n")
    code, out, _ = run(capsys, "explain", "repro")
    lines = out.splitlines()
    assert code == 0 and lines[0] == "repro: 6 rules (`mlgate explain RULE_ID` explains one)"
    assert lines[2].split() == ["RULE", "AREA", "SEVERITY", "RUBRIC", "TESTS", "WHAT", "PASSES"]
    assert [line.split()[0] for line in lines[3:]] == [
        "repro-seeds", "repro-deps-pinned", "repro-image-digest", "repro-pipeline-declared",
        "repro-params-tracked", "repro-determinism"]
    code, _, err = run(capsys, "explain", "data-hf-revison")
    assert code == 2 and err == "mlgate: error: unknown rule id 'data-hf-revison'; did you mean data-hf-revision?\n"


def test_explain_is_wrapped_and_says_where_the_docs_are_how_to_silence_and_which_hook(
        monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setenv("COLUMNS", "72")
    code, out, _ = run(capsys, "explain", "data-hf-revision")
    assert code == 0
    prose = out[:out.index("Passing example:")]
    assert max(len(line) for line in prose.splitlines() if not line.startswith("docs: ")) <= 72
    assert "docs: https://github.com/mlgate/mlgate/blob/main/docs/rules.md#data-hf-revision\n" in out
    flat = " ".join(prose.split())
    assert "`rules: {data-hf-revision: off}` in .mlgate.yaml" in flat
    assert "`# mlgate: ignore[data-hf-revision] <reason>`" in flat
    assert "the pre-commit hook `mlgate-data-pins`" in flat
    code, out, _ = run(capsys, "explain", "spec-review-enforced")
    assert "only `mlgate action` (it needs the GitHub API); no pre-commit hook." in " ".join(out.split())


def test_rules_has_a_header_and_aligned_columns(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "rules")
    lines = out.splitlines()
    assert code == 0 and lines[0].startswith("RULE ")
    starts = [lines[0].index(h) for h in ("AREA", "SEVERITY", "RUBRIC TESTS", "WHAT PASSES")]
    for line in lines[1:]:
        for start in starts:  # every column starts where its header starts, after a gap of two spaces
            assert line[start - 2:start] == "  " and line[start] != " ", line
    assert any(line.startswith("mon-alert-rules ") and "Monitor 4, Monitor 5, Monitor 6, Monitor 7" in line
               for line in lines)
