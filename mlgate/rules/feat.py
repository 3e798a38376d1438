"""Feature-code test rules: Data 7 (feature code tested), Infra 3 (pipeline integration test) and
Monitor 3 (one feature implementation for training and serving)."""

from __future__ import annotations

import ast
import itertools
import re
from collections import defaultdict
from collections.abc import Callable

from mlgate import lazyre
from mlgate.facts.ci import (
    CiJob,
    Floor,
    Link,
    TestRun,
    ci_files,
    ci_jobs,
    ci_reached,
    mentions,
    tests_run_on_change,
    unread_ci,
)
from mlgate.facts.coverage import coverage_reports
from mlgate.facts.features import CONFIGURED_WHY, NAMED_WHY, FeatureModule, may_be_feature_module
from mlgate.facts.imports import FileImports, defined_shapes, file_imports, function_fingerprint
from mlgate.facts.project import in_library_package
from mlgate.facts.python import is_test_path
from mlgate.facts.tests import shown_test_file, test_files, test_sources
from mlgate.inventory import COURSE, MONOREPO
from mlgate.model import Confidence, Finding, Level, Outcome, Scope, Status
from mlgate.repo import Needles, PySource, RepoIndex
from mlgate.rules.base import Context, RuleFn, outcome_from_findings

CONFIGURED = CONFIGURED_WHY  # FeatureModule.why of a module the user named
_CI_FIX = {
    "github": "Add `pull_request` (and `push`) to the workflow's `on:` triggers.",
    "gitlab": "Remove `when: manual` from the job (or add merge-request rules) so it runs on every push.",
    "azure": "Remove `trigger: none` / `pr: none` so the pipeline runs on pushes and pull requests.",
    "circleci": "Run the job from a workflow without a `triggers: schedule` so it runs on every push.",
    "jenkins": "Build every branch and pull request (a multibranch pipeline), not only on a timer.",
    "codebuild": "Start the CodeBuild project on pull requests too (a webhook with PULL_REQUEST_CREATED and "
                 "PULL_REQUEST_UPDATED filters), and add a build command that runs the tests.",
    "cloudbuild": "Start the build from a Cloud Build trigger on pushes and pull requests (`gcloud builds triggers "
                  "create github --pull-request-pattern='^main$' --build-config=<this file>`) rather than by hand "
                  "with `gcloud builds submit`.",
}


# ---------------------------------------------------------------------------- feat-tests-in-ci
def tests_in_ci(ctx: Context) -> Outcome:
    tests = test_files(ctx.index)  # named like a test and holding one
    jobs = ci_jobs(ctx.index)
    runners = [j for j in jobs if j.tests]
    on_change = [j for j in runners if j.on_change]
    evidence = tuple(sorted({link.path for j in runners for t in j.tests for link in t.chain}))
    if on_change:
        first = on_change[0].tests[0]
        more = sum(len(j.tests) for j in on_change) - 1
        return Outcome(Status.PASS, f"tests run on every change: {first.chain_text()}"
                       + (f" (and {more} more test run{'s' if more != 1 else ''})" if more else ""),
                       evidence=evidence, automated=True)
    if runners:
        j = runners[0]
        t = j.tests[0]
        how = "on a schedule" if j.scheduled else "only when started by hand"
        at = t.chain[0] if t.chain else None
        return Outcome(Status.PARTIAL, f"tests run in CI {how}, not on pull requests ({t.chain_text()})",
                       evidence=evidence,
                       findings=(Finding(at.path if at else j.path, at.line if at else j.line,
                                         f"the test suite runs {how}, so pull requests are merged without it",
                                         level=Level.PARTIAL, key="tests not on PR",
                                         remediation=_CI_FIX.get(j.system, _CI_FIX["github"])),))
    uncertain = [u for j in jobs for u in j.unfollowed]
    if tests and uncertain:
        u = uncertain[0]
        at = u.chain[0] if u.chain else None
        count = f"{len(tests)} test file" + ("s" if len(tests) != 1 else "")
        message = (f"CI may run the {count} through `{u.command}`, but mlgate could not follow it: {u.reason} "
                   f"({u.chain_text()})")
        return Outcome(Status.UNKNOWN, f"could not tell whether CI runs the tests: {u.reason}",
                       evidence=tuple(sorted({link.path for x in uncertain for link in x.chain})),
                       findings=(Finding(at.path if at else shown_test_file(tests), at.line if at else None, message,
                                         level=Level.PARTIAL, key="tests in CI unknown",
                                         remediation="Keep the chain from the CI step to the test runner in the "
                                         "repository (the Makefile target, tox/nox/just/mise/poe/hatch task or "
                                         "script it runs), or call the runner (`pytest`) in the CI step."),))
    unread = unread_ci(ctx.index)
    if tests and unread:
        # CI that mlgate does not read (`.travis.yml`, Wikimedia's `.pipeline/config.yaml`) may run them: unknown,
        # never "there is no CI configuration"
        path, service = unread[0]
        count = f"{len(tests)} test file" + ("s" if len(tests) != 1 else "")
        message = (f"{path} configures {service}, which mlgate does not read: it cannot tell whether CI runs the "
                   f"{count}")
        return Outcome(Status.UNKNOWN, f"could not tell whether CI runs the tests: {path} is a {service} "
                       "configuration mlgate does not read", evidence=tuple(p for p, _ in unread[:5]),
                       findings=(Finding(path, None, message, level=Level.PARTIAL, key="tests in unread CI",
                                         scope=Scope.REPOSITORY, confidence=Confidence.MEDIUM,
                                         remediation="Make sure a job there runs the test suite on every pull "
                                         "request; mlgate reads GitHub Actions, GitLab CI, Azure Pipelines, "
                                         "CircleCI, Jenkinsfiles, CodeBuild and Cloud Build."),))
    workflows = ci_files(ctx.index)
    if tests:
        stray = [] if workflows else _stray_workflows(ctx.index)
        where = _ci_home(ctx.index, workflows) if workflows else stray[0][0] if stray else shown_test_file(tests)
        count = f"{len(tests)} test file exists" if len(tests) == 1 else f"{len(tests)} test files exist"
        message = (f"{count} but no CI job runs them" if workflows else f"{count} but there is no CI configuration")
        if stray:
            more = len(stray) - 1
            message = (f"{count} but no CI service runs anything: {stray[0][0]} is written as a {stray[0][1]}, "
                       f"but {_CI_HOMES[stray[0][1]]}" + (f"; {more} more CI file{'s lie' if more > 1 else ' lies'} "
                                                          "where no CI service reads them" if more else ""))
        return Outcome(Status.FAIL, message, evidence=tuple(tests[:5]), findings=(
            Finding(where, None, message, key="tests not in CI", scope=Scope.REPOSITORY,
                    # "no CI job runs them" rests on recognising test commands in CI configuration
                    confidence=Confidence.MEDIUM if workflows else Confidence.HIGH,
                    remediation="Add a CI workflow that runs the test suite on every pull request, e.g. "
                    "`.github/workflows/tests.yml` with `on: [push, pull_request]` and a step `run: pytest`."),))
    # No test at all is what feat-tests-exist and spec-unit-tested judge, at the code that lacks them; here
    # it would be a finding pinned to whichever file comes first (an issue template, say).
    return Outcome(Status.NOT_APPLICABLE, "the repository has no tests for CI to run (feat-tests-exist and "
                   "spec-unit-tested report the untested code)")


