"""Feature-code test rules."""

from __future__ import annotations

from mlgate.facts.ci import ci_commands, ci_files, runs_tests
from mlgate.facts.tests import test_files
from mlgate.model import Finding, Level, Outcome, Status
from mlgate.rules.base import Context, RuleFn


def tests_in_ci(ctx: Context) -> Outcome:
    tests = test_files(ctx.index)
    runners = [c for c in ci_commands(ctx.index) if runs_tests(c.command)]
    on_change = [c for c in runners if c.on_change]
    evidence = tuple(sorted({c.path for c in runners}))
    if on_change:
        where = ", ".join(sorted({c.path for c in on_change}))
        return Outcome(Status.PASS, f"tests run on every change ({where})", evidence=evidence, automated=True)
    if runners:
        c = runners[0]
        how = "on a schedule" if c.scheduled else "only when started by hand"
        return Outcome(Status.PARTIAL, f"tests run in CI {how}, not on pull requests", evidence=evidence,
                       findings=(Finding(c.path, c.line, f"the test suite runs {how}, so pull requests are "
                                         "merged without it", level=Level.PARTIAL, key="tests not on PR",
                                         remediation="Add `pull_request` (and `push`) to the workflow's `on:` "
                                         "triggers."),))
    workflows = ci_files(ctx.index)
    if tests:
        where = workflows[0] if workflows else tests[0]
        count = f"{len(tests)} test file exists" if len(tests) == 1 else f"{len(tests)} test files exist"
        message = (f"{count} but no CI job runs them" if workflows else f"{count} but there is no CI configuration")
        return Outcome(Status.FAIL, message, evidence=tuple(tests[:5]), findings=(
            Finding(where, None, message, key="tests not in CI",
                    remediation="Add a CI workflow that runs the test suite on every pull request, e.g. "
                    "`.github/workflows/tests.yml` with `on: [push, pull_request]` and a step `run: pytest`."),))
    target = workflows[0] if workflows else next(iter(ctx.index.files), None)
    if target is None:
        return Outcome(Status.NOT_APPLICABLE, "empty repository")
    return Outcome(Status.FAIL, "no tests and no CI job that runs tests", findings=(
        Finding(target, None, "no test suite: feature and model code is never tested automatically",
                key="no tests", remediation="Add pytest tests for feature and model code and run them on every "
                "pull request (`.github/workflows/tests.yml` with `run: pytest`)."),))


RULES: dict[str, RuleFn] = {
    "feat-tests-in-ci": tests_in_ci,
}
