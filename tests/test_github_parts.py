"""The pieces of `mlgate action` that need no server: escaping, limits, diff hunks, events, reviews."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from mlgate.facts.codeowners import parse
from mlgate.github.action import Scrubber, review_comment_body, status_description
from mlgate.github.commands import annotation_lines, command, escape_data, escape_property, write_outputs
from mlgate.github.diff import added_lines, parse_unified
from mlgate.github.env import InputError, read_event, read_input, read_inputs
from mlgate.github.review import Protection, Review, approvers, evaluate
from mlgate.model import Level, ReportedFinding, Severity, Status


def finding(sev: Severity, n: int = 1, **kw: object) -> ReportedFinding:
    base = {"rule_id": "repro-deps-pinned", "severity": sev, "path": "requirements.txt", "line": n,
            "message": f"pkg{n} is not pinned", "remediation": "Pin it.", "fingerprint": f"{n:024x}"}
    base.update(kw)
    return ReportedFinding(**base)  # type: ignore[arg-type]


def test_workflow_command_escaping() -> None:
    assert escape_data("50% done\r\nnext") == "50%25 done%0D%0Anext"
    assert escape_property("a:b,c%\n") == "a%3Ab%2Cc%25%0A"
    line = command("error", "bad: 1,2\nFix: x", file="src/a,b:c.py", line=3, title="mlgate r")
    assert line == "::error file=src/a%2Cb%3Ac.py,line=3,title=mlgate r::bad: 1,2%0AFix: x"
    assert "\n" not in line


def test_annotations_most_severe_first_within_per_step_limits() -> None:
    findings = ([finding(Severity.INFO, i) for i in range(20)]
                + [finding(Severity.ERROR, i) for i in range(15)]
                + [finding(Severity.WARNING, i) for i in range(3)])
    lines = annotation_lines(findings)
    kinds = [line.split(" ", 1)[0].split("::")[1] for line in lines]
    assert kinds[:10] == ["error"] * 10 and kinds[10:13] == ["warning"] * 3
    # notices: the action keeps 4 of GitHub's 10 for itself; 5 findings and one summary of the rest
    assert kinds.count("notice") == 6
    assert lines[-1].startswith("::notice::mlgate: ") and "more findings not shown" in lines[-1]


def test_outputs_are_multiline_safe(tmp_path: Path) -> None:
    out = tmp_path / "out"
    write_outputs(str(out), {"score": "1.5", "report": "a\nb"})
    text = out.read_text()
    found = dict((m[0], m[2]) for m in re.findall(r"^([\w-]+)<<(\S+)\n(.*?)\n\2$", text, re.M | re.S))
    assert found == {"score": "1.5", "report": "a\nb"}


def test_added_lines_from_a_patch() -> None:
    patch = ("@@ -1,3 +1,4 @@\n pandas==2.2.2\n-torch>=2.1\n+torch==2.4.0\n+xgboost>=2.0\n scipy==1.13\n"
             "@@ -10,2 +11,2 @@ def f():\n ctx\n-old\n+new\n\\ No newline at end of file\n")
    assert added_lines(patch) == {2, 3, 12}


def test_parse_unified_many_files_and_deletions() -> None:
    diff = ("diff --git a/x.py b/x.py\n--- a/x.py\n+++ b/x.py\n@@ -0,0 +1,2 @@\n+a\n+b\n"
            "diff --git a/gone.py b/gone.py\n--- a/gone.py\n+++ /dev/null\n@@ -1 +0,0 @@\n-x\n")
    assert parse_unified(diff) == {"x.py": {1, 2}}


def _event(tmp_path: Path, name: str, payload: dict[str, object]) -> dict[str, str]:
    (tmp_path / "e.json").write_text(json.dumps(payload))
    return {"GITHUB_EVENT_NAME": name, "GITHUB_EVENT_PATH": str(tmp_path / "e.json"),
            "GITHUB_REPOSITORY": "acme/churn", "GITHUB_SHA": "m" * 40}


def test_pull_request_event_head_base_number_and_fork(tmp_path: Path) -> None:
    pr = {"number": 3, "head": {"sha": "h" * 40, "repo": {"full_name": "fork/churn"}},
          "base": {"sha": "b" * 40, "ref": "main", "repo": {"full_name": "acme/churn"}}}
    ev = read_event(_event(tmp_path, "pull_request", {"pull_request": pr}))
    assert (ev.sha, ev.base_sha, ev.base_label, ev.number, ev.fork, ev.read_only) == (
        "h" * 40, "b" * 40, "main", 3, True, True)
    ev = read_event(_event(tmp_path, "pull_request_target", {"pull_request": pr}))
    assert ev.fork and not ev.read_only
    pr["head"]["repo"] = None  # type: ignore[index]  # a deleted fork
    assert read_event(_event(tmp_path, "pull_request", {"pull_request": pr})).fork


def test_push_and_schedule_events(tmp_path: Path) -> None:
    ev = read_event(_event(tmp_path, "push", {"before": "a" * 40, "after": "c" * 40}))
    assert (ev.sha, ev.base_sha, ev.number) == ("c" * 40, "a" * 40, None)
    ev = read_event(_event(tmp_path, "push", {"before": "0" * 40, "after": "c" * 40}))
    assert ev.base_sha is None  # a new branch: a full scan
    ev = read_event(_event(tmp_path, "schedule", {}))
    assert (ev.sha, ev.base_sha, ev.number) == ("m" * 40, None, None)


def test_inputs_keep_hyphens_and_reject_bad_values() -> None:
    env = {"INPUT_FAIL-UNDER": "1.5", "INPUT_REVIEW-COMMENTS": "false", "INPUT_CHECK-RUN": "TRUE"}
    inputs = read_inputs(env)
    assert inputs.fail_under == 1.5 and not inputs.review_comments and inputs.check_run and inputs.comment
    assert read_input({}, "path") == "."
    with pytest.raises(InputError, match="fail-under"):
        read_inputs({"INPUT_FAIL-UNDER": "high"})
    with pytest.raises(InputError, match="fail-on"):
        read_inputs({"INPUT_FAIL-ON": "sometimes"})
    with pytest.raises(InputError, match="comment"):
        read_inputs({"INPUT_COMMENT": "maybe"})


def test_latest_deciding_review_counts() -> None:
    reviews = [Review("ana", "APPROVED"), Review("ana", "COMMENTED"), Review("bo", "APPROVED"),
               Review("bo", "CHANGES_REQUESTED"), Review("cy", "CHANGES_REQUESTED"), Review("cy", "APPROVED"),
               Review("dee", "APPROVED"), Review("dee", "DISMISSED")]
    assert approvers(reviews) == {"ana", "cy"}


OWNERS, _ = parse("/configs/ @acme/ml-reviewers\n/params.yaml @lead\n", ".github/CODEOWNERS")


def test_spec_review_outcomes() -> None:
    none = Protection(readable=True)
    assert evaluate([], OWNERS, [], lambda t, u: False, none).status is Status.NOT_APPLICABLE
    ok = evaluate(["params.yaml"], OWNERS, [Review("Lead", "APPROVED")], lambda t, u: False, none)
    assert ok.status is Status.PASS
    team = evaluate(["configs/m.yaml"], OWNERS, [Review("ana", "APPROVED")],
                    lambda t, u: (t, u) == ("acme/ml-reviewers", "ana"), none)
    assert team.status is Status.PASS
    fail = evaluate(["configs/m.yaml", "params.yaml"], OWNERS, [Review("eve", "APPROVED")],
                    lambda t, u: False, none)
    assert fail.status is Status.FAIL and "@acme/ml-reviewers" in fail.summary and "@lead" in fail.summary
    assert all(f.level is Level.FAIL for f in fail.findings)
    enforced = evaluate(["params.yaml"], OWNERS, [], lambda t, u: False,
                        Protection(readable=True, requires_reviews=True, requires_code_owners=True))
    assert enforced.status is Status.PASS
    partial = evaluate(["params.yaml"], OWNERS, [], lambda t, u: False,
                       Protection(readable=True, requires_reviews=True))
    assert partial.status is Status.PARTIAL
    unknown = evaluate(["params.yaml"], OWNERS, [], lambda t, u: False, Protection(readable=False))
    assert unknown.status is Status.UNKNOWN and "@lead" in unknown.summary
    assert unknown.findings[0].level is Level.PARTIAL
    orphan = evaluate(["src/model.py"], OWNERS, [], lambda t, u: False, none)
    assert orphan.status is Status.FAIL and orphan.findings == ()  # spec-codeowners reports the missing owner
    assert "1 with no code owner" in orphan.summary


def test_review_comment_body_has_marker_fix_and_a_safe_suggestion_fence() -> None:
    body = review_comment_body(finding(Severity.ERROR, 2, suggestion="x = ```y```"))
    assert body.startswith("<!-- mlgate:finding:") and "**Fix:** Pin it." in body
    assert "````suggestion\nx = ```y```\n````" in body


def test_status_description_fits_140() -> None:
    from mlgate.model import Gate, Report, Score

    band = "0: more of a research project than a productionized system, and more words " * 3
    report = Report("0.1.0", ".", None, Score(0.0, band, {}, ()), {}, (), Gate(False, ("x",)))
    text = status_description(report)
    assert len(text) <= 140 and text.startswith("failed: ML Test Score 0")


def test_scrubber() -> None:
    scrub = Scrubber("ghs_abcdef123456")
    assert scrub("Bad credentials for ghs_abcdef123456!") == "Bad credentials for ***!"
    assert Scrubber("")("text") == "text"


def test_annotations_say_when_a_finding_is_not_high_confidence() -> None:
    from mlgate.github.action import check_annotations
    from mlgate.model import Confidence

    sure, guess = finding(Severity.ERROR, 1), finding(Severity.ERROR, 2, confidence=Confidence.LOW)
    lines = annotation_lines([sure, guess])
    assert lines[0].startswith("::error file=requirements.txt,line=1,title=mlgate repro-deps-pinned::")
    assert lines[1].startswith("::error file=requirements.txt,line=2,title=mlgate repro-deps-pinned (low "
                               "confidence)::")
    assert [a["title"] for a in check_annotations([sure, guess], "")] == [
        "mlgate repro-deps-pinned", "mlgate repro-deps-pinned (low confidence)"]