# CI configuration kept where no CI service reads it (`infra/cicd/github-actions.yaml`): a GitHub workflow has
# jobs made of steps, a GitLab pipeline stages and jobs with a script
_GITHUB_SHAPE = lazyre.compile(r"(?m)^jobs:[ \t]*$(?:\n.*)*?\n[ \t]+steps:")
_GITLAB_SHAPE = lazyre.compile(r"(?m)^stages:[ \t]*$(?:\n.*)*?\n[ \t]+script:")
_CI_SHAPE_NEEDLES = Needles("steps:", "script:")
_CI_HOMES = {"GitHub workflow": "GitHub reads workflows only from .github/workflows/",
             "GitLab pipeline": "GitLab reads only the .gitlab-ci.yml at the repository's root (and what it "
                                "includes)",
             "CircleCI config": "CircleCI reads only the .circleci/config.yml at the repository's root"}


def _stray_workflows(index: RepoIndex) -> list[tuple[str, str]]:
    """(path, what it is written as) of YAML files shaped as CI configuration where no CI service reads them,
    in a repository with no CI configuration: the owner meant them to run, and the finding says why they do
    not."""
    out: list[tuple[str, str]] = []
    for path in index.files:
        if not path.endswith((".yml", ".yaml")) or is_test_path(path) or not index.contains(path, _CI_SHAPE_NEEDLES):
            continue
        text = index.text(path) or ""
        if path.rsplit("/", 2)[-2:-1] == [".circleci"]:
            # a project's CircleCI config copied into a subfolder (kedro-academy's lessons keep the Kedro
            # starter's kedro-beginners-old/.circleci/config.yml): shaped as jobs with steps, as a GitHub workflow is
            out.append((path, "CircleCI config"))
        elif _GITHUB_SHAPE.search(text):
            out.append((path, "GitHub workflow"))
        elif _GITLAB_SHAPE.search(text):
            out.append((path, "GitLab pipeline"))
    return out


# words of a CI file's name that say it runs the project's checks, the likeliest first (ci.yaml; not
# "check": check_renovate.yml and markdown-link-check.yml check something else)
_CHECK_WORDS = ("ci", "tests", "test", "pr", "build", "python", "main")


def _ci_home(index: RepoIndex, workflows: list[str]) -> str:
    """The CI file where a test step belongs: of those that run on every change, the one whose name says it
    runs the project's checks (`ci.yaml`, `tests.yml`), else the first of them, else the first CI file."""
    change = list(dict.fromkeys(j.path for j in ci_jobs(index) if j.on_change and j.path in workflows)) or workflows

    def rank(path: str) -> int:
        words = re.split(r"[_.-]", path.rsplit("/", 1)[-1].rsplit(".", 1)[0].lower())
        return min((_CHECK_WORDS.index(w) for w in words if w in _CHECK_WORDS), default=len(_CHECK_WORDS))

    return min(change, key=rank)


# ---------------------------------------------------------------------------- feat-tests-exist
def _features(ctx: Context) -> list[FeatureModule]:
    """The feature modules of the repository model (mlgate.inventory)."""
    # a published library is not asked for feature tests of its own package: a `preprocessing.py` its
    # users call is API (spec-unit-tested judges its tests), unless the user names it in paths.features
    library = ctx.model.is_library
    return [m for m in ctx.feature_modules()
            if not (library and m.why != CONFIGURED and in_library_package(ctx.index, m.path))]


def _test_maps(index: RepoIndex, features: list[FeatureModule]) -> list[FileImports]:
    feature_paths = {m.path for m in features}
    maps: list[FileImports] = []
    for t in test_sources(index):
        if t not in feature_paths:
            maps.append(file_imports(index, t))
            _helper_shapes(index, t)  # for ``_copies``, from the parse file_imports read (neither is kept)
    return maps


def _exercised(maps: list[FileImports]) -> Callable[[str, str], bool]:
    """Whether a test uses ``name`` of ``module`` (by name, or through `import *` and a read of the name)."""
    used = set().union(*(m.used for m in maps)) if maps else set()
    starred: dict[str, set[str]] = {}
    for m in maps:
        for module in m.star:
            starred.setdefault(module, set()).update(m.loaded)
    return lambda module, name: (module, name) in used or name in starred.get(module, ())


def _feature_defs(index: RepoIndex, module: FeatureModule) -> dict[str, ast.FunctionDef | ast.AsyncFunctionDef]:
    src = index.python(module.path) if module.path.endswith(".py") else None
    if src is None:
        return {}
    return {n.name: n for n in src.tree.body if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef))}


def _copies(index: RepoIndex, features: list[FeatureModule], maps: list[FileImports]) \
        -> dict[tuple[str, str], tuple[str, int]]:
    """(feature module, function) -> (test file, line) where a test defines its own copy of it."""
    helpers = [(m, _helper_shapes(index, m.path)) for m in maps]
    if not any(found for _m, found in helpers):
        return {}  # no test defines a function of its own: the feature functions' shapes are not needed
    shapes: dict[str, tuple[str, str]] = {}
    names: dict[str, list[tuple[str, str]]] = {}
    for module in features:
        for name, fingerprint in _public_shapes(index, module.path) if module.path.endswith(".py") else ():
            names.setdefault(name, []).append((module.path, name))
            if fingerprint is not None:
                shapes.setdefault(fingerprint, (module.path, name))
    out: dict[tuple[str, str], tuple[str, int]] = {}
    for m, found in helpers:
        for name, fingerprint, line in found:
            targets = list(names.get(name, []))
            shape = shapes.get(fingerprint)
            if shape:
                targets.append(shape)
            for target in targets:
                if (target[0], target[1]) not in m.used:
                    out.setdefault(target, (m.path, line))
    return out


def _public_shapes(index: RepoIndex, path: str) -> tuple[tuple[str, str | None], ...]:
    """(name, fingerprint) of a module's public top-level functions, the fingerprint of those big enough for
    two bodies of that shape to be one function copied (None for the others): a summary, made at the drop of
    a module training reaches (a feature module's data module, say: ``reached_made``), whose tree is not kept."""
    shapes: tuple[tuple[str, str | None], ...] = index.summary("feat-public-shapes", path)
    return shapes


def _shapes_of(path: str, sources: list[PySource]) -> tuple[tuple[str, str | None], ...]:
    if not sources:
        return ()
    src = sources[0]
    defs = {n.name: n for n in src.tree.body if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef))}
    # more than 25 nodes: the walk stops at the 26th (a count of every node walked each function whole)
    return tuple((name, function_fingerprint(n) if len(n.body) >= 2 or next(itertools.islice(ast.walk(n), 25, None),
                                                                             None) is not None else None)
                 for name, n in defs.items() if not name.startswith("_"))


RepoIndex.summariser("feat-public-shapes", _shapes_of, at_drop=lambda index, path: "feat-tests-exist" in index.rules
                     and may_be_feature_module(index, path))


def _helper_shapes(index: RepoIndex, path: str) -> tuple[tuple[str, str, int], ...]:
    """(name, fingerprint, line) of the functions a test file defines that are not tests."""
    return defined_shapes(index, path, tests=False)


# calls that clean, encode or derive model inputs (a script that only splits a CSV and drops the label
# has no feature code to test)
_SHAPES_DATA = Needles(".fillna(", "get_dummies(", ".astype(", ".apply(", ".map(", ".merge(", ".groupby(",
                       "pd.cut(", ".replace(", ".dropna(", ".str.", "fit_transform(", "Encoder(", "Scaler(",
                       "Imputer(", "Vectorizer(", "tokenize", ".encode(", "ColumnTransformer(")


def _no_feature_modules(ctx: Context) -> Outcome:
    """No module holds feature code of its own. Where the project trains and has no test at all, its data
    preparation lives in the training code and nothing tests it: a finding (feature code mlgate could not
    isolate, so not high confidence), not `not_applicable`."""
    model = ctx.model
    shaping = [c for c in model.training if ctx.index.contains(c.path, _SHAPES_DATA)]
    if shaping and not model.is_library and not test_sources(ctx.index):
        unit = shaping[0]
        notebooks = all(c.path.endswith(".ipynb") for c in shaping)
        level = Level.PARTIAL if notebooks else Level.FAIL
        return Outcome(Status.PARTIAL if notebooks else Status.FAIL,
                       "the project trains a model and has no tests: its data preparation is never tested",
                       findings=(Finding(unit.path, unit.line, f"{unit.path} prepares the data it trains on, "
                                         "and the repository has no test suite to check that preparation",
                                         level=level, key="no tests for data preparation", scope=Scope.REPOSITORY,
                                         confidence=Confidence.MEDIUM,
                                         remediation="Move the data preparation into functions (a features.py "
                                         "module) and test them with pytest on a few hand-made rows: missing "
                                         "values, unseen categories, the expected output columns."),))
    return Outcome(Status.NOT_APPLICABLE, "no feature code found (set `paths.features` if it lives elsewhere)")


def tests_exist(ctx: Context) -> Outcome:
    index = ctx.index
    features = _features(ctx)
    if not features:
        return _no_feature_modules(ctx)
    maps = _test_maps(index, features)
    imported = set().union(*(m.modules for m in maps)) if maps else set()
    copies = _copies(index, features, maps)
    tested_modules = [m for m in features if m.path in imported]
    level = Level.PARTIAL if tested_modules else Level.FAIL
    findings: list[Finding] = []
    flagged: set[str] = set()  # the paths of the findings so far (a module's own are asked of each module)

    def add(finding: Finding) -> None:
        findings.append(finding)
        flagged.add(finding.path)

    units = exercised = 0
    is_exercised = _exercised(maps)
    for module in features:
        sure = Confidence.HIGH if module.why == CONFIGURED else Confidence.MEDIUM  # found by a name or a shape
        if module.notebook:
            add(Finding(
                module.path, None, "feature code lives in a notebook, which no test can import",
                level=level, key="notebook feature code", confidence=sure,
                remediation="Move the feature functions into a module (e.g. `src/<pkg>/features.py`), import them "
                "from the notebook, and add tests/test_features.py that imports and checks them."))
            continue
        for unit in module.functions:
            units += 1
            if is_exercised(module.path, unit.name):
                exercised += 1
                continue
            copy = copies.get((module.path, unit.name))
            if copy is not None:
                add(Finding(
                    copy[0], copy[1], f"defines its own copy of `{unit.name}` from {module.path} instead of "
                    "importing it: the test checks the copy, not the feature code", level=level,
                    key=f"copy of {module.path}:{unit.name}", confidence=Confidence.MEDIUM,
                    remediation=f"Delete the copy and import the real one: `from {_dotted(module.path)} import "
                    f"{unit.name}`."))
            elif module.path in imported:
                add(Finding(
                    module.path, unit.line, f"`{unit.name}` is not called by any test", level=Level.PARTIAL,
                    key=f"untested {unit.name}", confidence=sure,
                    remediation=f"Add a test that calls `{unit.name}` on edge cases (nulls, zeros, empty input, "
                    "units) and asserts on its output."))
        if module.path not in imported and module.path not in flagged:
            first = module.functions[0].line if module.functions else None
            add(Finding(
                module.path, first, f"feature module is not imported by any test ({module.why})", level=level,
                key="feature module untested", confidence=sure,
                remediation=f"Add tests/test_{module.path.rsplit('/', 1)[-1][:-3]}.py that imports "
                f"`{_dotted(module.path)}` and checks each function on edge cases (nulls, zeros, empty input)."))
    summary_units = f"; {exercised} of {units} public feature functions are called by tests" if units else ""
    out = outcome_from_findings(findings, checked=len(features), what="feature modules",
                                evidence=[m.path for m in tested_modules])
    nb = sum(1 for m in features if m.notebook)
    tested = f"{len(tested_modules)} of {len(features) - nb} feature modules are imported by tests{summary_units}"
    return Outcome(out.status, tested + (f"; {nb} notebook(s) hold feature code" if nb else ""), out.findings,
                   out.evidence)


def _dotted(path: str) -> str:
    parts = path[:-3].split("/") if path.endswith(".py") else path.split("/")
    if parts and parts[0] in ("src", "lib"):
        parts = parts[1:]
    return ".".join(parts)


# ---------------------------------------------------------------------------- feat-coverage
_CLI_FLOOR = lazyre.compile(r"--(?:cov-)?fail-under[= ]+(\d+(?:\.\d+)?)")
_MEASURES = lazyre.compile(r"--cov\b|\bcoverage\s+run\b")
_PYTEST_SECTIONS = ("pytest", "tool:pytest")


def _ini_value(index: RepoIndex, path: str, sections: tuple[str, ...], key: str) -> tuple[str, int] | None:
    section = ""
    for lineno, line in enumerate(index.lines(path), 1):
        header = re.match(r"^\s*\[([^\]]+)\]", line)
        if header:
            section = header.group(1).strip()
            continue
        m = re.match(rf"^\s*{re.escape(key)}\s*[=:]\s*(.*)$", line)
        if m and section in sections:
            return m.group(1).strip(), lineno
    return None


def _toml_line(index: RepoIndex, path: str, key: str) -> int | None:
    return next((i for i, ln in enumerate(index.lines(path), 1) if re.match(rf"^\s*{re.escape(key)}\s*=", ln)), None)


def _config_floor(index: RepoIndex) -> tuple[float, str, int | None] | None:
    """(fail_under, file, line) from coverage or pytest configuration."""
    for path, sections in ((".coveragerc", ("report",)), ("setup.cfg", ("coverage:report",)),
                           ("tox.ini", ("coverage:report",))):
        if index.exists(path):
            hit = _ini_value(index, path, sections, "fail_under")
            if hit and re.match(r"^\d+(\.\d+)?$", hit[0]):
                return float(hit[0]), path, hit[1]
    if index.exists("pyproject.toml"):
        data = index.toml("pyproject.toml") or {}
        tool = data.get("tool") if isinstance(data.get("tool"), dict) else {}
        cov = tool.get("coverage") if isinstance(tool, dict) else None
        report = cov.get("report") if isinstance(cov, dict) else None
        value = report.get("fail_under") if isinstance(report, dict) else None
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            return float(value), "pyproject.toml", _toml_line(index, "pyproject.toml", "fail_under")
    for path, opts in _addopts(index):
        m = _CLI_FLOOR.search(opts[0])
        if m:
            return float(m.group(1)), path, opts[1]
    return None


def _addopts(index: RepoIndex) -> list[tuple[str, tuple[str, int | None]]]:
    out: list[tuple[str, tuple[str, int | None]]] = []
    for path in ("pytest.ini", "setup.cfg", "tox.ini"):
        if index.exists(path):
            hit = _ini_value(index, path, _PYTEST_SECTIONS, "addopts")
            if hit:
                out.append((path, (hit[0], hit[1])))
    if index.exists("pyproject.toml"):
        data = index.toml("pyproject.toml") or {}
        tool = data.get("tool") if isinstance(data.get("tool"), dict) else {}
        pytest_cfg = tool.get("pytest") if isinstance(tool, dict) else None
        opts = pytest_cfg.get("ini_options") if isinstance(pytest_cfg, dict) else None
        value = opts.get("addopts") if isinstance(opts, dict) else None
        if isinstance(value, list):
            value = " ".join(str(v) for v in value)
        if isinstance(value, str):
            out.append(("pyproject.toml", (value, _toml_line(index, "pyproject.toml", "addopts"))))
    return out


def coverage(ctx: Context) -> Outcome:
    index = ctx.index
    features = [m for m in _features(ctx) if not m.notebook]
    if not features:
        return Outcome(Status.NOT_APPLICABLE, "no feature modules found (set `paths.features` if they live elsewhere)")
    threshold = float(ctx.options.get("threshold", 80))
    addopts_cov = any(_MEASURES.search(o[0]) for _, o in _addopts(index))
    automated: list[CiJob] = [j for j in ci_jobs(index) if j.on_change or j.scheduled]
    measuring: list[tuple[CiJob, TestRun]] = [(j, t) for j in automated for t in j.tests
                                              if t.coverage or addopts_cov]
    cli_floors: list[tuple[Floor, tuple[Link, ...]]] = [(t.floor, t.chain) for _, t in measuring if t.floor]
    measuring_jobs = {id(j) for j, _ in measuring}
    cli_floors += [fl for j in automated if id(j) in measuring_jobs for fl in j.floors]
    floor_cfg = _config_floor(index)
    reports = coverage_reports(index)
    findings: list[Finding] = []
    notes: list[str] = []

    floor: float | None = None
    floor_at: tuple[str, int | None] | None = None
    floor_unknown = next((fl for fl, _ in cli_floors if fl.value is None), None)
    known = [(fl.value, chain) for fl, chain in cli_floors if fl.value is not None]
    if known:
        floor, chain = max(known, key=lambda x: x[0])
        floor_at = (chain[0].path, chain[0].line) if chain else None
    elif floor_cfg is not None:
        floor, floor_at = floor_cfg[0], (floor_cfg[1], floor_cfg[2])

    # committed reports: per feature file line rate, unless the report is stale
    fresh = []
    for report in reports:
        stale = report.stale_reasons()
        when = f" (run of {report.when})" if report.when else ""
        if stale:
            notes.append(f"{report.path} is stale")
            if not measuring:
                findings.append(Finding(
                    report.path, None, f"{report.path}{when} is stale: {'; '.join(stale)}; its line rates say "
                    "nothing about the current feature code", level=Level.PARTIAL, key="stale coverage report",
                    remediation="Stop committing coverage reports; measure coverage in CI on every change "
                    "(`pytest --cov=<package> --cov-report=xml --cov-fail-under=80`)."))
            continue
        fresh.append(report)
        for module in features:
            fc = report.for_file(module.path)
            if fc is None:
                continue
            if fc.line_rate * 100 < threshold:
                findings.append(Finding(
                    report.path, fc.line, f"{module.path} has {fc.line_rate:.0%} line coverage{when}, below "
                    f"the {threshold:g}% threshold", level=Level.PARTIAL, key=f"low coverage {module.path}",
                    remediation=f"Add tests that exercise the uncovered branches of {module.path}."))
        unmeasured = [m.path for m in features if report.for_file(m.path) is None
                      and any(f.repo_path and f.repo_path.rsplit("/", 1)[0] == m.path.rsplit("/", 1)[0]
                              for f in report.files)]
        if unmeasured:
            findings.append(Finding(
                report.path, None, f"{report.path}{when} does not list {unmeasured[0]}, which sits beside files "
                "it measures: the report predates it, or it is never imported by tests", level=Level.PARTIAL,
                key="report misses feature file", confidence=Confidence.MEDIUM,
                remediation="Regenerate the report in CI rather than committing it, and test the missing module."))

    if measuring:
        first_job, first_run = measuring[0]
        at = first_run.chain[0] if first_run.chain else Link(first_job.path, first_job.line, "", "CI job")
        if floor is None and floor_unknown is None:
            findings.append(Finding(
                at.path, at.line, "coverage is measured but no floor is enforced: it can fall without failing CI",
                level=Level.PARTIAL, key="coverage not enforced",
                remediation=f"Add `--cov-fail-under={threshold:g}` to this command, or `fail_under = {threshold:g}` "
                "under `[tool.coverage.report]`."))
        elif floor is not None and floor < threshold and floor_at is not None:
            findings.append(Finding(
                floor_at[0], floor_at[1], f"the enforced coverage floor is {floor:g}%, below the {threshold:g}% "
                "threshold", level=Level.PARTIAL, key="coverage floor low",
                remediation=f"Raise the floor to {threshold:g} (`--cov-fail-under={threshold:g}`)."))
        out = outcome_from_findings(findings, checked=len(features), what="feature modules",
                                    evidence=[link.path for _, t in measuring for link in t.chain])
        where = first_run.chain_text()
        if len(measuring) > 1:
            where += f" and {len(measuring) - 1} more"
        if floor is not None:
            summary = f"coverage measured in CI ({where}) with a {floor:g}% floor"
        elif floor_unknown is not None:
            summary = f"coverage measured in CI ({where}) with a floor {floor_unknown.describe()}"
        else:
            summary = f"coverage measured in CI ({where}) without a floor"
        return Outcome(out.status, summary + (f"; {'; '.join(notes)}" if notes else ""), out.findings,
                       out.evidence, automated=out.status is Status.PASS)

    # nothing measures coverage on every change: committed reports and configured floors are manual evidence
    if fresh or floor_cfg is not None or reports:
        target = floor_cfg[1] if floor_cfg is not None else reports[0].path
        line = floor_cfg[2] if floor_cfg is not None else None
        if not any(f.path == target for f in findings):
            findings.append(Finding(
                target, line, "coverage is configured or reported, but no CI job measures it on every change",
                level=Level.PARTIAL, key="coverage not in CI", scope=Scope.REPOSITORY, confidence=Confidence.MEDIUM,
                remediation=f"Run `pytest --cov=<package> --cov-report=xml --cov-fail-under={threshold:g}` in CI."))
        out = outcome_from_findings(findings, checked=len(features), what="feature modules",
                                    evidence=[r.path for r in reports])
        return Outcome(Status.PARTIAL, "coverage evidence exists but is not produced by CI"
                       + (f"; {'; '.join(notes)}" if notes else ""), out.findings, out.evidence)
    first = features[0]
    return Outcome(Status.FAIL, f"no coverage is measured for {len(features)} feature modules", findings=(
        Finding(first.path, None, "no coverage is measured for feature code: untested branches go unnoticed",
                key="no coverage", scope=Scope.REPOSITORY,
                confidence=Confidence.HIGH if first.why == CONFIGURED else Confidence.MEDIUM,
                remediation=f"Run `pytest --cov=<package> --cov-report=xml --cov-fail-under={threshold:g}` in CI, "
                f"or set `fail_under = {threshold:g}` under `[tool.coverage.report]` and run `pytest --cov`."),))


# ---------------------------------------------------------------------------- feat-pipeline-integration
_RUNS_PIPELINE = lazyre.compile(r"\bdvc\s+(?:repro|exp\s+run)\b|\bmlflow\s+run\b|\bkedro\s+run\b|"
                            r"\bzenml\s+pipeline\s+run\b|\bsnakemake\b|\bpython[\d.]*\s+\S*flow\S*\.py\s+run\b")
_E2E_WORDS = Needles("repro", "fast_dev_run", "Runner", "Kedro", "mlflow", "run_pipeline")
_PIPELINE_DOC = Needles("dvc repro", "mlflow run", "kedro run", "dvc exp run")
_E2E_TEST = lazyre.compile(r"LocalDagRunner|fast_dev_run|[\"']dvc[\"']\s*,\s*[\"']repro|dvc\s+repro|KedroSession|"
                       r"mlflow\.projects\.run|mlflow\.run\(|\.run_pipeline\(|LocalRunner|BeamDagRunner")
# a pipeline submitted to its orchestrator and run there: Vertex AI / KFP clients (not `compile`, which only checks it)
_SUBMIT = lazyre.compile(r"\bPipelineJob\(|\bcreate_run_from_pipeline_(?:func|package)\(|\.run_pipeline\(")
_SUBMIT_NEEDLES = Needles("PipelineJob(", "create_run_from_pipeline_", ".run_pipeline(")


def _submitting_tests(index: RepoIndex, pipeline_files: list[str]) -> list[str]:
    """Test files that import a pipeline definition and hand it to code that submits it to the orchestrator
    and runs it (`aiplatform.PipelineJob(...).submit()`, `kfp.Client().create_run_from_pipeline_func`), in
    the test or in a helper it imports (a shared `pipeline_e2e_test` in another test module, the project's
    trigger module): an end-to-end run of the pipeline on its real orchestrator."""
    from mlgate.facts.pycode import import_closure

    wanted = set(pipeline_files)
    out = []
    for t in test_files(index):
        if not wanted & file_imports(index, t).modules:
            continue
        if any(index.contains(f, _SUBMIT_NEEDLES) and _SUBMIT.search(index.text(f) or "")
               for f in sorted(import_closure(index, [t], depth=3))):
            out.append(t)
    return out


def pipeline_integration(ctx: Context) -> Outcome:
    index = ctx.index
    # the multi-step pipelines of the repository model
    pipelines = [(c.path, c.line, c.why) for c in ctx.model.pipelines]
    if not pipelines:
        return Outcome(Status.NOT_APPLICABLE, "no multi-step pipeline declared (dvc.yaml, MLproject, KFP, TFX, "
                       "ZenML, Kedro, Metaflow)")
    pipeline_files = [p for p, _l, _w in pipelines if p.endswith(".py")]
    runs = [(job, r) for job, r in ci_reached(index) if _RUNS_PIPELINE.search(r.command)
            or any(mentions(r.command, p, r.cwd) for p in pipeline_files)]
    auto = [(job, r) for job, r in runs if job.on_change or job.scheduled]
    if auto:
        job, c = auto[0]
        when = "on every change" if job.on_change else "on a schedule"
        return Outcome(Status.PASS, f"CI runs the pipeline end to end {when} ({c.path})", evidence=(c.path,),
                       automated=True)
    e2e = [t for t in test_files(index) if index.contains(t, _E2E_WORDS) and _E2E_TEST.search(index.text(t) or "")]
    e2e += [t for t in _submitting_tests(index, pipeline_files) if t not in e2e]
    tests_on_change = tests_run_on_change(index)
    if e2e and tests_on_change:
        return Outcome(Status.PASS, f"an end-to-end pipeline test runs in CI ({e2e[0]})", evidence=tuple(e2e),
                       automated=True)
    path, line, what = pipelines[0]
    manual_doc = [p for p in index.with_suffix(".md", ".rst") if index.contains(p, _PIPELINE_DOC)]
    if runs or e2e or manual_doc:
        how = (f"only when started by hand ({runs[0][1].path})" if runs else
               f"in a test CI does not run ({e2e[0]})" if e2e else f"as documented manual steps ({manual_doc[0]})")
        return Outcome(Status.PARTIAL, f"the {what} runs end to end {how}", findings=(
            Finding(path, line, f"the {what} is run end to end {how}, not automatically", level=Level.PARTIAL,
                    key="pipeline run manual", confidence=Confidence.MEDIUM,
                    remediation="Run the whole pipeline on a small sample in CI on every pull request, e.g. "
                    "`dvc exp run --set-param prepare.sample_frac=0.01`."),), evidence=(path,))
    return Outcome(Status.FAIL, f"nothing runs the {what} end to end", findings=(
        Finding(path, line, f"the {what} ({path}) is never run end to end by CI or a test: breaks between stages "
                "show up only in production runs", key="pipeline never run", confidence=Confidence.MEDIUM,
                remediation="Add a CI job on pull_request that runs the whole pipeline on a small data sample, e.g. "
                "`dvc exp run --set-param prepare.sample_frac=0.01`, or a test that runs it with a local runner."),))


# ---------------------------------------------------------------------------- feat-train-serve-shared
# searched in each training script's whole text: without a literal start, the pattern was tried at every position
_PACKAGED = lazyre.compile(r"\b(Pipeline|make_pipeline|ColumnTransformer|make_column_transformer)\s*\(|"
                           r"tensorflow_transform|\btft\.|TFTransformOutput|transform_features_layer|"
                           r"preprocessing\.Normalization|keras\.layers\.(StringLookup|Normalization|TextVectorization)",
                           needs=("Pipeline", "make_pipeline", "ColumnTransformer", "make_column_transformer",
                                  "tensorflow_transform", "tft.", "TFTransformOutput", "transform_features_layer",
                                  "Normalization", "keras.layers."))


# hooks that serving frameworks call by these names: a same-named function is not a copy by its name alone
_GENERIC = frozenset({"preprocess", "postprocess", "predict", "transform", "load", "process", "handle", "run", "main",
                      "fit", "forward", "__init__", "__call__", "setup", "initialize", "inference", "explain"})


_DERIVE_NEEDLES = Needles("] =", "assign(")


_TABLE_CALL = lazyre.compile(r"\bread_\w+$|DataFrame$|\bconcat$|\bmerge$|\.copy$|\.assign$|\.drop$|\.pipe$|\.join$")
_TABLE_NAME = lazyre.compile(r"(?i)^(df|\w*_df|df_\w*|data|frame|table|train|test|valid|val|x|x_\w+|features)$")


def _is_frame_param(arg: ast.arg) -> bool:
    """A parameter annotated as a DataFrame."""
    return arg.annotation is not None and "DataFrame" in ast.unparse(arg.annotation)


def _base_name(node: ast.expr) -> str | None:
    """The variable an attribute or item chain starts from (``df`` of ``df["a"].str``)."""
    while isinstance(node, ast.Attribute | ast.Subscript | ast.Call):
        node = node.func if isinstance(node, ast.Call) else node.value
    return node.id if isinstance(node, ast.Name) else None


def _derived_columns(index: RepoIndex, path: str) -> dict[str, int | None]:
    """Feature columns a training file derives in plain code: ``df["tenure_years"] = df["tenure_months"] / 12``
    or ``df.assign(tenure_years=...)``, outside functions handed to a pipeline (``FunctionTransformer(f)``).
    The label is left out: a column given to ``fit`` as its second argument, taken as ``y = df[...]``,
    dropped or popped."""
    if not index.contains(path, _DERIVE_NEEDLES):
        return {}
    out: dict[str, int | None] = {}
    for src in index.python_sources([path]):
        passed = {a.id for n in src.call_nodes for a in (*n.args, *(k.value for k in n.keywords))
                  if isinstance(a, ast.Name)}
        packaged: set[int] = set()
        label: set[str] = set()
        # tables: names read with pandas or polars, built as a DataFrame, or named like one
        tables = {t.id for n in src.of_types(ast.Assign) if isinstance(n.value, ast.Call)
                  and _TABLE_CALL.search(ast.unparse(n.value.func)) for t in n.targets if isinstance(t, ast.Name)}
        tables |= {n.id for n in src.of_types(ast.Name) if _TABLE_NAME.match(n.id)}
        tables |= {n.arg for n in src.of_types(ast.arg) if _is_frame_param(n)}
        for n in src.of_types(ast.FunctionDef, ast.AsyncFunctionDef, ast.Call, ast.Assign):
            if isinstance(n, ast.FunctionDef | ast.AsyncFunctionDef) and n.name in passed:
                packaged |= {id(x) for x in ast.walk(n)}
            elif isinstance(n, ast.Call):
                last = n.func.attr if isinstance(n.func, ast.Attribute) else ""
                if last == "fit" and len(n.args) >= 2:
                    label |= {c.value for c in ast.walk(n.args[1]) if isinstance(c, ast.Constant)
                              and isinstance(c.value, str)}
                elif last in ("drop", "pop"):
                    label |= {c.value for c in ast.walk(n) if isinstance(c, ast.Constant) and isinstance(c.value, str)}
            elif isinstance(n, ast.Assign) and any(isinstance(t, ast.Name) and t.id.lower().startswith("y")
                                                   for t in n.targets):
                label |= {c.value for c in ast.walk(n.value) if isinstance(c, ast.Constant)
                          and isinstance(c.value, str)}
        for n in src.of_types(ast.Assign, ast.Call):
            if id(n) in packaged:
                continue
            if isinstance(n, ast.Assign) and len(n.targets) == 1 and isinstance(n.targets[0], ast.Subscript) \
                    and isinstance(n.targets[0].slice, ast.Constant) and isinstance(n.targets[0].slice.value, str) \
                    and not isinstance(n.value, ast.Constant) \
                    and any(isinstance(x, ast.Subscript | ast.Attribute) for x in ast.walk(n.value)):
                column = n.targets[0].slice.value
                frame = _base_name(n.targets[0].value)
                if frame not in tables or not any(isinstance(x, ast.Subscript | ast.Attribute)
                                            and _base_name(x.value) == frame for x in ast.walk(n.value)):
                    continue  # not computed from the same table's columns (`hyp["lr"] = opt.lr` sets a setting)
                read = {x.slice.value for x in ast.walk(n.value) if isinstance(x, ast.Subscript)
                        and isinstance(x.slice, ast.Constant) and isinstance(x.slice.value, str)}
                if read == {column}:
                    continue  # a raw column cleaned in place (`df["x"] = pd.to_numeric(df["x"])`): still that input
                out.setdefault(column, src.where(n.lineno)[0])
            elif isinstance(n, ast.Call) and isinstance(n.func, ast.Attribute) and n.func.attr == "assign":
                for k in n.keywords:
                    if k.arg and not isinstance(k.value, ast.Constant):
                        out.setdefault(k.arg, src.where(n.lineno)[0])
        for name in label:
            out.pop(name, None)
    return out


def _mentioned(index: RepoIndex, paths: set[str]) -> set[str]:
    """Names and short strings of serving code: a column it derives or receives appears among them."""
    out: set[str] = set()
    for src in index.python_sources(sorted(p for p in paths if p.endswith((".py", ".ipynb")))):
        for n in src.of_types(ast.Name, ast.Attribute, ast.arg, ast.keyword, ast.Constant):
            if isinstance(n, ast.Name):
                out.add(n.id)
            elif isinstance(n, ast.Attribute):
                out.add(n.attr)
            elif isinstance(n, ast.arg | ast.keyword) and n.arg:
                out.add(n.arg)
            elif isinstance(n, ast.Constant) and isinstance(n.value, str) and len(n.value) < 200:
                out.add(n.value)
    return out
def _project_of(ctx: Context, path: str) -> str:
    """The nested project (of the repository model) that holds ``path``; in a course or monorepo, a file
    outside every project root belongs to its top-level folder (a lesson); '' for the top level."""
    roots = [p.path for p in ctx.model.projects if path.startswith(p.path + "/")]
    if roots:
        return max(roots, key=len)
    return path.split("/", 1)[0] if ctx.model.kind in (COURSE, MONOREPO) and "/" in path else ""


_TFT_LAYER = Needles("transform_features_layer(")
_SIGNATURE = lazyre.compile(r"\bsignatures\s*=|\bget_concrete_function\(")


def _transform_in_signature(ctx: Context) -> str | None:
    """The module that exports a TensorFlow model whose serving signature applies the tf.Transform graph of
    training (`tft_output.transform_features_layer()` inside the function saved as a signature), in a
    repository that deploys a model (to a managed endpoint: no serving code of its own). None otherwise."""
    if not ctx.model.deployments:
        return None
    index = ctx.index
    for path in index.files:
        if path.endswith(".py") and not is_test_path(path) and index.contains(path, _TFT_LAYER) \
                and _SIGNATURE.search(index.text(path) or ""):
            return path
    return None


def train_serve_shared(ctx: Context) -> Outcome:
    from mlgate.inventory import BATCH, LIBRARY

    index = ctx.index
    # the serving code of the repository model that answers requests: online handlers and packaged model
    # wrappers (images are not code; a batch script that scores a file is judged by no one here, as the
    # corpus reads it); a library's serving code is its product
    handlers = [c for c in ctx.model.serving if c.path.endswith((".py", ".ipynb")) and c.mode != BATCH] \
        if ctx.model.kind != LIBRARY else []
    if not handlers:
        embedded = _transform_in_signature(ctx) if ctx.model.kind != LIBRARY else None
        if embedded is not None:
            return Outcome(Status.PASS, f"the deployed model serves through a signature that applies the training "
                           f"Transform graph ({embedded}), so serving runs training's feature code",
                           evidence=(embedded,), automated=True)
        return Outcome(Status.NOT_APPLICABLE, "a published library serves no model of its own (its serving code, "
                       "if any, is its product)" if ctx.model.kind == LIBRARY else "no serving code found")
    serving = sorted({h.path for h in handlers})
    features = [m for m in _features(ctx) if not m.notebook and m.path not in serving]
    # a module found only by a feature-named function is shared only when training imports it too (a serving
    # module's own `prepare_features` is not training's feature code)
    trained = {p for t in ctx.model.training_scripts for p in file_imports(index, t).modules}
    features = [m for m in features if not m.why.endswith(NAMED_WHY) or m.path in trained]
    feature_paths = {m.path for m in features}
    training = [t for t in ctx.model.training_scripts if t not in serving]
    findings: list[Finding] = []
    # serving copies of feature functions: same name or same body, not imported
    feature_defs = {m.path: _feature_defs(index, m) for m in features}
    shapes = {function_fingerprint(n): (p, name) for p, defs in feature_defs.items() for name, n in defs.items()
              if len(n.body) >= 2}
    names = {name: p for p, defs in feature_defs.items() for name in defs if not name.startswith("_")}
    for path in serving:
        imports = file_imports(index, path)
        for name, fingerprint, line in defined_shapes(index, path):
            by_name = name in names and name not in _GENERIC
            origin, real = (names[name], name) if by_name else shapes.get(fingerprint, (None, name))
            if origin and _project_of(ctx, origin) != _project_of(ctx, path):
                continue  # another project of a monorepo or course: its own copy is no skew
            if origin and (origin, real) not in imports.used and origin not in imports.modules:
                findings.append(Finding(
                    path, line, f"`{name}` re-implements feature code from {origin} for serving: the two "
                    "copies will drift apart and training/serving skew follows", key=f"serving copy {name}",
                    confidence=Confidence.MEDIUM,
                    remediation=f"Delete this copy and import the training implementation (`from "
                    f"{_dotted(origin)} import {real}`), or package preprocessing with "
                    "the model (an sklearn `Pipeline`)."))
    if findings:
        return Outcome(Status.FAIL, f"{len(findings)} feature function(s) re-implemented in serving code",
                       tuple(findings), tuple(serving))
    reached: set[str] = set()
    for path in serving:
        mods = file_imports(index, path).modules
        reached |= mods
        for m in list(mods):
            reached |= file_imports(index, m).modules if m.endswith(".py") else set()
    # columns training derives in its own code, which serving neither derives nor receives: whatever is
    # packaged or shared, serving does not run those transformations
    derived = {(name, t): line for t in training if t not in reached
               for name, line in _derived_columns(index, t).items()}
    if derived:
        known = _mentioned(index, set(serving) | reached)
        missing = sorted({(t, name, line) for (name, t), line in derived.items() if name not in known},
                         key=lambda x: (x[0], x[2] or 0))
        per_file: dict[str, int] = defaultdict(int)
        for t, _, _ in missing:
            per_file[t] += 1
        missing = [m for m in missing if per_file[m[0]] >= 2]  # one column alone may be anything
        if missing:
            h = handlers[0]
            t = missing[0][0]
            cols = [name for path, name, _ in missing if path == t]
            none = len(cols) == len([1 for (_, p) in derived if p == t])
            shown = ", ".join(f"`{c}`" for c in cols[:8]) + (f" and {len(cols) - 8} more" if len(cols) > 8 else "")
            return Outcome(Status.FAIL if none else Status.PARTIAL,
                           f"{t} derives {len(cols)} feature column(s) that serving never computes", findings=(
                Finding(h.path, h.line, f"{t} derives {shown} for training (line {missing[0][2]}), but the "
                        f"serving code ({', '.join(serving[:3])}) neither computes nor receives "
                        + ("any derived feature" if none else "these (it has the other derived columns)"),
                        level=Level.FAIL if none else Level.PARTIAL, key=f"serving lacks derived features {t}",
                        confidence=Confidence.MEDIUM,  # a client could send them precomputed
                        remediation=f"Move the derivations into a function that both {t} and serving call, or into "
                        "the model's pipeline (an sklearn `FunctionTransformer` step), so serving computes the "
                        "same columns."),), evidence=(*serving, t))
    shared = sorted(reached & feature_paths)
    if shared:
        return Outcome(Status.PASS, f"serving imports the feature code training uses ({shared[0]})",
                       evidence=(*serving, shared[0]), automated=True)
    packaged = [t for t in training if _PACKAGED.search(index.text(t) or "")]
    if packaged:
        return Outcome(Status.PASS, f"preprocessing is packaged with the model in training ({packaged[0]}), so "
                       "serving runs the same transformations", evidence=tuple(packaged), automated=True)
    feast = index.named("feature_store.yaml")
    if feast:
        return Outcome(Status.PARTIAL, f"a Feast feature store is configured ({feast[0]}), but reuse by both training "
                       "and serving cannot be shown from the code", findings=(
                           Finding(handlers[0].path, handlers[0].line, "serving does not visibly read features from "
                                   "the feature store that training uses", level=Level.PARTIAL, key="feast unproven",
                                   confidence=Confidence.LOW,
                                   remediation="Read serving features with `store.get_online_features(...)` from the "
                                   "same feature views that training reads with `get_historical_features`."),),
                       evidence=tuple(feast))
    if not features:
        return Outcome(Status.NOT_APPLICABLE, "no feature code found to share between training and serving")
    h = handlers[0]
    return Outcome(Status.PARTIAL, "serving does not import the feature code that training uses", findings=(
        Finding(h.path, h.line, f"`{h.name or h.path}` does not use the feature code ({features[0].path}); if "
                "serving builds its inputs another way, the two can compute different values", level=Level.PARTIAL,
                key="serving without feature code", scope=Scope.REPOSITORY, confidence=Confidence.MEDIUM,
                remediation=f"Build serving inputs with the training feature code (`from {_dotted(features[0].path)} "
                "import ...`), or save preprocessing inside the model with an sklearn `Pipeline`."),),
        evidence=tuple(serving))


RULES: dict[str, RuleFn] = {
    "feat-tests-in-ci": tests_in_ci,
    "feat-tests-exist": tests_exist,
    "feat-coverage": coverage,
    "feat-pipeline-integration": pipeline_integration,
    "feat-train-serve-shared": train_serve_shared,
}
