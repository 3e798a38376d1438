"""What CI runs, and on which events: GitHub Actions workflows, GitLab CI jobs, Azure Pipelines,
CircleCI and Jenkinsfiles, followed through Makefile targets, shell scripts, task runners and jobs
submitted to a cluster. One model, ``ci_jobs``: every rule that asks what CI runs reads it (the test runs
a job reaches, or every command it reaches through ``ci_reached``)."""

from __future__ import annotations

import ast
import functools
import re
import shlex
from collections.abc import Callable
from dataclasses import replace
from typing import Any

from mlgate import lazyre
from mlgate.records import dataclass
from mlgate.repo import Needles, RepoIndex, parent_dir, yaml_line

# Events that run a workflow on every change (a gate), and ones that only run it by hand or on a clock.
CHANGE_EVENTS = frozenset({"push", "pull_request", "pull_request_target", "merge_group"})
SCHEDULE_EVENTS = frozenset({"schedule"})

TEST_COMMAND = lazyre.compile(
    r"(?<![\w.-])(?:py\.test|pytest)(?![\w-])"
    r"|python[\d.]*\s+-m\s+(?:pytest|unittest)\b"
    r"|(?<![\w-])(?:tox|nox)(?:\s|$)"
    r"|\bhatch\s+(?:run\s+\S*test|test)\b"
    r"|\b(?:make|just|task|poe|invoke)\s+(?:\S+\s+)*?(?:test|tests|check|ci|unit|unittest)\b"
)


# a push to any branch, a pull request's included: `on: push` with no `branches:` (or with `branches-ignore:`) and
# no `tags:` (a push filtered by tags alone runs for tags only). Added beside "push" (CML's `on: [push]` trains
# and reports on every branch before it is merged)
PUSH_ANY_BRANCH = "push:any-branch"


def _github_triggers(doc: Any) -> frozenset[str]:
    on = None
    if isinstance(doc, dict):
        on = doc.get("on", doc.get(True))  # YAML 1.1 readers turn `on` into True
    if isinstance(on, str):
        return frozenset({on, PUSH_ANY_BRANCH} if on == "push" else {on})
    if isinstance(on, list):
        events = {str(x) for x in on}
        return frozenset(events | ({PUSH_ANY_BRANCH} if "push" in events else set()))
    if isinstance(on, dict):
        push = on.get("push", False)
        anywhere = push is None or (isinstance(push, dict) and (
            "branches-ignore" in push or not ({"branches", "tags", "tags-ignore"} & set(push))))
        return frozenset({str(k) for k in on} | ({PUSH_ANY_BRANCH} if anywhere else set()))
    return frozenset()


_EVENT_TERM = lazyre.compile(r"github\.event_name\s*==\s*'([\w-]+)'")
_ACTOR_TERM = lazyre.compile(r"github\.(?:triggering_)?actor\s*==\s*'[^']*'")


def _job_events(cond: Any) -> frozenset[str] | None:
    """The events a job's ``if:`` lets through when it is a disjunction of event-name tests and actor tests
    (``github.event_name == 'workflow_dispatch' || github.actor == 'studio[bot]'``: one actor's pushes are
    not every change); None for any other condition (read as no narrowing)."""
    if not isinstance(cond, str):
        return None
    text = cond.strip().removeprefix("${{").removesuffix("}}").strip()
    events: set[str] = set()
    for term in text.split("||"):
        term = term.strip().strip("()").strip()
        m = _EVENT_TERM.fullmatch(term)
        if m:
            events.add(m.group(1))
        elif _ACTOR_TERM.fullmatch(term) is None:
            return None
    return frozenset(events)


def github_job_triggers(jobs: dict[Any, Any], triggers: frozenset[str]) -> dict[str, frozenset[str]]:
    """Each job's triggers, narrowed by its own ``if:`` and by those of the jobs it ``needs`` (a job whose
    prerequisite is skipped is skipped too)."""
    own = {str(n): _job_events(j.get("if")) if isinstance(j, dict) else None for n, j in jobs.items()}

    def allowed(name: str, depth: int = 0) -> frozenset[str] | None:
        job = jobs.get(name)
        narrowed = own.get(name)
        needs = job.get("needs") if isinstance(job, dict) else None
        for dep in ([needs] if isinstance(needs, str) else needs if isinstance(needs, list) else []):
            if isinstance(dep, str) and dep in jobs and depth < 8:
                up = allowed(dep, depth + 1)
                if up is not None:
                    narrowed = up if narrowed is None else narrowed & up
        return narrowed

    out: dict[str, frozenset[str]] = {}
    for name in own:
        events = allowed(name)
        out[name] = triggers if events is None else triggers & events
    return out


_GITLAB_RESERVED = frozenset({"stages", "variables", "default", "include", "workflow", "image", "services",
                              "before_script", "after_script", "cache", "pages"})


def _azure_files(index: RepoIndex) -> list[str]:
    return index.memo("ci:azure-files", lambda: _find_azure_files(index))


def _find_azure_files(index: RepoIndex) -> list[str]:
    """Azure Pipelines definitions: by their usual names and folders, and, since Azure DevOps runs a pipeline from
    whatever path it is registered with, any YAML file written as one (sebastianbirk/pytorch-mlops-template-azure-ml
    keeps its CI pipeline, which runs pytest on every pull request, in ado_pipelines/ci_pipeline.yml)."""
    out = [p for p in index.files if p.rsplit("/", 1)[-1] in ("azure-pipelines.yml", "azure-pipelines.yaml")]
    for folder in (".azure-pipelines", ".pipelines", "azure-pipelines", ".azuredevops"):
        out += [p for p in index.under(folder) if p.endswith((".yml", ".yaml"))]
    known = set(out)
    from mlgate.facts.python import is_test_path

    for path in index.with_suffix(".yml", ".yaml"):
        if path in known or path.startswith((".github/", ".gitlab/")) or is_test_path(path) \
                or not index.contains(path, _AZURE_NEEDLES) or _AZURE_STEP.search(index.text(path) or "") is None:
            continue
        if any(_azure_shaped(doc) for doc in index.yaml(path)):
            out.append(path)
    return sorted(set(out))


# a step only Azure Pipelines writes so (`- task: PublishTestResults@2`, `- bash: ...` beside `displayName:`), and
# its run of stages or jobs as a list (`- stage: Test`, `- job: Unit`): a GitHub workflow's jobs are a mapping, a
# GitLab pipeline's stages a list of names
_AZURE_NEEDLES = Needles("task:", "bash:", "script:", "pwsh:", "powershell:")
_AZURE_STEP = lazyre.compile(r"(?m)^[ \t]*-[ \t]+(?:task:[ \t]*[\w.-]+@\d+|(?:bash|pwsh|powershell):)")


def _azure_shaped(doc: Any) -> bool:
    """Whether a YAML document is an Azure Pipelines pipeline: a trigger, pr, schedule or pool at its top (a
    template included by another has none), and stages, jobs or steps as Azure lists them."""
    if not isinstance(doc, dict) or not any(k in doc for k in ("trigger", "pr", "schedules", "pool")):
        return False
    stages, jobs, steps = doc.get("stages"), doc.get("jobs"), doc.get("steps")
    if isinstance(stages, list):
        return any(isinstance(s, dict) and "stage" in s for s in stages)
    if isinstance(jobs, list):
        return any(isinstance(j, dict) and ("job" in j or "deployment" in j) for j in jobs)
    return isinstance(steps, list) and any(isinstance(s, dict) and ("task" in s or "bash" in s) for s in steps)


def _azure_triggers(doc: dict[str, Any]) -> frozenset[str]:
    # Azure runs a pipeline on every push and (for GitHub repositories) every PR unless told `none`
    out = set()
    if doc.get("trigger", "default") not in ("none", False, None):
        out.add("push")
    if doc.get("pr", "default") not in ("none", False, None):
        out.add("pull_request")
    if doc.get("schedules"):
        out.add("schedule")
    resources = doc.get("resources")
    pipes = resources.get("pipelines") if isinstance(resources, dict) else None
    if isinstance(pipes, list) and any(isinstance(p, dict) and p.get("trigger") not in (None, "none", False)
                                       for p in pipes):
        out.add("pipeline")  # runs when another pipeline (e.g. training CI) completes
    return frozenset(out) or frozenset({"manual"})


def _walk_steps(node: Any, depth: int = 0) -> list[Any]:
    """Every step mapping under any `steps:` list of a CI document (stages and jobs nest freely)."""
    if depth > 12:
        return []
    out: list[Any] = []
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "steps" and isinstance(value, list):
                out.extend(v for v in value if isinstance(v, dict))
            else:
                out.extend(_walk_steps(value, depth + 1))
    elif isinstance(node, list):
        for value in node:
            out.extend(_walk_steps(value, depth + 1))
    return out


def _circle_scheduled_jobs(doc: dict[str, Any]) -> set[str]:
    """Jobs that only scheduled workflows run."""
    on_push: set[str] = set()
    on_schedule: set[str] = set()
    workflows = doc.get("workflows")
    for wf in workflows.values() if isinstance(workflows, dict) else []:
        if not isinstance(wf, dict):
            continue
        names = set()
        for job in wf.get("jobs") or []:
            names.add(str(next(iter(job))) if isinstance(job, dict) and job else str(job))
        (on_schedule if wf.get("triggers") else on_push).update(names)
    return on_schedule - on_push


_JENKINS_STEP = lazyre.compile(r"""\b(sh|bat|powershell|pwsh)\s*\(?\s*(?:script\s*:\s*)?('''|\"\"\"|'|")(.*?)\2""",
                               re.S)


# CI services whose configuration mlgate recognises by its name but does not read (their jobs are not followed):
# a repository with one has CI, and whether it runs the tests is unknown, never "no CI configuration"
_UNREAD_CI = (
    (lazyre.compile(r"^\.travis\.ya?ml$"), "Travis CI"),
    (lazyre.compile(r"^bitbucket-pipelines\.ya?ml$"), "Bitbucket Pipelines"),
    (lazyre.compile(r"^\.drone\.ya?ml$"), "Drone"),
    (lazyre.compile(r"^\.woodpecker(?:\.ya?ml$|/[^/]+\.ya?ml$)"), "Woodpecker CI"),
    (lazyre.compile(r"^\.buildkite/[^/]+\.ya?ml$"), "Buildkite"),
    (lazyre.compile(r"^(?:\.?zuul\.ya?ml|\.?zuul\.d/[^/]+\.ya?ml)$"), "Zuul"),
    (lazyre.compile(r"^\.?appveyor\.ya?ml$"), "AppVeyor"),
    (lazyre.compile(r"^\.semaphore/[^/]+\.ya?ml$"), "Semaphore"),
    (lazyre.compile(r"^\.cirrus\.ya?ml$"), "Cirrus CI"),
    (lazyre.compile(r"^\.teamcity/[^/]+\.kts$"), "TeamCity"),
    (lazyre.compile(r"^(?:\.gitea|\.forgejo)/workflows/[^/]+\.ya?ml$"), "Gitea/Forgejo Actions"),
    # Wikimedia's PipelineLib (Jenkins, started by Zuul on every Gerrit change): its pipelines build Blubber
    # variants whose entrypoints run the tests (wikimedia/machinelearning-liftwing-inference-services)
    (lazyre.compile(r"^\.pipeline/config\.ya?ml$"), "Wikimedia PipelineLib"),
)


def unread_ci(index: RepoIndex) -> list[tuple[str, str]]:
    """(path, service) of CI configurations mlgate knows by name and does not read (``_UNREAD_CI``)."""
    return index.memo("ci:unread", lambda: [(p, name) for p in index.files if p[:1] in ".abz"
                                            for pattern, name in _UNREAD_CI if pattern.match(p)])


def ci_files(index: RepoIndex) -> list[str]:
    files = [p for p in index.under(".github/workflows") if p.endswith((".yml", ".yaml"))]
    files += [p for p in (".gitlab-ci.yml", ".circleci/config.yml") if index.exists(p)]
    return files + _azure_files(index) + _jenkins_files(index) + _codebuild_files(index) \
        + _cloudbuild_files(index)


# a CodeBuild project names its buildspec file (`buildspec = "test/test_buildspec.yml"` in Terraform,
# `BuildSpec:` in CloudFormation), so the name only has to say it is one: SageMaker project templates keep
# `codebuild-buildspec.yml` and `test/test_buildspec.yml`, aws-mlops-pipelines-terraform `modelbuild_buildspec.yml`
_BUILDSPEC = lazyre.compile(r"(^|/)[\w.-]*buildspec[\w.-]*\.ya?ml$", needs=("buildspec",))


def _codebuild_files(index: RepoIndex) -> list[str]:
    """AWS CodeBuild build specifications (`buildspec.yml`, `buildspec-test.yaml`, `codebuild-buildspec.yml`,
    `test/test_buildspec.yml`, anywhere): a YAML file whose name says buildspec (its jobs are read only from
    the `phases` of one)."""
    return [p for p in index.files if _BUILDSPEC.search(p)]


def mentions(command: str, path: str, cwd: str = "") -> bool:
    """Does a shell command, run in ``cwd``, run the Python file ``path`` (by path, or as `python -m module`)?"""
    stem = path.rsplit("/", 1)[-1].removesuffix(".py")
    if stem not in command:  # every way of naming the file below names its stem: the common answer, cheaply
        return False
    if path in command:
        return True
    if cwd and path.startswith(cwd + "/") and path[len(cwd) + 1:] in command:
        return True
    if "/" in path and re.search(r"(^|[\s;&(])(\./)?" + re.escape(path.rsplit("/", 1)[-1]) + r"\b", command) \
            and (cwd or "cd " in command):
        return True
    module = path[:-3].replace("/", ".") if path.endswith(".py") else None
    if module is None:
        return False
    return any(module == m or module.endswith("." + m) for m in re.findall(r"-m\s+([\w.]+)", command))


def runs_tests(command: str) -> bool:
    """Does a command look like it runs a test suite (`pytest`, `make test`, `tox`)? For commands that the
    CI model could not follow: ``job_may_run_tests``."""
    return TEST_COMMAND.search(command) is not None


# ====================================================================== CI jobs and what they really run
# The model of CI the rules judge: every CI job, and the test runs it reaches, followed statically through
# workflow steps, Makefile targets (prerequisites, `$(MAKE) target`, variables), shell scripts, task runners
# (tox, nox, just, mise, poe, invoke, hatch, pdm), `uv run` / `poetry run` wrappers, `[project.scripts]`, pre-commit
# hooks and cluster submissions (`sbatch job.sh`). Nothing is run or imported. A command that cannot be
# followed inside something named like a test task is kept as uncertainty (``Unfollowed``), not absence.


@dataclass(frozen=True)
class Link:
    """One step of a chain of evidence: where a command was read, and why it was followed there."""

    path: str
    line: int | None
    text: str
    why: str

    def where(self) -> str:
        return f"{self.path}:{self.line}" if self.line else self.path


@dataclass(frozen=True)
class Floor:
    """A coverage floor a command enforces (`--cov-fail-under=80`, `coverage report --fail-under $T`)."""

    raw: str  # as written: "80", "$THRESHOLD"
    value: float | None  # None: set, but its value is not known statically

    def describe(self) -> str:
        return f"{self.value:g}%" if self.value is not None else f"set from {self.raw}, value unknown"


@dataclass(frozen=True)
class TestRun:
    """A test runner that a CI job reaches, with what it runs and the chain that leads to it."""

    runner: str  # pytest | unittest | hatch-test
    command: str  # the runner's command line, variables resolved where they are known
    chain: tuple[Link, ...]
    paths: tuple[str, ...] = ()
    markers: str | None = None
    coverage: bool = False  # measures coverage (--cov, coverage run)
    floor: Floor | None = None
    cwd: str = ""  # the directory it runs in (``paths`` are relative to it)

    def chain_text(self) -> str:
        return " -> ".join([*(link.where() for link in self.chain), self.command])


@dataclass(frozen=True)
class Unfollowed:
    """A command mlgate could not follow to its end, in a place where it may run the tests."""

    command: str
    reason: str
    chain: tuple[Link, ...]

    def chain_text(self) -> str:
        return " -> ".join([*(link.where() for link in self.chain), self.command])


@dataclass(frozen=True)
class Reached:
    """A command a CI job reaches, with the chain that leads to it (for the inventory and for rules that
    look for a training run, a `dvc repro` or a deployment in CI)."""

    command: str
    chain: tuple[Link, ...]
    cwd: str = ""  # the directory it runs in, relative to the repository root

    @property
    def path(self) -> str:
        """The CI file of the step that starts the chain."""
        return self.chain[0].path if self.chain else ""

    @property
    def line(self) -> int | None:
        return self.chain[0].line if self.chain else None

    def chain_text(self) -> str:
        return " -> ".join([*(link.where() for link in self.chain), self.command])


MAX_REACHED = 500  # per job


@dataclass(frozen=True)
class CiJob:
    """One CI job (a GitHub Actions job, a GitLab job, an Azure pipeline, a CircleCI job, a Jenkinsfile)."""

    system: str
    path: str
    line: int | None
    name: str
    triggers: frozenset[str]
    tests: tuple[TestRun, ...] = ()
    unfollowed: tuple[Unfollowed, ...] = ()
    floors: tuple[tuple[Floor, tuple[Link, ...]], ...] = ()  # floors set by commands outside a test run
    commands: tuple[Reached, ...] = ()  # every simple command reached, in order (bounded)
    needs: tuple[str, ...] = ()  # the jobs of the same workflow file it runs after (GitHub Actions `needs:`)

    @property
    def on_change(self) -> bool:
        return bool(self.triggers & CHANGE_EVENTS)

    @property
    def scheduled(self) -> bool:
        return bool(self.triggers & SCHEDULE_EVENTS)


@dataclass(frozen=True)
class _Step:
    path: str
    line: int | None
    command: str
    env: tuple[tuple[str, str], ...]
    cwd: str | None = None
    why: str = "CI step"


@dataclass(frozen=True)
class _RawJob:
    system: str
    path: str
    line: int | None
    name: str
    triggers: frozenset[str]
    steps: tuple[_Step, ...]
    needs: tuple[str, ...] = ()  # the jobs of the same workflow it runs after (GitHub Actions `needs:`)


def _env_of(node: Any) -> dict[str, str]:
    """Literal variables of a CI `env:` / `variables:` / `environment:` node (mapping or Azure's list)."""
    out: dict[str, str] = {}
    if isinstance(node, dict):
        for k, v in node.items():
            if isinstance(v, (str, int, float)) and not isinstance(v, bool):
                out[str(k)] = str(v)
            elif isinstance(v, dict) and isinstance(v.get("value"), (str, int, float)):  # GitLab {value: ...}
                out[str(k)] = str(v["value"])
    elif isinstance(node, list):
        for item in node:
            if isinstance(item, dict) and isinstance(item.get("name"), str) \
                    and isinstance(item.get("value"), (str, int, float)):
                out[item["name"]] = str(item["value"])
    return out


def _merged(*envs: dict[str, str]) -> tuple[tuple[str, str], ...]:
    out: dict[str, str] = {}
    for e in envs:
        out.update(e)
    return tuple(sorted(out.items()))


def _called_workflows(index: RepoIndex, paths: list[str]) -> dict[str, frozenset[str]]:
    """Reusable workflows (`jobs.<id>.uses: ./.github/workflows/x.yml`) -> the events of their callers, and
    workflows chained by `workflow_run` -> the pushes and schedules of the workflows they follow, followed
    through up to three levels."""
    calls: dict[str, set[str]] = {}
    own: dict[str, frozenset[str]] = {}
    for path in paths:
        for doc in index.yaml(path):
            jobs = doc.get("jobs") if isinstance(doc, dict) else None
            own[path] = own.get(path, frozenset()) | _github_triggers(doc)
            for job in jobs.values() if isinstance(jobs, dict) else []:
                uses = job.get("uses") if isinstance(job, dict) else None
                if isinstance(uses, str) and uses.startswith("./.github/workflows/"):
                    calls.setdefault(path, set()).add(uses[2:].split("@", 1)[0])
    # `on: workflow_run: {workflows: [CI]}`: a workflow that runs when another completes (a deploy after the
    # tests, MLOpsGroup9/FrontShiftAI's `docker push` to Cloud Run) runs on that one's pushes and schedule. Not
    # on its pull requests: a workflow_run runs the default branch's workflow, and reports to no pull request
    named = {p: n for p in paths for doc in index.yaml(p) if isinstance(doc, dict)
             for n in [doc.get("name") if isinstance(doc.get("name"), str) else p]}
    for path in paths:
        for doc in index.yaml(path):
            on = doc.get("on", doc.get(True)) if isinstance(doc, dict) else None
            run = on.get("workflow_run") if isinstance(on, dict) else None
            upstream = run.get("workflows") if isinstance(run, dict) else None
            for name in [upstream] if isinstance(upstream, str) else upstream if isinstance(upstream, list) else []:
                for caller in (p for p, n in named.items() if n == name and p != path):
                    calls.setdefault(caller, set()).add(path)
    inherited: dict[str, set[str]] = {}
    for _ in range(3):
        for caller, callees in calls.items():
            events = set(own.get(caller, frozenset())) | inherited.get(caller, set())
            for callee in callees:
                chained = "workflow_run" in own.get(callee, frozenset())
                inherited.setdefault(callee, set()).update(
                    events & _CHAINED_EVENTS if chained else events - {"workflow_call"})
    return {k: frozenset(v) for k, v in inherited.items()}


_CHAINED_EVENTS = frozenset({"push", "schedule", "workflow_dispatch"})


# an action's input that holds a shell command the action runs: `pytest_command: coverage run -m pytest`
# (mosaicml/ci-testing's pytest-cpu action), `command:` (nick-fields/retry), `run:` (CodSpeed's action). Not
# `script:`, which is JavaScript for actions/github-script (lerobot's issue labeler matches /pytest/ in a regex)
_COMMAND_INPUT = lazyre.compile(r"(^|[-_])(command|cmd|run)s?($|[-_])", re.I)
_MATRIX_REF = lazyre.compile(r"\$\{\{\s*matrix\.([A-Za-z_][\w-]*)\s*\}\}")


def _matrix_values(job: dict[Any, Any]) -> dict[str, str]:
    """A job's matrix values of its first combination: the first of each key's list, and the keys of its first
    `include` entry (a command given by the matrix is the same kind of command in every combination)."""
    strategy = job.get("strategy")
    matrix = strategy.get("matrix") if isinstance(strategy, dict) else None
    out: dict[str, str] = {}
    if not isinstance(matrix, dict):
        return out
    for key, value in matrix.items():
        if isinstance(value, list) and value and isinstance(value[0], (str, int, float)) and key != "include":
            out[str(key)] = str(value[0])
    include = matrix.get("include")
    if isinstance(include, list) and include and isinstance(include[0], dict):
        for key, value in include[0].items():
            if isinstance(value, (str, int, float)):
                out.setdefault(str(key), str(value))
    return out


_MAX_MATRIX_VARIANTS = 16


def _matrix_choices(job: dict[Any, Any]) -> dict[str, list[str]]:
    """Every value each of a job's matrix keys takes: its list, and the values its `include` entries add."""
    strategy = job.get("strategy")
    matrix = strategy.get("matrix") if isinstance(strategy, dict) else None
    out: dict[str, list[str]] = {}
    if not isinstance(matrix, dict):
        return out
    entries: list[tuple[Any, Any]] = [(k, v) for k, v in matrix.items() if k not in ("include", "exclude")]
    include = matrix.get("include")
    for entry in include if isinstance(include, list) else []:
        if isinstance(entry, dict):
            entries += [(k, [v]) for k, v in entry.items()]
    for key, value in entries:
        if isinstance(value, list):
            for v in value:
                if isinstance(v, (str, int, float)) and str(v) not in out.setdefault(str(key), []):
                    out[str(key)].append(str(v))
    return out


def _matrix_variants(text: str, choices: dict[str, list[str]]) -> list[str]:
    """A `run:` step's command with the matrix values put in, one variant per value of the key that takes the
    most (`nox -s ${{ matrix.session }}-${{ matrix.python }}` runs `core_tests-3.9` in one combination and
    `tests-3.13` in another, dvclive's): every value of every referenced key appears in some variant, without
    the whole product of the combinations. A reference to a key the matrix does not list stays as it is."""
    keys = [k for k in dict.fromkeys(m.group(1) for m in _MATRIX_REF.finditer(text)) if choices.get(k)]
    if not keys:
        return [text]
    count = min(max(len(choices[k]) for k in keys), _MAX_MATRIX_VARIANTS)

    def value(i: int) -> Callable[[re.Match[str]], str]:
        return lambda m: vals[i % len(vals)] if (vals := choices.get(m.group(1))) else m.group(0)

    return list(dict.fromkeys(_MATRIX_REF.sub(value(i), text) for i in range(count)))


def _action_commands(path: str, step: dict[Any, Any], uses: str, env: tuple[tuple[str, str], ...],
                     matrix: dict[str, str]) -> list[_Step]:
    """The commands an action step is given to run (its `with:` inputs named like a command), with the job's
    matrix values put in: an action that runs the tests it is told to (``_COMMAND_INPUT``)."""
    inputs = step["with"]
    out = []
    for key, value in inputs.items():
        if isinstance(value, str) and _COMMAND_INPUT.search(str(key)):
            command = _MATRIX_REF.sub(lambda m: matrix.get(m.group(1), m.group(0)), value)
            out.append(_Step(path, yaml_line(inputs, key), command, env,
                             why=f"`{uses.split('@', 1)[0][:80]}` step's `{str(key)[:40]}` input"))
    return out


def _raw_github(index: RepoIndex) -> list[_RawJob]:
    out: list[_RawJob] = []
    paths = [p for p in index.under(".github/workflows") if p.endswith((".yml", ".yaml")) and p.count("/") == 2]
    inherited = _called_workflows(index, paths)
    for path in paths:
        for doc in index.yaml(path):
            jobs = doc.get("jobs") if isinstance(doc, dict) else None
            if not isinstance(jobs, dict):
                continue
            triggers = _github_triggers(doc) | inherited.get(path, frozenset())
            narrowed = github_job_triggers(jobs, triggers)
            wf_env = _env_of(doc.get("env"))
            for name, job in jobs.items():
                if not isinstance(job, dict):
                    continue
                job_env = _env_of(job.get("env"))
                defaults = job.get("defaults")
                run_defaults = defaults.get("run") if isinstance(defaults, dict) else None
                job_cwd = run_defaults.get("working-directory") if isinstance(run_defaults, dict) else None
                steps: list[_Step] = []
                choices = _matrix_choices(job)
                raw_steps = job.get("steps")
                for step in raw_steps if isinstance(raw_steps, list) else []:
                    if not isinstance(step, dict):
                        continue
                    env = _merged(wf_env, job_env, _env_of(step.get("env")))
                    if isinstance(step.get("run"), str):
                        cwd = step.get("working-directory") or job_cwd
                        steps += [_Step(path, yaml_line(step, "run"), command, env,
                                        str(cwd) if isinstance(cwd, str) else None)
                                  for command in _matrix_variants(step["run"], choices)]
                    elif isinstance(step.get("uses"), str) and step["uses"].startswith("pre-commit/action@"):
                        steps.append(_Step(path, yaml_line(step, "uses"), "pre-commit run --all-files", env,
                                           why="pre-commit/action step"))
                    elif isinstance(step.get("uses"), str) and isinstance(step.get("with"), dict):
                        steps += _action_commands(path, step, step["uses"], env, _matrix_values(job))
                needs = job.get("needs")
                out.append(_RawJob("github", path, yaml_line(jobs, name), str(name),
                                   narrowed.get(str(name), triggers), tuple(steps),
                                   tuple(str(n) for n in ([needs] if isinstance(needs, str) else needs
                                                          if isinstance(needs, list) else []))))
    return out


def _raw_gitlab(index: RepoIndex) -> list[_RawJob]:
    out: list[_RawJob] = []
    path = ".gitlab-ci.yml"
    if not index.exists(path):
        return out
    for doc in index.yaml(path):
        if not isinstance(doc, dict):
            continue
        top_env = _env_of(doc.get("variables"))
        for name, job in doc.items():
            if str(name).startswith(".") or name in _GITLAB_RESERVED or not isinstance(job, dict):
                continue
            env = _merged(top_env, _env_of(job.get("variables")))
            triggers = _gitlab_triggers(job)
            steps: list[_Step] = []
            for key in ("before_script", "script"):
                script = job.get(key)
                lines = [script] if isinstance(script, str) else script if isinstance(script, list) else []
                for i, cmd in enumerate(lines):
                    if isinstance(cmd, str):
                        line = yaml_line(script, i) if isinstance(script, list) else yaml_line(job, key)
                        steps.append(_Step(path, line, cmd, env))
            out.append(_RawJob("gitlab", path, yaml_line(doc, name), str(name), triggers, tuple(steps)))
    return out


_GITLAB_SCHEDULE = lazyre.compile(r"CI_PIPELINE_SOURCE\s*==\s*[\"']schedule[\"']")


def _gitlab_triggers(job: dict[Any, Any]) -> frozenset[str]:
    """When GitLab runs a job: by hand (`when: manual`), only in scheduled pipelines (`only: [schedules]`,
    or `rules:` whose every running rule is `if: $CI_PIPELINE_SOURCE == "schedule"`), on every push, or on
    pushes and schedules."""
    if job.get("when") == "manual":
        return frozenset({"manual"})
    only = job.get("only")
    refs = only.get("refs") if isinstance(only, dict) else only
    refs = [refs] if isinstance(refs, str) else refs if isinstance(refs, list) else []
    if refs and all(str(r) == "schedules" for r in refs):
        return frozenset({"schedule"})
    rules = job.get("rules")
    running = [r for r in rules if isinstance(r, dict) and r.get("when") != "never"] \
        if isinstance(rules, list) else []
    scheduled = [r for r in running if isinstance(r.get("if"), str) and _GITLAB_SCHEDULE.search(r["if"])]
    if scheduled and len(scheduled) == len(running):
        return frozenset({"schedule"})
    if scheduled or "schedules" in refs:
        return frozenset({"push", "schedule"})
    return frozenset({"push"})


_AZURE_MACRO = lazyre.compile(r"\$\(([A-Za-z_][\w.]*)\)")


def _azure_script(text: str) -> str:
    """An Azure Pipelines script as the shell gets it: Azure replaces its `$(name)` macros before the script
    runs, so they are variables, not command substitutions (read as `${name}`)."""
    return _AZURE_MACRO.sub(r"${\1}", text)


def _raw_azure(index: RepoIndex) -> list[_RawJob]:
    out: list[_RawJob] = []
    for path in _azure_files(index):
        for doc in index.yaml(path):
            if not isinstance(doc, dict):
                continue
            env = _merged(_env_of(doc.get("variables")))
            steps: list[_Step] = []
            for step in _walk_steps(doc):
                for key in ("script", "bash", "pwsh", "powershell"):
                    if isinstance(step.get(key), str):
                        steps.append(_Step(path, yaml_line(step, key), _azure_script(step[key]), env))
                inputs = step.get("inputs")
                if isinstance(step.get("task"), str) and isinstance(inputs, dict):
                    for key in ("script", "inlineScript"):
                        if isinstance(inputs.get(key), str):
                            steps.append(_Step(path, yaml_line(inputs, key), _azure_script(inputs[key]), env))
                    if isinstance(inputs.get("filePath"), str):
                        steps.append(_Step(path, yaml_line(inputs, "filePath"), f"bash {inputs['filePath']}", env))
            out.append(_RawJob("azure", path, 1, path, _azure_triggers(doc), tuple(steps)))
    return out


def _raw_circleci(index: RepoIndex) -> list[_RawJob]:
    out: list[_RawJob] = []
    path = ".circleci/config.yml"
    if not index.exists(path):
        return out
    for doc in index.yaml(path):
        if not isinstance(doc, dict):
            continue
        scheduled_only = _circle_scheduled_jobs(doc)
        jobs = doc.get("jobs")
        for name, job in jobs.items() if isinstance(jobs, dict) else []:
            if not isinstance(job, dict):
                continue
            env = _merged(_env_of(job.get("environment")))
            triggers = frozenset({"schedule"}) if name in scheduled_only else frozenset({"push"})
            steps: list[_Step] = []
            raw_steps = job.get("steps")
            for i, step in enumerate(raw_steps if isinstance(raw_steps, list) else []):
                cmd, line = None, yaml_line(raw_steps, i)
                if isinstance(step, str) and step.endswith("/test"):
                    cmd = "pytest"  # the python orb's test step
                elif isinstance(step, dict) and "run" in step:
                    run = step["run"]
                    cmd = run if isinstance(run, str) else (run.get("command") if isinstance(run, dict) else None)
                    line = yaml_line(run, "command") if isinstance(run, dict) else yaml_line(step, "run")
                elif isinstance(step, dict) and any(str(k).endswith("/test") for k in step):
                    cmd = "pytest"
                if isinstance(cmd, str):
                    steps.append(_Step(path, line, cmd, env))
            out.append(_RawJob("circleci", path, yaml_line(jobs, name), str(name), triggers, tuple(steps)))
    return out


def _raw_codebuild(index: RepoIndex) -> list[_RawJob]:
    """One job per buildspec: the commands of its phases in order. What starts a build (a CodePipeline
    source change, a webhook) is configured in AWS, not here: read as running on pushes."""
    out: list[_RawJob] = []
    for path in _codebuild_files(index):
        for doc in index.yaml(path):
            phases = doc.get("phases") if isinstance(doc, dict) else None
            if not isinstance(phases, dict):
                continue
            env_node = doc.get("env")
            env = _merged(_env_of(env_node.get("variables")) if isinstance(env_node, dict) else {})
            steps: list[_Step] = []
            for phase in ("install", "pre_build", "build", "post_build"):
                block = phases.get(phase)
                commands = block.get("commands") if isinstance(block, dict) else None
                for i, cmd in enumerate(commands if isinstance(commands, list) else []):
                    if isinstance(cmd, str):
                        steps.append(_Step(path, yaml_line(commands, i), cmd, env))
            out.append(_RawJob("codebuild", path, 1, path, frozenset({"push"}), tuple(steps)))
    return out


_CLOUDBUILD_NAME = lazyre.compile(r"(^|/)cloudbuild[\w.-]*\.ya?ml$", needs=("cloudbuild",))
_CLOUDBUILD_NEEDLES = Needles("cloud-builders", "entrypoint:", "args:")
_STEPS = Needles("steps:")  # answered by the pre-filter's one pass: most manifests have `args:` and no steps


def _top_level_key(text: str, key: str) -> bool:
    """Whether a line of ``text`` starts with ``key`` (as ``re.search("(?m)^" + key)`` answers, without trying
    the pattern at every line: 16 ms on a 1.5 MB manifest, 0.7 ms so)."""
    return text.startswith(key) or "\n" + key in text


def _cloudbuild_docs(index: RepoIndex) -> list[tuple[str, dict[str, Any]]]:
    """Google Cloud Build configurations: `cloudbuild.yaml` under any name that starts so, or a YAML file
    whose top level is a `steps:` list of steps named by their image (`name:`) with `args`, an
    `entrypoint` or a `script` (Drone's and Tekton's steps name an `image:` instead)."""

    def compute() -> list[tuple[str, dict[str, Any]]]:
        out: list[tuple[str, dict[str, Any]]] = []
        for path in index.files:
            if not path.endswith((".yaml", ".yml")) or path.startswith(".github/"):
                continue
            named = _CLOUDBUILD_NAME.search(path) is not None
            if not named:
                if not index.contains(path, _CLOUDBUILD_NEEDLES):
                    continue
                text = index.text(path) or ""  # read (and any notice of it given) as before
                if not (index.contains(path, _STEPS) and _top_level_key(text, "steps:")):
                    continue
            for doc in index.yaml(path):
                steps = doc.get("steps") if isinstance(doc, dict) else None
                if isinstance(steps, list) and steps and all(
                        isinstance(st, dict) and isinstance(st.get("name"), str) and "image" not in st
                        for st in steps) and any(k in st for st in steps for k in ("args", "entrypoint", "script")):
                    out.append((path, doc))
                    break
        return out

    return index.memo("ci-cloudbuild-docs", compute)


def _cloudbuild_files(index: RepoIndex) -> list[str]:
    return [path for path, _doc in _cloudbuild_docs(index)]


_GCLOUD_SUBMIT = Needles("builds submit", "builds triggers create")


def _cloudbuild_starts(index: RepoIndex) -> dict[str, frozenset[str]]:
    """How each Cloud Build configuration is started, as far as the repository says: `gcloud builds
    triggers create ... --build-config=PATH` runs it on pushes; `gcloud builds submit --config PATH` alone
    (in a notebook, a script, a README) runs it by hand. A configuration the repository never names is
    started by a trigger set up in Google Cloud: read as running on pushes, as a CodeBuild buildspec is."""
    files = _cloudbuild_files(index)
    if not files:
        return {}
    manual: set[str] = set()
    triggered: set[str] = set()
    for path in index.files:
        if not path.endswith((".ipynb", ".sh", ".md", ".py", ".txt", ".yaml", ".yml", "Makefile")) \
                or not index.contains(path, _GCLOUD_SUBMIT):
            continue
        text = index.text(path) or ""
        for m in re.finditer(r"gcloud\s+(?:beta\s+)?builds\s+(submit|triggers\s+create)\b[^\n]*", text):
            cfg = re.search(r"--(?:build-)?config[=\s]+[\"']?([\w./${}-]+)", m.group(0))
            if cfg is None:
                continue
            named = cfg.group(1).rsplit("/", 1)[-1]
            for f in files:
                if f == cfg.group(1).lstrip("./") or f.rsplit("/", 1)[-1] == named:
                    (manual if m.group(1) == "submit" else triggered).add(f)
    return {f: frozenset({"manual"}) for f in manual - triggered}


def _cloudbuild_command(step: dict[str, Any]) -> str | None:
    """A Cloud Build step as a shell command: its `script`, or its entrypoint (by default the builder's
    own command: `gcr.io/cloud-builders/docker` runs `docker`) followed by its `args`."""
    script = step.get("script")
    if isinstance(script, str):
        return str(script)
    raw = step.get("args")
    args = [str(a) for a in raw if isinstance(a, (str, int, float))] if isinstance(raw, list) else []
    given = step.get("entrypoint")
    entry = given if isinstance(given, str) else None
    if entry is None:
        image = str(step.get("name", ""))
        m = re.search(r"cloud-builders/([\w-]+)", image)
        entry = m.group(1) if m else None
    if entry in ("bash", "sh") and len(args) >= 2 and args[0] == "-c":
        return args[1]
    if entry is None:
        return None
    return " ".join([entry, *(shlex.quote(a) if re.search(r"\s", a) else a for a in args)])


def _raw_cloudbuild(index: RepoIndex) -> list[_RawJob]:
    """One job per Cloud Build configuration: its steps in order. A step's `dir` is taken as a folder of the
    repository when it is one (else the build's own clone of it, the repository root)."""
    out: list[_RawJob] = []
    starts = _cloudbuild_starts(index)
    for path, doc in _cloudbuild_docs(index):
        subs = doc.get("substitutions")
        build_env = {str(k): str(v) for k, v in subs.items()} if isinstance(subs, dict) else {}
        steps: list[_Step] = []
        for i, step in enumerate(doc["steps"]):
            cmd = _cloudbuild_command(step)
            if cmd is None:
                continue
            env_list = step.get("env")
            env = dict(build_env)
            for item in env_list if isinstance(env_list, list) else []:
                if isinstance(item, str) and "=" in item:
                    k, v = item.split("=", 1)
                    env[k] = v
            folder = step.get("dir")
            cwd = folder.strip("/") if isinstance(folder, str) and index.is_dir(folder.strip("/")) else None
            steps.append(_Step(path, yaml_line(doc["steps"], i), cmd, _merged(env), cwd))
        out.append(_RawJob("cloudbuild", path, 1, path, starts.get(path, frozenset({"push"})), tuple(steps)))
    return out


_JENKINS_ENV = lazyre.compile(r"""^\s*([A-Za-z_]\w*)\s*=\s*(['"])([^'"\n]*)\2\s*$""", re.M)


def _jenkins_files(index: RepoIndex) -> list[str]:
    """Jenkinsfiles: a pipeline job's Script Path names the file, and some name it in lower case
    (h2oai/h2ogpt's `ci/jenkinsfile`, which runs the tests through `make`)."""
    return index.named("Jenkinsfile", "jenkinsfile")


def _raw_jenkins(index: RepoIndex) -> list[_RawJob]:
    out: list[_RawJob] = []
    for path in _jenkins_files(index):
        text = index.text(path) or ""
        triggers = {"push"}
        if re.search(r"\btriggers\s*\{[^}]*\bcron\s*\(", text):
            triggers.add("schedule")
        env: dict[str, str] = {}
        for block in re.finditer(r"\benvironment\s*\{([^}]*)\}", text):
            env.update((m.group(1), m.group(3)) for m in _JENKINS_ENV.finditer(block.group(1)))
        steps = [_Step(path, text.count("\n", 0, m.start()) + 1, m.group(3), _merged(env))
                 for m in _JENKINS_STEP.finditer(text)]
        out.append(_RawJob("jenkins", path, 1, path, frozenset(triggers), tuple(steps)))
    return out


# ---------------------------------------------------------------------- reading shell commands
_TESTISH = lazyre.compile(r"(?:^|[-_:./\s])(?:tests?|unit|unittests?|pytest|check|ci|verify|cov|coverage)"
                          r"(?:$|[-_:.\s])", re.I)
# what a Python script could start tests with, other than pytest.main/unittest.main: a process, a runner
# imported or run by name, code executed dynamically
_MAY_START = lazyre.compile(r"\b(?:subprocess|os\.(?:system|popen|exec\w*|spawn\w*|posix_spawn\w*)|Popen|pytest|"
                            r"unittest|nose2?|tox|nox|doctest|runpy|import_module|__import__|exec|eval|invoke|"
                            r"plumbum|sh)\b")
# a command word that names tests (`run-tests`, `./gradlew test`), for commands mlgate does not know
_TEST_WORD = lazyre.compile(r"(?:^|[-_:./])(?:tests?|unittests?|pytest)(?:$|[-_:.])", re.I)
_TOOLS = frozenset({"ruff", "flake8", "black", "isort", "mypy", "pylint", "pyright", "bandit", "codespell",
                    "pydocstyle", "pycodestyle", "yamllint", "shellcheck", "mkdocs", "sphinx-build", "twine",
                    "docker", "docker-compose", "uv", "poetry", "pdm", "pipenv", "conda", "mamba", "npm", "yarn",
                    "pnpm", "node", "dvc", "jupyter", "nbstripout", "pip-compile", "pip-audit", "safety",
                    "interrogate", "vulture", "deptry", "autoflake", "pyupgrade", "prettier", "eslint", "hadolint",
                    "actionlint", "gh", "aws", "gcloud", "az", "kubectl", "helm", "terraform", "tar", "zip",
                    "unzip", "nvidia-smi", "which", "env", "date", "whoami", "uname", "df", "du", "free",
                    # test runners of other languages: they do not run the Python tests
                    "cargo", "go", "dotnet", "mvn", "gradle", "ctest", "swift", "flutter", "dart", "deno",
                    # security scanners: `snyk test --file=requirements.txt` and `snyk code test` scan
                    # dependencies and code for vulnerabilities, `trivy fs tests/` a folder; none runs a test
                    "snyk", "trivy", "grype", "semgrep", "checkov", "osv-scanner", "gitleaks", "trufflehog"})
_SEPARATORS = frozenset({";", "&&", "||", "|", "&", "|&", ";;", "(", ")"})
_REDIRECTS = frozenset({">", ">>", "<", ">&", "&>", "<<", "<<<", "&>>", ">|"})
_WRAPPERS = frozenset({"sudo", "time", "nice", "nohup", "xvfb-run", "stdbuf", "catchsegv", "exec", "command",
                       "eval"})
# the version part of a tool spec uvx and pipx run: `ruff@latest`, `mypy==1.11.2`, `black>=24`
_TOOL_VERSION = lazyre.compile(r"(?:@|[=<>~!]=|[<>]).*$")
_RUN_WRAPPERS = frozenset({"uv", "poetry", "pdm", "pipenv", "rye", "conda", "mamba", "micromamba", "pixi"})
_OPTS_WITH_VALUE = frozenset({"--with", "--extra", "--group", "-p", "--python", "-n", "--name", "--package",
                              "--env", "-e", "--directory", "--project", "--prefix", "--with-requirements",
                              "--index", "--only-group", "-C", "--manifest-path", "--environment"})
_QUIET = frozenset({"echo", "printf", "cd", "pushd", "popd", "mkdir", "rm", "cp", "mv", "ls", "cat", "export",
                    "set", "unset", "true", "false", "exit", "pip", "pip3", "source", ".", "if", "then", "fi",
                    "else", "elif", "for", "do", "done", "while", "[", "[[", "test", "shift", "trap", "chmod",
                    "touch", "ln", "wait", "return", "local", "declare", "git", "apt-get", "apt", "brew",
                    "curl", "wget", "tar", "sleep", "umask", "ulimit", "shopt", "case", "esac", "sed", "grep",
                    "find", "xargs", "tee", "head", "tail", "sort", "wc", "awk", "basename", "dirname"})
# package managers' install commands (`uv pip install -r requirements.txt pytest pytest-cov`, `poetry add --group
# dev pytest`, `conda install -y pytest`): the packages they name are installed, not run
_INSTALLERS = frozenset({*_RUN_WRAPPERS, "pipx"})
_INSTALL_VERBS = frozenset({"install", "add", "sync", "upgrade"})
# pdm's own commands, which win over a script of the same name (`pdm build` builds, whatever scripts say)
_PDM_COMMANDS = frozenset({"add", "build", "cache", "completion", "config", "export", "fix", "import", "info", "init",
                           "install", "list", "lock", "outdated", "publish", "py", "python", "remove", "run",
                           "search", "self", "show", "sync", "update", "use", "venv"})


def _installs(head: str, args: list[str]) -> bool:
    """A package manager installing packages: pytest among its words is a package (`uv pip install ...
    pytest`), not a run through a wrapper."""
    if head not in _INSTALLERS:
        return False
    verbs = [a for a in args if not a.startswith("-")][:2]
    return bool(verbs) and (verbs[0] in _INSTALL_VERBS or (verbs[0] == "pip" and verbs[1:] != []
                                                           and verbs[1] in _INSTALL_VERBS))


_VAR = lazyre.compile(r"\$\{([A-Za-z_]\w*)(?::?[-=]([^}]*))?\}|\$([A-Za-z_]\w*)")
_GH_EXPR = lazyre.compile(r"\$\{\{\s*([^}]*?)\s*\}\}")
_SCRIPT_SUFFIXES = (".sh", ".bash", ".zsh", ".ksh", ".sbatch", ".slurm", ".pbs", ".job", ".qsub", ".bsub", ".cmd")
_MAX_DEPTH = 8
# options of `anyscale job submit` that take no value
_ANYSCALE_FLAGS = frozenset({"--wait", "--no-wait", "--follow", "-v", "--verbose", "--help", "-h", "--json"})
_MAX_COMMANDS = 2_000


def _gh_expr(env: dict[str, str]) -> Callable[[re.Match[str]], str]:
    def repl(m: re.Match[str]) -> str:
        expr = m.group(1)
        if expr.strip() == "github.workspace":  # the checkout: the repository's root
            return "$GITHUB_WORKSPACE"
        ref = re.fullmatch(r"(env|vars|secrets|matrix|inputs)\.([A-Za-z_][\w-]*)", expr)
        if ref and ref.group(1) == "env" and ref.group(2) in env:
            return env[ref.group(2)]
        name = re.sub(r"\W", "_", ref.group(2) if ref else expr)[:40] or "EXPR"
        return f"${name}"

    return repl


def _substitute(text: str, env: dict[str, str]) -> str:
    """Shell variables replaced by their values where known (`${X:-80}` falls back to its default)."""
    if "$" not in text:  # both patterns start with `$`: most lines have none
        return text

    def repl(m: re.Match[str]) -> str:
        name = m.group(1) or m.group(3)
        if name in env:
            return env[name]
        if m.group(2) is not None and m.group(2) != "":
            return m.group(2)
        return m.group(0)

    return _VAR.sub(repl, _GH_EXPR.sub(_gh_expr(env), text))


def _logical_lines(text: str) -> list[tuple[int, str]]:
    """(0-based offset, line) of a script, with backslash continuations joined and comments dropped."""
    out: list[tuple[int, str]] = []
    pending, start = "", 0
    for i, raw in enumerate(text.split("\n")):
        line = raw.rstrip("\r")
        if not pending:
            start = i
            if line.lstrip().startswith("#"):
                continue
        if line.endswith("\\"):
            pending += line[:-1] + " "
            continue
        out.append((start, pending + line))
        pending = ""
    if pending:
        out.append((start, pending))
    return out


def _simple_commands(line: str) -> list[list[str]]:
    """The simple commands of one shell line, as word lists (separators, redirections and comments dropped)."""
    tokenised = _tokenised(line) if len(line) <= _KEPT_LINE else _tokenised.__wrapped__(line)
    return [list(words) for words in tokenised]


_KEPT_LINE = 4096  # longer lines are tokenised each time, not kept: the caches hold at most ~32 MB


@functools.lru_cache(maxsize=8192)
def _tokenised(line: str) -> tuple[tuple[str, ...], ...]:
    """``_simple_commands`` of a line, kept: a script is followed once per job and per caller that runs it
    (kserve: 17,000 lines tokenised, 2,600 distinct)."""
    if not any(ch in line for ch in "\"'\\`$#"):  # the common plain line: no quoting to honour
        tokens = _PLAIN_TOKEN.findall(line)
        return tuple(map(tuple, _split_tokens(tokens)))
    shell = _shell_tokens(line)
    return tuple(map(tuple, _split_tokens(line.split() if shell is None else shell)))


_PLAIN_TOKEN = lazyre.compile(r"[;&|()<>]+|[^\s;&|()<>]+")
# the pieces ``shlex.shlex(line, posix=True, punctuation_chars=";&|()<>")`` reads with ``whitespace_split``
# and "#" comments: blanks (shlex's four), a comment (to the end of its line), a run of operators, unquoted
# word characters, a single-quoted string, a double-quoted one (a backslash escapes anything: kept unless
# before `"` or `\`), an escaped character
_SHELL_PIECE = lazyre.compile(r"""([ \t\r\n]+)|(#[^\n]*)|([;&|()<>]+)|([^ \t\r\n#;&|()<>'"\\]+)|'([^']*)'"""
                              r'''|"((?:[^"\\]|\\.)*)"|\\(.)''', re.S)
_DQ_ESCAPE = lazyre.compile(r"\\(.)", re.S)


def _dq_unescape(m: re.Match[str]) -> str:
    return m.group(1) if m.group(1) in '"\\' else m.group(0)


def _shell_tokens(line: str) -> list[str] | None:
    """The tokens ``shlex`` gives for a line (posix, whitespace-split, ";&|()<>" as operators, "#" comments),
    read by one pattern rather than shlex's Python loop over each character (kserve's 2,600 distinct lines:
    ~0.1 s); None where shlex raises ValueError (an unclosed quote, a final backslash). The tests compare the
    two on generated lines."""
    tokens: list[str] = []
    word: list[str] = []
    quoted = False
    pos, end = 0, len(line)
    match = _SHELL_PIECE.match
    while pos < end:
        m = match(line, pos)
        if m is None:
            return None
        pos = m.end()
        kind = m.lastindex
        if kind == 4:
            word.append(m.group(4))
        elif kind == 1 or kind == 2 or kind == 3:  # a blank, a comment or an operator ends the word
            if word or quoted:
                tokens.append("".join(word))
                word, quoted = [], False
            if kind == 3:
                tokens.append(m.group(3))
        elif kind == 5:
            word.append(m.group(5))
            quoted = True
        elif kind == 6:
            text = m.group(6)
            word.append(_DQ_ESCAPE.sub(_dq_unescape, text) if "\\" in text else text)
            quoted = True
        else:
            word.append(m.group(7))
    if word or quoted:
        tokens.append("".join(word))
    return tokens
# patterns of every line and command followed (compiled once: re's own cache lookup cost more than the match)
_HEREDOC = lazyre.compile(r"<<-?\s*['\"]?([A-Za-z_]\w*)['\"]?")
_ENV_PREFIX = lazyre.compile(r"^[A-Za-z_]\w*=")
_PYTHON_EXE = lazyre.compile(r"python[\d.]*|py|python3?w?")
# a tool installed in a virtualenv the job made (`.venv/bin/pytest`, `venv/bin/python -m pytest`): the tool itself
_VENV_BIN = lazyre.compile(r"(?:\./)?(?:[\w.-]+/)*\.?(?:venv|virtualenv|env)[\w.-]*/(?:bin|Scripts)/([\w.+-]+)")
_NEEDS_QUOTES = lazyre.compile(r"[\s'\"]")


_REDIRECT_CHARS = frozenset("<>&|")


def _split_tokens(tokens: list[str]) -> list[list[str]]:
    out: list[list[str]] = []
    current: list[str] = []
    skip = False
    for tok in tokens:
        if skip:
            skip = False
            continue
        if tok in _SEPARATORS:
            if current:
                out.append(current)
            current = []
        elif tok in _REDIRECTS or (">" in tok and _REDIRECT_CHARS.issuperset(tok)):
            skip = True
            if current and current[-1].isdigit():
                current.pop()
        else:
            current.append(tok)
    if current:
        out.append(current)
    return out


_RUNNER_CALL = lazyre.compile(r"\bpytest\.main\s*\(|\bunittest\.main\s*\(|\bTextTestRunner\b|\bdefaultTestLoader\b")


def _runner_started(index: RepoIndex, path: str) -> tuple[int, str] | None:
    """(line, the call) where a Python file starts pytest or unittest itself, or None. Once per file: CI
    commands run the same few scripts many times (lerobot's workflows run its two console scripts 71 times,
    and searching the modules again each time was 4% of its scan)."""

    def compute() -> tuple[int, str] | None:
        text = index.text(path) or ""
        # searched only in a text that spells a match's literal part (the pattern tries every position)
        if "test.main" not in text and "TextTestRunner" not in text and "defaultTestLoader" not in text:
            return None
        m = _RUNNER_CALL.search(text)
        return None if m is None else (text.count("\n", 0, m.start()) + 1, m.group(0))

    return index.file_memo(path, "ci:runner-started", compute)


_UNSET_REASON = "\0unset"  # ``_Follower.reason`` before a followed script: did it set one?


@dataclass(frozen=True)
class _Followed:
    """What following a script file added to a follower, its chains without the caller's part: the same
    script called by another job or step with the same environment, directory, depth and cycle guard is
    replayed from it under the new caller's chain, not followed again (kserve's workflows call
    status-check.sh and setup-kserve.sh from ~100 jobs: 16,750 commands followed, 2,600 distinct)."""

    commands: int
    tests: tuple[TestRun, ...]
    unfollowed: tuple[Unfollowed, ...]
    floors: tuple[tuple[Floor, tuple[Link, ...]], ...]
    reached: tuple[Reached, ...]
    reason: str | None


class _Follower:
    """Follows the commands of one CI job; collects test runs, floors and what could not be followed.
    ``followed``: the script files followed so far by the followers of every job (``_Followed``)."""

    def __init__(self, index: RepoIndex, followed: dict[tuple[Any, ...], _Followed | None] | None = None) -> None:
        self.index = index
        self.followed: dict[tuple[Any, ...], _Followed | None] = {} if followed is None else followed
        self.tests: list[TestRun] = []
        self.unfollowed: list[Unfollowed] = []
        self.floors: list[tuple[Floor, tuple[Link, ...]]] = []
        self.count = 0
        self.active: set[tuple[str, str]] = set()  # (kind, name) being followed: no cycles
        self.reason: str | None = None  # why the last command could not be followed
        self.reached: list[Reached] = []  # all of them: the job keeps the first MAX_REACHED

    # ------------------------------------------------------------------ scripts and commands
    def script(self, text: str, path: str, first_line: int | None, why: str, chain: tuple[Link, ...],
               env: dict[str, str], cwd: str, testish: bool, depth: int, *, one_link: bool = False) -> bool:
        """Follow every command of a script; True when any test run was found."""
        before, before_unfollowed = len(self.tests), len(self.unfollowed)
        unknown: list[tuple[str, tuple[Link, ...], str]] = []
        env = dict(env)
        heredoc: str | None = None
        for offset, line in _logical_lines(text):
            if self.count > _MAX_COMMANDS:
                break
            if heredoc is not None:  # the body of `cmd <<EOF`: data, not commands
                if line.strip() == heredoc:
                    heredoc = None
                continue
            here_doc = _HEREDOC.search(line) if "<<" in line else None
            if here_doc:
                heredoc = here_doc.group(1)
            assign = _assignment(line)
            if assign is not None:
                env[assign[0]] = _substitute(assign[1], env)
                continue
            lineno = first_line + offset if first_line is not None and not one_link else first_line
            link = Link(path, lineno, line.strip()[:200], why)
            here = (*chain, link)
            for words in _simple_commands(_substitute(line, env)):
                self.count += 1
                if words and words[0] == "cd" and len(words) > 1:
                    cwd = _join(cwd, words[1])
                    continue
                self.reason = None
                self.reached.append(Reached(_quoted(words)[:300], here, cwd))
                if not self.command(words, here, env, cwd, depth):
                    unknown.append((_quoted(words), here, self.reason or f"`{words[0]}` is not a command mlgate "
                                    "can follow"))
        found = len(self.tests) > before
        if testish and not found and len(self.unfollowed) == before_unfollowed:
            for cmd, here, reason in unknown[:3]:
                self.unfollowed.append(Unfollowed(cmd, f"{why} runs `{cmd}`: {reason}", here))
        return found

    def command(self, words: list[str], chain: tuple[Link, ...], env: dict[str, str], cwd: str,
                depth: int) -> bool:
        """Follow one simple command. False when it is a command mlgate does not know (not quiet)."""
        words = list(words)
        while words and _ENV_PREFIX.match(words[0]):  # FOO=1 cmd
            name, _, value = words.pop(0).partition("=")
            env = {**env, name: value}
        while words and words[0] in _WRAPPERS | {"env", "timeout", "srun", "mpirun", "torchrun"}:
            head = words.pop(0)
            if head == "eval" and words:
                # `eval "$command"` runs the words it is given as a command line of their own (a script's
                # `command="python3 -m pytest --cov=cd4ml test"` arrives here as one quoted word)
                known = True
                for sub in _simple_commands(" ".join(words)):
                    known = self.command(sub, chain, env, cwd, depth + 1) and known
                return known
            while words and (words[0].startswith("-") or (head == "timeout" and re.match(r"^\d", words[0]))
                             or (head == "env" and "=" in words[0])):
                opt = words.pop(0)
                if head in ("srun", "mpirun") and opt in ("-n", "-N", "-p", "--partition", "-np", "-t") and words:
                    words.pop(0)
        if not words or depth > _MAX_DEPTH:
            return True
        head = words[0].rsplit("/", 1)[-1] if not words[0].startswith(".") else words[0]
        venv_tool = _VENV_BIN.fullmatch(words[0])
        if venv_tool and not self.index.exists(_join(cwd, words[0])):
            head = venv_tool.group(1)
        args = words[1:]
        if head in _RUN_WRAPPERS and args and args[0] in ("run", "exec"):
            rest = _skip_options(args[1:])
            if head == "pdm" and rest and self._pdm(rest, chain, env, cwd, depth):
                return True
            if head == "pixi" and rest and rest[0] in (table := _pixi_tasks(self.index)):
                return self._tasks("pixi", rest[:1], table, "pixi task", chain, env, cwd, depth,
                                   " ".join(["pixi", *args]))
            return self.command(rest, chain, env, cwd, depth) if rest else True
        if head == "pdm" and args and args[0] not in _PDM_COMMANDS and self._pdm(args, chain, env, cwd, depth):
            return True  # `pdm test-fast`: pdm runs a script named by its first word when no command has the name
        if head == "uvx" or (head == "pipx" and args[:1] == ["run"]):
            rest = _skip_options(args[1:] if head == "pipx" else args,
                                 with_value=_OPTS_WITH_VALUE | {"--from", "--spec"})
            if rest:  # the tool is named with the version to run: `uvx ruff@latest`, `uvx mypy==1.11.2`
                rest = [_TOOL_VERSION.sub("", rest[0]) or rest[0], *rest[1:]]
            return self.command(rest, chain, env, cwd, depth) if rest else True
        if head in ("pytest", "py.test"):
            self._test_run("pytest", words, args, chain, env, cwd=cwd)
            return True
        if _PYTHON_EXE.fullmatch(head):
            return self._python(args, chain, env, cwd, depth, head)
        if head == "coverage":
            return self._coverage(args, chain, env, cwd, depth)
        if head in ("make", "gmake", "$(MAKE)", "${MAKE}"):
            return self._make(args, chain, env, cwd, depth)
        if head == "tox":
            return self._tox(args, chain, env, depth)
        if head == "nox":
            return self._nox(args, chain, env, depth)
        if head == "just":
            return self._just(args, chain, env, cwd, depth)
        if head == "mise":
            return self._mise(args, chain, env, cwd, depth)
        if head == "poe":
            return self._poe(args, chain, env, cwd, depth)
        if head == "dvc" and (args[:1] == ["repro"] or args[:2] == ["exp", "run"]):
            return self._dvc_repro(args[1 if args[0] == "repro" else 2:], chain, env, cwd, depth)
        if head in ("invoke", "inv"):
            return self._invoke(args, chain, env, cwd, depth)
        if head == "hatch":
            return self._hatch(args, chain, env, cwd, depth)
        if head in ("bazel", "bazelisk") and args[:1] == ["test"]:
            build = self.index.named("BUILD", "BUILD.bazel")
            if any("py_test" in (self.index.text(b) or "") for b in build[:500]):
                self.tests.append(TestRun("bazel", _quoted(words)[:300], chain))
            return True
        if head == "pre-commit":
            return self._pre_commit(args, chain, env, cwd, depth)
        if head == "anyscale" and args[:2] in (["job", "submit"], ["jobs", "submit"]):
            return self._anyscale_job(args[2:], chain, env, cwd, depth)
        if head == "ray" and args[:2] == ["job", "submit"]:
            return self._ray_job(args[2:], chain, env, cwd, depth)
        if head in ("bash", "sh", "zsh", "source", ".", "sbatch", "qsub", "bsub"):
            opts = [a for a in args if a.startswith("-")]
            if head in ("bash", "sh", "zsh") and "-c" in opts:
                inner = args[args.index("-c") + 1] if args.index("-c") + 1 < len(args) else ""
                return self.script(inner, chain[-1].path, chain[-1].line, chain[-1].why, chain[:-1], env, cwd,
                                   False, depth + 1, one_link=True) or True
            wrap = next((a.split("=", 1)[1] for a in args if a.startswith("--wrap=")), None)
            if wrap is not None:
                return self.command(_simple_commands(wrap)[0] if _simple_commands(wrap) else [], chain, env,
                                    cwd, depth + 1)
            target = next((a for a in _skip_options(args) if not a.startswith("-")), None)
            if target is None:
                return True
            return self._script_file(target, chain, env, cwd, depth, ran_by=head)
        if words[0].startswith(("./", "../", "/")) or "/" in words[0]:
            return self._script_file(words[0], chain, env, cwd, depth, ran_by=None)
        if self._project_script(head, chain, env, cwd, depth):
            return True
        if head in _QUIET or _installs(head, args):
            return True
        # a runner reached through an unknown wrapper (`docker compose run app pytest -q`)
        for i, w in enumerate(words[1:], 1):
            if w in ("pytest", "py.test"):
                self._test_run("pytest", words[i:], words[i + 1:], chain, env, cwd=cwd)
                return True
            if w == "-m" and i + 1 < len(words) and words[i + 1] in ("pytest", "unittest"):
                self._test_run(words[i + 1], words[i + 1:], words[i + 2:], chain, env, cwd=cwd)
                return True
        if head in _TOOLS:
            return True
        if _TEST_WORD.search(head) or any(w in ("test", "tests", "unittest") for w in args):
            self.unfollowed.append(Unfollowed(" ".join(words)[:200], f"`{head}` is a command mlgate cannot follow",
                                              chain))
        return False

    # ------------------------------------------------------------------ runners
    def _test_run(self, runner: str, words: list[str], args: list[str], chain: tuple[Link, ...],
                  env: dict[str, str], coverage: bool = False, cwd: str = "") -> None:
        paths: list[str] = []
        markers = None
        floor = None
        cov = coverage
        i = 0
        while i < len(args):
            a = args[i]
            value = args[i + 1] if i + 1 < len(args) else None
            if a == "-m" and value is not None:
                markers, i = value, i + 2
                continue
            if a.startswith("--cov-fail-under"):
                raw = a.split("=", 1)[1] if "=" in a else (value or "")
                floor = _floor(raw)
                i += 1 if "=" in a else 2
                continue
            if a == "--cov" or a.startswith("--cov=") or a.startswith("--cov-report"):
                cov = True
            elif a in ("-k", "-c", "-p", "--rootdir", "-o", "--ignore", "--deselect", "-n", "--junitxml",
                       "--durations", "--maxfail", "--tb", "-W", "--timeout", "--basetemp", "--cov-config"):
                i += 2
                continue
            elif not a.startswith("-") and not a.startswith("$") and ("/" in a or a.endswith(".py")
                                                                    or self.index.exists(_join(cwd, a))
                                                                    or bool(self.index.under(_join(cwd, a)))):
                paths.append(a)
            i += 1
        self.tests.append(TestRun(runner, _quoted(words)[:300], chain, tuple(paths), markers, cov, floor, cwd))

    def _python(self, args: list[str], chain: tuple[Link, ...], env: dict[str, str], cwd: str,
                depth: int, exe: str = "python") -> bool:
        rest = [a for a in args]
        while rest and rest[0].startswith("-") and rest[0] != "-m":
            if rest[0] == "-c" and len(rest) > 1:  # python -c "import pytest; pytest.main([...])"
                m = re.search(r"\b(pytest|unittest)\.main\s*\(", rest[1])
                if m:
                    self.tests.append(TestRun(m.group(1), _quoted([exe, *args])[:300], chain))
                return True
            rest.pop(0)
        if len(rest) >= 2 and rest[0] == "-m":
            module, margs = rest[1], rest[2:]
            if module in ("pytest", "py.test"):
                self._test_run("pytest", [exe, "-m", *rest[1:]], margs, chain, env, cwd=cwd)
                return True
            if module == "unittest":
                self._test_run("unittest", [exe, "-m", *rest[1:]], margs, chain, env, cwd=cwd)
                return True
            if module in ("tox", "nox", "coverage", "pre_commit"):
                return self.command([module.replace("_", "-"), *margs], chain, env, cwd, depth)
            if module in ("pip", "build", "venv", "twine", "mypy", "ruff", "black", "flake8", "isort", "pylint"):
                return True
            from mlgate.facts.python import resolve_module

            path = resolve_module(self.index, module)
            return self._python_file(path, " ".join(["python", *args]), chain) if path else False
        if rest and rest[0].endswith(".py"):
            path = _locate(self.index, rest[0], cwd)
            if path is None:
                if _TESTISH.search(rest[0]):
                    self.unfollowed.append(Unfollowed(" ".join(["python", *args])[:200],
                                                      f"{rest[0]} is not in the repository", chain))
                return False
            return self._python_file(path, " ".join(["python", *args]), chain)
        return True

    def _python_file(self, path: str, command: str, chain: tuple[Link, ...]) -> bool:
        """A Python file a command runs: a test run when it starts pytest or unittest itself."""
        started = _runner_started(self.index, path)
        if started is None:
            from mlgate.facts.tests import is_test_file

            if is_test_file(path):  # a test file run as a script (`python tests/test_model.py`)
                self.tests.append(TestRun("python", command[:300], chain, (path,)))
                return True
            # a script named like a check that could start tests some way mlgate does not follow (a
            # subprocess, an imported runner) leaves the question open; one that can start nothing runs none
            if _TESTISH.search(path.rsplit("/", 1)[-1]) and _MAY_START.search(self.index.text(path) or ""):
                self.unfollowed.append(Unfollowed(command[:200], f"{path} starts no test runner mlgate can see",
                                                  chain))
            return True
        line, call = started
        runner = "pytest" if "pytest" in call else "unittest"
        self.tests.append(TestRun(runner, command[:300],
                                  (*chain, Link(path, line, call.strip(), f"{path} starts {runner}"))))
        return True

    def _coverage(self, args: list[str], chain: tuple[Link, ...], env: dict[str, str], cwd: str,
                  depth: int) -> bool:
        if args and args[0] == "run":
            rest = list(args[1:])
            while rest and rest[0].startswith("-") and rest[0] != "-m":
                opt = rest.pop(0)
                if opt in ("--rcfile", "--source", "--omit", "--include", "--context", "--data-file") and rest:
                    rest.pop(0)
            before = len(self.tests)
            if rest and rest[0] == "-m" and len(rest) > 1 and rest[1] in ("pytest", "unittest"):
                self._test_run(rest[1], ["coverage", *args], rest[2:], chain, env, coverage=True, cwd=cwd)
                return True
            ok = self._python(rest, chain, env, cwd, depth)
            self.tests[before:] = [TestRun(t.runner, t.command, t.chain, t.paths, t.markers, True, t.floor, t.cwd)
                                   for t in self.tests[before:]]
            return ok
        for i, a in enumerate(args):
            if a.startswith("--fail-under"):
                raw = a.split("=", 1)[1] if "=" in a else (args[i + 1] if i + 1 < len(args) else "")
                self.floors.append((_floor(raw), chain))
        return True

    def _script_file(self, name: str, chain: tuple[Link, ...], env: dict[str, str], cwd: str, depth: int,
                     ran_by: str | None) -> bool:
        path = _locate(self.index, name, cwd)
        if path is None:
            self.reason = f"{name} is not in the repository"
            if _TESTISH.search(name.rsplit("/", 1)[-1]) or any(_TESTISH.search(link.text) for link in chain[-1:]):
                self.unfollowed.append(Unfollowed(name, f"{name} is not in the repository", chain))
            return ran_by is not None and not _TESTISH.search(name)
        if path.endswith(".py"):
            return self._python_file(path, name, chain)
        base = path.rsplit("/", 1)[-1]
        if "." in base.lstrip(".") and not base.endswith(_SCRIPT_SUFFIXES):
            return True  # a data or configuration file given as an argument, not a script
        if ("file", path) in self.active:
            return True
        text = self.index.text(path)
        if text is None:
            return False
        if "dirname" in text:
            text = _own_folder(text, parent_dir(path))
        self.active.add(("file", path))
        try:
            why = f"script {path}" if ran_by not in ("sbatch", "qsub", "bsub") else f"cluster job {path}"
            key = (path, why, cwd, tuple(sorted(env.items())), depth, frozenset(self.active))
            done = self.followed.get(key)
            if done is not None and self.count + done.commands <= _MAX_COMMANDS:
                self._replay(done, chain)
            else:
                self._follow_file(key, text, path, why, chain, env, cwd, depth)
        finally:
            self.active.discard(("file", path))
        return True

    def _follow_file(self, key: tuple[Any, ...], text: str, path: str, why: str, chain: tuple[Link, ...],
                     env: dict[str, str], cwd: str, depth: int) -> None:
        """Follow a script file, and record what it added (``_Followed``) when the command and reached
        limits cut nothing: a replay then gives what following it again would."""
        count, reason = self.count, self.reason
        tests, unfollowed, floors, reached = len(self.tests), len(self.unfollowed), len(self.floors), len(self.reached)
        self.reason = _UNSET_REASON  # read by nothing before a command sets it (``script`` sets None first)
        self.script(text, path, 1, why, chain, env, cwd, bool(_TESTISH.search(path.rsplit("/", 1)[-1])), depth + 1)
        if self.reason == _UNSET_REASON:
            self.reason = reason
            set_reason: str | None = _UNSET_REASON
        else:
            set_reason = self.reason
        if key in self.followed:
            return
        n = len(chain)
        added: list[TestRun | Unfollowed | Reached] = [*self.tests[tests:], *self.unfollowed[unfollowed:],
                                                       *self.reached[reached:]]
        if self.count > _MAX_COMMANDS or any(item.chain[:n] != chain for item in added) \
                or any(c[:n] != chain for _f, c in self.floors[floors:]):
            self.followed[key] = None  # cut by a limit, or a chain that does not extend the caller's: not kept
            return
        self.followed[key] = _Followed(
            self.count - count,
            tuple(replace(t, chain=t.chain[n:]) for t in self.tests[tests:]),
            tuple(replace(u, chain=u.chain[n:]) for u in self.unfollowed[unfollowed:]),
            tuple((f, c[n:]) for f, c in self.floors[floors:]),
            tuple(replace(r, chain=r.chain[n:]) for r in self.reached[reached:]),
            set_reason)

    def _replay(self, done: _Followed, chain: tuple[Link, ...]) -> None:
        """Add what following a script file added (``_follow_file``), under the chain of this call."""
        self.count += done.commands
        self.tests += [replace(t, chain=chain + t.chain) for t in done.tests]
        self.unfollowed += [Unfollowed(u.command, u.reason, chain + u.chain) for u in done.unfollowed]
        self.floors += [(f, chain + c) for f, c in done.floors]
        self.reached += [Reached(r.command, chain + r.chain, r.cwd) for r in done.reached]
        if done.reason != _UNSET_REASON:
            self.reason = done.reason

    def _tasks(self, kind: str, names: list[str], table: dict[str, _Task], label: str, chain: tuple[Link, ...],
               env: dict[str, str], cwd: str, depth: int, invoked: str) -> bool:
        """Follow named tasks of a task runner (dependencies first)."""
        if not table:
            self.reason = f"no {label.split()[0]} configuration found"
            if any(_TESTISH.search(n) for n in names) or not names:
                self.unfollowed.append(Unfollowed(invoked, self.reason, chain))
            return False
        ok = True
        for name in names:
            task = table.get(name)
            if task is None:
                self.reason = f"no {label} `{name}` found"
                if _TESTISH.search(name):
                    self.unfollowed.append(Unfollowed(invoked, f"no {label} `{name}` found", chain))
                ok = False
                continue
            if (kind, name) in self.active:
                continue
            self.active.add((kind, name))
            try:
                if task.deps:
                    self._tasks(kind, list(task.deps), table, label, chain, env, cwd, depth + 1, invoked)
                why = f"{label} `{name}`"
                task_env = {**env, **dict(task.env)}
                if task.script_file is not None:
                    self._script_file(task.script_file, (*chain, Link(task.path, task.line, name, why)),
                                      task_env, task.cwd or cwd, depth + 1, ran_by="bash")
                for line, text in task.commands:
                    self.script(text, task.path, line, why, chain, task_env, task.cwd or cwd,
                                bool(_TESTISH.search(name)), depth + 1, one_link=True)
            finally:
                self.active.discard((kind, name))
        return ok

    def _make(self, args: list[str], chain: tuple[Link, ...], env: dict[str, str], cwd: str, depth: int) -> bool:
        directory, makefile, targets, overrides = cwd, None, [], {}
        i = 0
        while i < len(args):
            a = args[i]
            if a in ("-C", "--directory") and i + 1 < len(args):
                directory, i = _join(cwd, args[i + 1]), i + 2
                continue
            if a in ("-f", "--file", "--makefile") and i + 1 < len(args):
                makefile, i = args[i + 1], i + 2
                continue
            if a.startswith(("--directory=", "--file=")):
                key, value = a.split("=", 1)
                if key == "--file":
                    makefile = value
                else:
                    directory = _join(cwd, value)
            elif a.startswith("-C") and len(a) > 2:
                directory = _join(cwd, a[2:])
            elif re.match(r"^[A-Za-z_]\w*=", a):
                k, _, v = a.partition("=")
                overrides[k] = v
            elif not a.startswith("-") and not re.fullmatch(r"\d+", a):
                targets.append(a)
            i += 1
        path = None
        for cand in ([makefile] if makefile else ["GNUmakefile", "Makefile", "makefile"]):
            p = _join(directory, cand) if directory else cand
            if self.index.exists(p):
                path = p
                break
        mk = _makefile(self.index, path) if path else None
        invoked = " ".join(["make", *args])
        if mk is None:
            self.reason = "no Makefile found"
            if any(_TESTISH.search(t) for t in targets) or not targets:
                self.unfollowed.append(Unfollowed(invoked, "no Makefile found", chain))
            return False
        names = targets or ([mk.default] if mk.default else [])
        variables = {**env, **mk.variables, **overrides}
        table = {name: _Task(t.path or mk.path, t.line, tuple(t.deps),
                             tuple((ln, _make_vars(txt, variables)) for ln, txt in t.recipe), (), directory)
                 for name, t in mk.targets.items()}
        return self._tasks("make:" + mk.path, names, table, "Makefile target", chain, env, directory, depth, invoked)

    def _tox(self, args: list[str], chain: tuple[Link, ...], env: dict[str, str], depth: int) -> bool:
        envs: list[str] = []
        for i, a in enumerate(args):
            if a in ("-e", "--env") and i + 1 < len(args):
                envs.extend(e for e in args[i + 1].split(",") if e)
            elif a.startswith(("-e", "--env=")) and len(a) > 2 and a not in ("-e",):
                envs.extend(e for e in a.split("=", 1)[-1].removeprefix("-e").split(",") if e)
        tox = _tox_config(self.index)
        invoked = " ".join(["tox", *args])
        if tox is None:
            self.unfollowed.append(Unfollowed(invoked, "no tox configuration found", chain))
            return False
        if not envs or envs == ["ALL"]:
            envs = list(tox.env_list) or list(tox.envs) or ["testenv"]
        table: dict[str, _Task] = {}
        names = []
        for e in envs:
            task = tox.envs.get(e) or tox.envs.get(next((k for k in tox.envs if k in e.split("-")), ""), None) \
                or tox.base
            if task is not None:
                table[e] = task
                names.append(e)
        if not names:
            self.unfollowed.append(Unfollowed(invoked, "its tox environments have no commands", chain))
            return False
        return self._tasks("tox", names, table, "tox environment", chain, env, "", depth, invoked)

    def _nox(self, args: list[str], chain: tuple[Link, ...], env: dict[str, str], depth: int) -> bool:
        wanted: list[str] = []
        for i, a in enumerate(args):
            if a in ("-s", "--session", "--sessions", "-e") and i + 1 < len(args):
                wanted.extend(args[i + 1].split(","))
            elif a.startswith("--session="):
                wanted.append(a.split("=", 1)[1])
        sessions, default = _nox_sessions(self.index)
        invoked = " ".join(["nox", *args])
        if not sessions:
            self.unfollowed.append(Unfollowed(invoked, "no noxfile.py session found", chain))
            return False
        names = [re.split(r"[-(]", w, maxsplit=1)[0] if w not in sessions else w for w in wanted] \
            or list(default or sessions)
        return self._tasks("nox", names, sessions, "nox session", chain, env, "", depth, invoked)

    def _just(self, args: list[str], chain: tuple[Link, ...], env: dict[str, str], cwd: str, depth: int) -> bool:
        rest = _skip_options(args, with_value=frozenset({"-f", "--justfile", "-d", "--working-directory",
                                                         "--set"}))
        recipes, default = _justfile(self.index, cwd)
        names = [rest[0]] if rest else ([default] if default else [])
        return self._tasks("just", names, recipes, "just recipe", chain, env, cwd, depth, " ".join(["just", *args]))

    def _mise(self, args: list[str], chain: tuple[Link, ...], env: dict[str, str], cwd: str, depth: int) -> bool:
        rest = list(args)
        if rest[:2] == ["task", "run"] or rest[:2] == ["tasks", "run"]:
            rest = rest[2:]
        elif rest[:1] in (["run"], ["r"]):
            rest = rest[1:]
        elif rest[:1] in (["install"], ["use"], ["trust"], ["exec"], ["x"], ["activate"], ["settings"]):
            if rest[:1] in (["exec"], ["x"]) and "--" in rest:
                return self.command(rest[rest.index("--") + 1:], chain, env, cwd, depth)
            return True
        names = [a for a in _skip_options(rest) if a != ":::" and not a.startswith("-")][:1]
        return self._tasks("mise", names, _mise_tasks(self.index), "mise task", chain, env, cwd, depth,
                           " ".join(["mise", *args]))

    def _dvc_repro(self, args: list[str], chain: tuple[Link, ...], env: dict[str, str], cwd: str,
                   depth: int) -> bool:
        """`dvc repro [TARGET ...]` (and `dvc exp run`): the commands of the stages of the dvc.yaml in ``cwd``
        it reproduces, upstream stages first (a target `train` runs `prepare` before it); every stage when no
        target is given. CML's workflows train so on every push."""
        from mlgate.facts.dvc import pipelines

        targets = [a for a in _skip_options(args) if not a.startswith("-")]
        wanted = _join(cwd, "dvc.yaml")
        table: dict[str, _Task] = {}
        for pipe in pipelines(self.index):
            if pipe.path != wanted:
                continue
            made = {o.path: name for name, st in pipe.stages.items() for o in st.outs}
            for name, st in pipe.stages.items():
                if st.cmd:
                    ups = tuple(dict.fromkeys(made[d.path] for d in st.deps if made.get(d.path, name) != name))
                    table[name] = _Task(pipe.path, st.line, ups, ((st.line, st.cmd),),
                                        cwd=_join(pipe.folder, st.wdir) if st.wdir not in ("", ".") else pipe.folder)
        names = [t.rsplit(":", 1)[-1] for t in targets if not t.endswith("dvc.yaml")] or list(table)
        return self._tasks("dvc", names, table, "DVC stage", chain, env, cwd, depth, " ".join(["dvc", "repro", *args]))

    def _poe(self, args: list[str], chain: tuple[Link, ...], env: dict[str, str], cwd: str, depth: int) -> bool:
        names = [a for a in _skip_options(args) if not a.startswith("-")][:1]
        return self._tasks("poe", names, _poe_tasks(self.index), "poe task", chain, env, cwd, depth,
                           " ".join(["poe", *args]))

    def _invoke(self, args: list[str], chain: tuple[Link, ...], env: dict[str, str], cwd: str, depth: int) -> bool:
        names = [a for a in _skip_options(args, with_value=frozenset({"-c", "--collection", "-f", "--config",
                                                                      "-r", "--search-root"}))
                 if not a.startswith("-")]
        return self._tasks("invoke", names or [""], _invoke_tasks(self.index), "invoke task", chain, env, cwd,
                           depth, " ".join(["invoke", *args]))

    def _pdm(self, rest: list[str], chain: tuple[Link, ...], env: dict[str, str], cwd: str, depth: int) -> bool:
        table = _pdm_scripts(self.index)
        if rest[0] not in table:
            return False
        return self._tasks("pdm", rest[:1], table, "pdm script", chain, env, cwd, depth, " ".join(["pdm", "run",
                                                                                                     *rest]))

    def _hatch(self, args: list[str], chain: tuple[Link, ...], env: dict[str, str], cwd: str, depth: int) -> bool:
        if args[:1] == ["test"]:
            cov = "--cover" in args or "-c" in args
            self.tests.append(TestRun("pytest", " ".join(["hatch", *args]), chain, coverage=cov))
            return True
        if args[:1] != ["run"]:
            return True
        rest = list(args[1:])
        while rest and rest[0].startswith(("+", "-")):
            rest.pop(0)
        if not rest:
            return True
        env_name, _, script = rest[0].rpartition(":")
        scripts = _hatch_scripts(self.index, env_name or "default")
        if script in scripts:
            task = scripts[script]
            extra = _quoted(rest[1:])
            cmds = tuple((ln, _hatch_args(text, extra)) for ln, text in task.commands)
            table = {**scripts, script: _Task(task.path, task.line, task.deps, cmds, task.env, task.cwd)}
            return self._tasks("hatch", [script], table, "hatch script", chain, env, cwd, depth,
                               " ".join(["hatch", *args]))
        return self.command(rest if not env_name else [script, *rest[1:]], chain, env, cwd, depth)

    def _pre_commit(self, args: list[str], chain: tuple[Link, ...], env: dict[str, str], cwd: str,
                    depth: int) -> bool:
        if not args or args[0] != "run":
            return True
        ids = [a for a in _skip_options(args[1:], with_value=frozenset({"--hook-stage", "--from-ref", "--to-ref",
                                                                       "--files", "-c", "--config"}))
               if not a.startswith("-")]
        stage = args[args.index("--hook-stage") + 1] if "--hook-stage" in args[:-1] else None
        hooks = _pre_commit_hooks(self.index)
        table = {h: t for h, (t, stages) in hooks.items()
                 if (h in ids) or (not ids and (not stages or (stage or "pre-commit") in stages
                                                or (stage is None and "commit" in stages)))}
        if not table:
            return True
        return self._tasks("pre-commit", sorted(table), table, "pre-commit hook", chain, env, cwd, depth,
                           " ".join(["pre-commit", *args]))

    # ------------------------------------------------------------------ jobs submitted to a cluster
    def _entrypoint(self, words: list[str], chain: tuple[Link, ...], env: dict[str, str], cwd: str,
                    depth: int) -> bool:
        """The command a submitted job runs, given on the submitting command line after `--`."""
        self.reached.append(Reached(_quoted(words)[:300], chain, cwd))
        return self.command(words, chain, env, cwd, depth + 1)

    def _job_config(self, config: str, kind: str, override: list[str] | None, workdir: str | None,
                    chain: tuple[Link, ...], env: dict[str, str], cwd: str, depth: int) -> bool:
        """A job configuration file (Anyscale job YAML, a Ray runtime environment): its `entrypoint` runs in
        its working directory with its environment variables (the CI shell's variables stay behind)."""
        path = _locate(self.index, config, cwd)
        if path is None:  # the job may run the tests: uncertainty, not absence
            self.reason = f"the {kind} configuration {config} is not in the repository"
            self.unfollowed.append(Unfollowed(config, self.reason, chain))
            return False
        docs = self.index.yaml(path)
        doc = docs[0] if docs and isinstance(docs[0], dict) else {}
        runtime_node = doc.get("runtime_env")
        runtime: dict[Any, Any] = runtime_node if isinstance(runtime_node, dict) else {}
        job_env = {**_env_of(runtime.get("env_vars")), **_env_of(doc.get("env_vars"))}
        wd = workdir or next((w for w in (doc.get("working_dir"), runtime.get("working_dir"))
                              if isinstance(w, str)), None)
        job_cwd = _join(cwd, wd) if wd and "://" not in wd else cwd
        if override:
            return self._entrypoint(override, chain, job_env, job_cwd, depth)
        entry = doc.get("entrypoint")
        if not isinstance(entry, str) or not entry.strip():
            self.reason = f"{path} names no entrypoint"
            self.unfollowed.append(Unfollowed(config, self.reason, chain))
            return False
        self.script(entry, path, yaml_line(doc, "entrypoint"), f"{kind} {path}", chain, job_env, job_cwd,
                    bool(_TESTISH.search(path.rsplit("/", 1)[-1])), depth + 1, one_link=True)
        return True

    def _anyscale_job(self, args: list[str], chain: tuple[Link, ...], env: dict[str, str], cwd: str,
                      depth: int) -> bool:
        """`anyscale job submit [-f] job.yaml [-- cmd]` (and the older `anyscale jobs submit job.yaml`)."""
        split = args.index("--") if "--" in args else len(args)
        opts, entry = args[:split], args[split + 1:]
        config, workdir = None, None
        i = 0
        while i < len(opts):
            a = opts[i]
            key, eq, value = a.partition("=")
            if key in ("-f", "--config-file", "-w", "--working-dir") and (eq or i + 1 < len(opts)):
                if not eq:
                    value, i = opts[i + 1], i + 1
                if key in ("-f", "--config-file"):
                    config = value
                else:
                    workdir = value
            elif a.startswith("-") and not eq and a not in _ANYSCALE_FLAGS and i + 1 < len(opts):
                i += 1  # an option's value (`--name x`, `--compute-config cc.yaml`)
            elif not a.startswith("-") and a.endswith((".yaml", ".yml")) and config is None:
                config = a  # the positional job config of `anyscale job(s) submit job.yaml`
            i += 1
        if config is not None:
            return self._job_config(config, "Anyscale job", entry or None, workdir, chain, env, cwd, depth)
        if entry:
            return self._entrypoint(entry, chain, {}, _join(cwd, workdir) if workdir else cwd, depth)
        self.reason = "the Anyscale job names neither a config file nor an entrypoint"
        return False

    def _ray_job(self, args: list[str], chain: tuple[Link, ...], env: dict[str, str], cwd: str,
                 depth: int) -> bool:
        """`ray job submit [--working-dir d] [--runtime-env env.yaml] -- cmd`."""
        if "--" not in args:
            self.reason = "`ray job submit` without `--` before its entrypoint"
            return False
        split = args.index("--")
        opts, entry = args[:split], args[split + 1:]
        workdir = runtime = None
        for i, a in enumerate(opts):
            key, eq, value = a.partition("=")
            value = value if eq else (opts[i + 1] if i + 1 < len(opts) else "")
            if key == "--working-dir":
                workdir = value
            elif key == "--runtime-env":
                runtime = value
        if not entry:
            return True
        if runtime is not None and _locate(self.index, runtime, cwd) is not None:
            return self._job_config(runtime, "Ray job", entry, workdir, chain, env, cwd, depth)
        return self._entrypoint(entry, chain, {}, _join(cwd, workdir) if workdir else cwd, depth)

    def _project_script(self, head: str, chain: tuple[Link, ...], env: dict[str, str], cwd: str,
                        depth: int) -> bool:
        """A `[project.scripts]` console script whose module starts a test runner."""
        entry = _project_scripts(self.index).get(head)
        if entry is None:
            return False
        from mlgate.facts.python import resolve_module

        path = resolve_module(self.index, entry[0].split(":", 1)[0].strip())
        if path is None:
            return False
        return self._python_file(path, head, (*chain, Link("pyproject.toml", entry[1], f"{head} = {entry[0]}",
                                                           "[project.scripts]")))


def _hatch_args(text: str, extra: str) -> str:
    """A hatch script with `{args}` / `{args:default}` filled by the extra arguments (appended when absent)."""
    if "{args" in text:
        return re.sub(r"\{args(?::([^}]*))?\}", lambda m: extra or (m.group(1) or ""), text).strip()
    return f"{text} {extra}".strip()


def _assignment(line: str) -> tuple[str, str] | None:
    """`NAME=value` / `export NAME="a b"` alone on a line: (name, value). Kept per line, as ``_tokenised``."""
    return _kept_assignment(line) if len(line) <= _KEPT_LINE else _kept_assignment.__wrapped__(line)


@functools.lru_cache(maxsize=8192)
def _kept_assignment(line: str) -> tuple[str, str] | None:
    m = re.match(r"^\s*(?:export\s+)?([A-Za-z_]\w*)=(.*)$", line)
    if m is None:
        return None
    try:
        words = shlex.split(m.group(2), comments=True)
    except ValueError:
        return None
    if len(words) > 1:
        return None  # `FOO=1 cmd args`: a command with an environment, not an assignment
    return m.group(1), words[0] if words else ""


def _quoted(words: list[str]) -> str:
    import shlex

    return " ".join(shlex.quote(w) if _NEEDS_QUOTES.search(w) else w for w in words)


def _skip_options(args: list[str], with_value: frozenset[str] = _OPTS_WITH_VALUE) -> list[str]:
    rest = list(args)
    while rest and rest[0].startswith("-"):
        opt = rest.pop(0)
        if opt == "--":
            break
        if opt in with_value and rest:
            rest.pop(0)
    return rest


def _floor(raw: str) -> Floor:
    raw = raw.strip().strip("'\"")
    try:
        return Floor(raw, float(raw))
    except ValueError:
        return Floor(raw or "(empty)", None)


# the variables CI systems set to the checkout's directory: `cd "$GITHUB_WORKSPACE/contrib/pkg"` is from the root
_ROOT_VARS = lazyre.compile(r"(\$\{\{\s*github\.workspace\s*\}\}|\$\{?(GITHUB_WORKSPACE|CI_PROJECT_DIR|"
                            r"BUILD_SOURCESDIRECTORY|BUILD_REPOSITORY_LOCALPATH|CIRCLE_WORKING_DIRECTORY|"
                            r"CODEBUILD_SRC_DIR|WORKSPACE)\}?)(/|$)")


def _join(cwd: str, rel: str) -> str:
    rel = rel.strip("'\"")
    root = _ROOT_VARS.match(rel)
    if root:
        cwd, rel = "", rel[root.end():]
    if rel.startswith("/") or rel.startswith("$"):
        return cwd
    parts = [p for p in (cwd.split("/") if cwd else []) if p]
    for p in rel.split("/"):
        if p in ("", "."):
            continue
        if p == "..":
            if parts:
                parts.pop()
        else:
            parts.append(p)
    return "/".join(parts)


# a script's own folder: `$(dirname "$0")`, `$(dirname "${BASH_SOURCE[0]}")`, and the absolute form
# `$(cd "$(dirname "$0")" && pwd)` once the inner one is put in
_DIRNAME_SELF = lazyre.compile(r"""\$\(\s*dirname\s+(["']?)(?:\$0|\$\{0\}|\$\{?BASH_SOURCE(?:\[0\])?\}?)\1\s*\)"""
                               r"|`\s*dirname\s+[\"']?\$0[\"']?\s*`")
_CD_PWD = lazyre.compile(r"""\$\(\s*cd\s+(["']?)(\$GITHUB_WORKSPACE[\w./-]*)\1\s*(?:&&|;)\s*pwd(?:\s+-P)?\s*\)""")


def _own_folder(text: str, folder: str) -> str:
    """A script's text with the expressions for its own folder replaced by the folder, from the checkout's
    root (`$GITHUB_WORKSPACE/tests`, which ``_join`` and ``_locate`` read from the top whatever directory the
    script runs in): `source "$(dirname "$0")/common.sh"` (ignite's tests/run_cpu_tests.sh) sources
    tests/common.sh, `HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)` sets HERE to it, and
    `cd "$(dirname "$0")"` in a job already there stays there."""
    text = _DIRNAME_SELF.sub("$GITHUB_WORKSPACE" + ("/" + folder if folder else ""), text)
    return _CD_PWD.sub(lambda m: m.group(2), text)


def _locate(index: RepoIndex, name: str, cwd: str) -> str | None:
    """A repository file a command names: relative to the job's directory, the top, or a unique base name."""
    name = name.strip("'\"")
    root = _ROOT_VARS.match(name)
    if root:  # `$GITHUB_WORKSPACE/ci/run.sh`: from the checkout's root
        name, cwd = name[root.end():], ""
    if name.startswith("/") or "$" in name:
        return None
    for cand in (_join(cwd, name), _join("", name)):
        if cand and index.exists(cand):
            return cand
    base = name.rsplit("/", 1)[-1]
    hits = [f for f in index.named(base) if f.endswith("/" + name.lstrip("./"))]
    return hits[0] if len(hits) == 1 else None


# ---------------------------------------------------------------------- task runner configurations
@dataclass(frozen=True)
class _Task:
    path: str
    line: int | None
    deps: tuple[str, ...]
    commands: tuple[tuple[int | None, str], ...]  # (line, command)
    env: tuple[tuple[str, str], ...] = ()
    cwd: str | None = None
    script_file: str | None = None


@dataclass(frozen=True)
class _MakeTarget:
    line: int
    deps: tuple[str, ...]
    recipe: tuple[tuple[int, str], ...]
    path: str = ""  # the Makefile (or included file) that defines it


@dataclass(frozen=True)
class _Makefile:
    path: str
    targets: dict[str, _MakeTarget]
    variables: dict[str, str]
    default: str | None


_MAKE_ASSIGN = lazyre.compile(r"^\s*(?:override\s+|export\s+)?([A-Za-z_][\w.-]*)\s*(\?=|:::=|::=|:=|\+=|!=|=)\s*(.*)$")
_MAKE_RULE = lazyre.compile(r"^([^\t#=:][^:=]*?)\s*(::?)(?!=)\s*(.*)$")


_MAKE_FUNCTION = lazyre.compile(r"\$[({](?:if|or|and|shell|wildcard|patsubst|subst|foreach|addprefix|addsuffix|"
                                r"filter|filter-out|strip|sort|dir|notdir|abspath|realpath|call|eval|firstword|"
                                r"lastword|word|words|wordlist|info|warning|error|basename|suffix|join|origin|value)"
                                r"\s[^(){}]*[)}]")


def _make_vars(text: str, variables: dict[str, str]) -> str:
    """A recipe line with Makefile variables expanded; an undefined variable is empty, as make reads it, and
    make functions (`$(if ...)`, `$(shell ...)`) are dropped."""

    def repl(m: re.Match[str]) -> str:
        name = m.group(1) or m.group(2)
        if name == "MAKE":
            return "make"
        return variables.get(name, "")

    text = text.replace("$$", "\0")
    for _ in range(6):
        new = _MAKE_FUNCTION.sub("", re.sub(r"\$\(([A-Za-z_][\w.-]*)\)|\$\{([A-Za-z_][\w.-]*)\}", repl, text))
        if new == text:
            break
        text = new
    return text.replace("\0", "$")


def _makefile(index: RepoIndex, path: str) -> _Makefile:
    def compute() -> _Makefile:
        targets: dict[str, _MakeTarget] = {}
        variables: dict[str, str] = {}
        default: str | None = None
        files = [path]
        lines: list[tuple[str, int, str]] = []
        for f in files:
            for offset, line in _logical_lines("\n".join(index.lines(f))):
                if line.startswith("include ") or line.startswith("-include "):
                    inc = _join(parent_dir(f), line.split(None, 1)[1].strip())
                    if index.exists(inc) and inc not in files and len(files) < 5:
                        files.append(inc)
                    continue
                lines.append((f, offset + 1, line))
        current: list[tuple[int, str]] | None = None
        for f, lineno, line in lines:
            if line.startswith("\t"):
                if current is not None:
                    current.append((lineno, line.strip().lstrip("@-+ ")))
                continue
            if not line.strip():
                continue
            m = _MAKE_ASSIGN.match(line)
            if m:
                name, op, value = m.groups()
                if op == "?=":
                    variables.setdefault(name, value.strip())
                elif op == "+=":
                    variables[name] = (variables.get(name, "") + " " + value.strip()).strip()
                elif op != "!=":
                    variables[name] = value.strip()
                current = None
                continue
            r = _MAKE_RULE.match(line)
            if r:
                names = [n for n in r.group(1).split() if "%" not in n]
                deps_text = r.group(3).split("#")[0].split(";")[0].split("|")[0]
                if re.match(r"^\s*[A-Za-z_][\w.-]*\s*[:?+]?=", deps_text):  # target-specific variable
                    current = None
                    continue
                deps = tuple(d for d in _make_vars(deps_text, variables).split() if re.match(r"^[\w./-]+$", d))
                current = []
                for name in names:
                    if name == ".DEFAULT_GOAL":
                        continue
                    if default is None and not name.startswith("."):
                        default = name
                    old = targets.get(name)
                    if old is None or not old.recipe:
                        targets[name] = _MakeTarget(lineno, deps + (old.deps if old else ()), (), f)
                if names:
                    target_names = [n for n in names if not n.startswith(".")]
                    first = target_names[0] if target_names else None
                    if first is not None:
                        recipe: list[tuple[int, str]] = []
                        current = recipe
                        _pending.append((target_names, recipe, f, lineno))
                continue
            current = None
        for names, recipe, where, at in _pending:
            for n in names:
                t = targets[n]
                if recipe and not t.recipe:  # the rule with the recipe is where the target is defined
                    targets[n] = _MakeTarget(at, t.deps, tuple(recipe), where)
        _pending.clear()
        goal = re.search(r"^\.DEFAULT_GOAL\s*:?=\s*(\S+)", "\n".join(x[2] for x in lines), re.M)
        return _Makefile(path, targets, variables, goal.group(1) if goal else default)

    _pending: list[tuple[list[str], list[tuple[int, str]], str, int]] = []
    return index.memo(f"ci-model-makefile:{path}", compute)


@dataclass(frozen=True)
class _Tox:
    envs: dict[str, _Task]
    base: _Task | None
    env_list: tuple[str, ...]


def _tox_subst(cmd: str) -> str:
    cmd = re.sub(r"\{posargs(?::([^}]*))?\}", lambda m: m.group(1) or "", cmd)
    cmd = re.sub(r"\{(?:toxinidir|tox_root)\}", ".", cmd)
    cmd = re.sub(r"\{env(?:_)?python\}", "python", cmd)
    cmd = re.sub(r"^\s*-\s+", "", cmd)
    return re.sub(r"^[\w,!{}.-]+:\s+(?=\S)", "", cmd)  # factor-conditional `py311: pytest`


def _tox_config(index: RepoIndex) -> _Tox | None:
    def compute() -> _Tox | None:
        for path in ("tox.ini", "setup.cfg"):
            if index.exists(path):
                parsed = _tox_ini(index.lines(path), path)
                if parsed is not None:
                    return parsed
        for path in ("tox.toml", "pyproject.toml"):
            if not index.exists(path):
                continue
            data = index.toml(path) or {}
            tool = data.get("tool")
            tox = tool.get("tox") if path == "pyproject.toml" and isinstance(tool, dict) else data
            if path == "tox.toml" or isinstance(tox, dict):
                if not isinstance(tox, dict):
                    continue
                if isinstance(tox.get("legacy_tox_ini"), str):
                    return _tox_ini(tox["legacy_tox_ini"].split("\n"), path)
                lines = index.lines(path)

                def task(node: Any, lines: list[str] = lines, path: str = path) -> _Task | None:
                    cmds = node.get("commands") if isinstance(node, dict) else None
                    if not isinstance(cmds, list):
                        return None
                    out = []
                    for cmd in cmds:
                        if isinstance(cmd, list):
                            words = [str(c) if not isinstance(c, dict) else "" for c in cmd]
                            text = _tox_subst(" ".join(w for w in words if w))
                            first = words[0] if words else ""
                            line = next((i for i, ln in enumerate(lines, 1) if first and f'"{first}"' in ln), None)
                            out.append((line, text))
                    setenv = node.get("set_env") if isinstance(node, dict) else None
                    env = tuple((str(k), str(v)) for k, v in setenv.items()) if isinstance(setenv, dict) else ()
                    return _Task(path, None, (), tuple(out), env)

                envs_node = tox.get("env")
                if not isinstance(envs_node, dict):
                    envs_node = {}
                envs = {str(k): t for k, v in envs_node.items() if (t := task(v)) is not None}
                env_list = tox.get("env_list") or tox.get("envlist") or []
                return _Tox(envs, task(tox.get("env_run_base")),
                            tuple(str(e) for e in env_list) if isinstance(env_list, list) else ())
        return None

    return index.memo("ci-model-tox", compute)


def _tox_ini(lines: list[str], path: str) -> _Tox | None:
    sections: dict[str, dict[str, tuple[int, list[tuple[int, str]]]]] = {}
    section = ""
    key: str | None = None
    for lineno, raw in enumerate(lines, 1):
        header = re.match(r"^\s*\[([^\]]+)\]", raw)
        if header:
            section, key = header.group(1).strip(), None
            sections.setdefault(section, {})
            continue
        if raw.strip().startswith(("#", ";")) or not raw.strip():
            continue
        m = re.match(r"^([A-Za-z_][\w-]*)\s*[=:]\s*(.*)$", raw)
        if m and not raw[:1].isspace():
            key = m.group(1)
            values = [(lineno, m.group(2).strip())] if m.group(2).strip() else []
            sections.setdefault(section, {})[key] = (lineno, values)
        elif key is not None and raw[:1].isspace():
            sections[section][key][1].append((lineno, raw.strip()))
    if not any(s == "tox" or s.startswith(("testenv", "tox:")) for s in sections):
        return None

    def task(name: str) -> _Task | None:
        body = sections.get(name, {})
        if "commands" not in body:
            return None
        cmds: list[tuple[int | None, str]] = []
        pending = ""
        for ln, text in body["commands"][1]:
            if text.endswith("\\"):
                pending += text[:-1] + " "
                continue
            cmds.append((ln, _tox_subst(pending + text)))
            pending = ""
        env: list[tuple[str, str]] = []
        for _ln, text in body.get("setenv", body.get("set_env", (0, [])))[1]:
            k, sep, v = text.partition("=")
            if sep:
                env.append((k.strip(), v.strip()))
        return _Task(path, body["commands"][0], (), tuple(cmds), tuple(env))

    envs = {s.split(":", 1)[1]: t for s in sections if s.startswith("testenv:") and (t := task(s)) is not None}
    tox_section = sections.get("tox", sections.get("tox:tox", {}))
    listed = tox_section.get("envlist") or tox_section.get("env_list")
    env_list: tuple[str, ...] = ()
    if listed:
        words = " ".join(v for _, v in listed[1]).replace(",", " ").split()
        if not any("{" in w for w in words):
            env_list = tuple(words)
    return _Tox(envs, task("testenv"), env_list)


def _nox_sessions(index: RepoIndex) -> tuple[dict[str, _Task], tuple[str, ...]]:
    def compute() -> tuple[dict[str, _Task], tuple[str, ...]]:
        out: dict[str, _Task] = {}
        default: tuple[str, ...] = ()
        src = index.python("noxfile.py") if index.exists("noxfile.py") else None
        if src is None:
            return out, default
        for node in src.tree.body:
            if isinstance(node, ast.Assign) and isinstance(node.value, (ast.List, ast.Tuple)) \
                    and any(isinstance(t, ast.Attribute) and t.attr == "sessions" for t in node.targets):
                default = tuple(e.value for e in node.value.elts
                                if isinstance(e, ast.Constant) and isinstance(e.value, str))
            if not isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
                continue
            names = []
            for dec in node.decorator_list:
                call = dec if isinstance(dec, ast.Call) else None
                target = call.func if call else dec
                label = target.attr if isinstance(target, ast.Attribute) else \
                    target.id if isinstance(target, ast.Name) else ""
                if label != "session":
                    continue
                name = node.name
                for kw in call.keywords if call else []:
                    if kw.arg == "name" and isinstance(kw.value, ast.Constant) and isinstance(kw.value.value, str):
                        name = kw.value.value
                names.append(name)
            if not names:
                continue
            cmds: list[tuple[int | None, str]] = []
            for sub in ast.walk(node):
                if isinstance(sub, ast.Call) and isinstance(sub.func, ast.Attribute) \
                        and sub.func.attr in ("run", "run_always", "run_install"):
                    words = [a.value if isinstance(a, ast.Constant) and isinstance(a.value, str)
                             else "" if isinstance(a, ast.Starred) else "..." for a in sub.args]
                    if words and words[0] and words[0] != "...":
                        import shlex

                        cmds.append((sub.lineno, " ".join(shlex.quote(w) if " " in w else w for w in words if w)))
            for name in names:
                out[name] = _Task("noxfile.py", node.lineno, (), tuple(cmds))
        return out, default

    return index.memo("ci-model-nox", compute)


def _justfile(index: RepoIndex, cwd: str) -> tuple[dict[str, _Task], str | None]:
    path = next((p for d in ([cwd] if cwd else []) + [""] for n in ("justfile", "Justfile", ".justfile")
                 if index.exists(p := _join(d, n))), None)
    if path is None:
        return {}, None

    def compute() -> tuple[dict[str, _Task], str | None]:
        recipes: dict[str, _Task] = {}
        variables: dict[str, str] = {}
        aliases: dict[str, str] = {}
        default = None
        name: str | None = None
        header = (0, ())
        body: list[tuple[int | None, str]] = []

        def close() -> None:
            if name is not None:
                recipes[name] = _Task(path, header[0], header[1], tuple(body))

        for lineno, line in enumerate(index.lines(path), 1):
            if line[:1] in (" ", "\t"):
                if name is not None and line.strip() and not line.strip().startswith("#"):
                    text = re.sub(r"\{\{\s*([A-Za-z_]\w*)\s*\}\}", lambda m: variables.get(m.group(1), m.group(0)),
                                  line.strip().lstrip("@-"))
                    body.append((lineno, text))
                continue
            if not line.strip() or line.startswith("#"):
                continue
            a = re.match(r"^alias\s+([\w-]+)\s*:=\s*([\w-]+)", line)
            v = re.match(r"^(?:export\s+)?([A-Za-z_]\w*)\s*:=\s*(['\"])(.*)\2\s*$", line)
            r = re.match(r"^@?([A-Za-z_][\w-]*)(?:\s+[^:]*)?:(?!=)\s*(.*)$", line)
            close()
            name, body = None, []
            if a:
                aliases[a.group(1)] = a.group(2)
            elif v:
                variables[v.group(1)] = v.group(3)
            elif r and not line.startswith(("set ", "import ", "mod ")):
                name = r.group(1)
                deps = tuple(re.findall(r"(?:^|\s|\()([A-Za-z_][\w-]*)", r.group(2).split("#")[0]))
                header = (lineno, deps)
                if default is None:
                    default = name
        close()
        for a_name, target in aliases.items():
            if target in recipes:
                recipes[a_name] = recipes[target]
        return recipes, ("default" if "default" in recipes else default)

    return index.memo(f"ci-model-just:{path}", compute)


_MISE_FILES = ("mise.toml", ".mise.toml", "mise.local.toml", ".config/mise.toml", ".config/mise/config.toml",
               "mise/config.toml", ".mise/config.toml", ".rtx.toml")
_MISE_TASK_DIRS = (".mise/tasks", "mise-tasks", ".mise-tasks", ".config/mise/tasks", "mise/tasks")


def _toml_key_line(index: RepoIndex, path: str, pattern: str) -> int | None:
    rx = re.compile(pattern)
    return next((i for i, ln in enumerate(index.lines(path), 1) if rx.search(ln)), None)


def _str_list(value: Any) -> tuple[str, ...]:
    if isinstance(value, str):
        return (value,)
    if isinstance(value, list):
        return tuple(str(v) for v in value if isinstance(v, str))
    return ()


def _mise_tasks(index: RepoIndex) -> dict[str, _Task]:
    def compute() -> dict[str, _Task]:
        out: dict[str, _Task] = {}
        for folder in _MISE_TASK_DIRS:
            for f in index.under(folder):
                name = f[len(folder) + 1:].replace("/", ":")
                out[name] = _Task(f, 1, (), (), script_file=f)
        for path in _MISE_FILES:
            if not index.exists(path):
                continue
            data = index.toml(path) or {}
            tasks = data.get("tasks")
            for name, spec in tasks.items() if isinstance(tasks, dict) else []:
                line = _toml_key_line(index, path, rf"^\s*\[tasks\.[\"']?{re.escape(str(name))}[\"']?\]|"
                                                   rf"^\s*[\"']?{re.escape(str(name))}[\"']?\s*=")
                if isinstance(spec, (str, list)):
                    out[str(name)] = _Task(path, line, (), tuple((line, c) for c in _str_list(spec)))
                elif isinstance(spec, dict):
                    run = _str_list(spec.get("run"))
                    env = _env_of(spec.get("env"))
                    script = spec.get("file") if isinstance(spec.get("file"), str) else None
                    out[str(name)] = _Task(path, line, _str_list(spec.get("depends")),
                                           tuple((line, c) for c in run), tuple(env.items()),
                                           spec.get("dir") if isinstance(spec.get("dir"), str) else None, script)
        return out

    return index.memo("ci-model-mise", compute)


def _invoke_tasks(index: RepoIndex) -> dict[str, _Task]:
    """pyinvoke's tasks, read as syntax (never imported): the `@task` functions of tasks.py (named `test`),
    or of the modules of a tasks/ package (named `checks.test`, and `checks` for the module's
    `default=True` task), with the commands their `ctx.run("...")` calls run and their `pre=`/`post=` tasks."""

    def compute() -> dict[str, _Task]:
        out: dict[str, _Task] = {}
        if index.exists("tasks.py"):
            modules = [("", "tasks.py")]
        else:
            modules = [(p[len("tasks/"):-3], p) for p in index.under("tasks")
                       if p.endswith(".py") and p.count("/") == 1 and not p.endswith("/__init__.py")]
        for prefix, path in modules:
            src = index.python(path)
            if src is None:
                continue
            functions = {n.name: n for n in src.tree.body if isinstance(n, ast.FunctionDef)}
            for fn in functions.values():
                deco = next((d for d in fn.decorator_list if _is_task_decorator(d)), None)
                if deco is None:
                    continue
                key = f"{prefix}.{fn.name}" if prefix else fn.name
                related: list[str] = []
                default = False
                if isinstance(deco, ast.Call):
                    for kw in deco.keywords:
                        if kw.arg in ("pre", "post") and isinstance(kw.value, (ast.List, ast.Tuple)):
                            related += [f"{prefix}.{e.id}" if prefix else e.id for e in kw.value.elts
                                        if isinstance(e, ast.Name) and e.id in functions]
                        default = default or (kw.arg == "default" and isinstance(kw.value, ast.Constant)
                                              and kw.value.value is True)
                    related += [f"{prefix}.{e.id}" if prefix else e.id for e in deco.args
                                if isinstance(e, ast.Name) and e.id in functions]  # @task(other) runs it first
                commands = tuple((src.where(c.lineno)[0], _run_text(c.args[0])) for c in ast.walk(fn)
                                 if isinstance(c, ast.Call) and isinstance(c.func, ast.Attribute)
                                 and c.func.attr in ("run", "sudo") and c.args and _run_text(c.args[0]))
                task = _Task(path, src.where(fn.lineno)[0], tuple(related), commands)
                out[key] = out[key.replace("_", "-")] = task
                if default and prefix:
                    out[prefix] = _Task(path, task.line, (key,), ())
        return out

    return index.memo("ci-model-invoke", compute)


def _is_task_decorator(node: ast.expr) -> bool:
    """`@task`, `@task(...)`, `@invoke.task`."""
    target = node.func if isinstance(node, ast.Call) else node
    return (isinstance(target, ast.Name) and target.id == "task") or \
        (isinstance(target, ast.Attribute) and target.attr == "task")


def _run_text(node: ast.expr) -> str:
    """The command a `ctx.run(...)` argument spells: a string, or an f-string with its fields left as `{}`."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    if isinstance(node, ast.JoinedStr):
        return "".join(v.value if isinstance(v, ast.Constant) and isinstance(v.value, str) else "{}"
                       for v in node.values)
    return ""


def _pyproject_tool(index: RepoIndex, *keys: str) -> Any:
    data = index.toml("pyproject.toml") if index.exists("pyproject.toml") else None
    node: Any = data
    for k in ("tool", *keys):
        node = node.get(k) if isinstance(node, dict) else None
    return node


def _poe_tasks(index: RepoIndex) -> dict[str, _Task]:
    def compute() -> dict[str, _Task]:
        out: dict[str, _Task] = {}
        tasks = _pyproject_tool(index, "poe", "tasks")
        for name, spec in tasks.items() if isinstance(tasks, dict) else []:
            line = _toml_key_line(index, "pyproject.toml", rf"^\s*\[tool\.poe\.tasks\.{re.escape(str(name))}\]|"
                                                           rf"^\s*[\"']?{re.escape(str(name))}[\"']?\s*=")
            deps: tuple[str, ...] = ()
            cmds: tuple[str, ...] = ()
            if isinstance(spec, str):
                cmds = (spec,)
            elif isinstance(spec, list):
                deps = tuple(s for s in spec if isinstance(s, str) and s in tasks)
                cmds = tuple(s for s in spec if isinstance(s, str) and s not in tasks)
            elif isinstance(spec, dict):
                cmds = _str_list(spec.get("cmd")) + _str_list(spec.get("shell"))
                if isinstance(spec.get("script"), str):
                    cmds += ("$poe-script " + spec["script"],)
                seq = spec.get("sequence")
                if isinstance(seq, list):
                    deps = tuple(s for s in seq if isinstance(s, str) and s in tasks)
                    cmds += tuple(s for s in seq if isinstance(s, str) and s not in tasks)
                deps += tuple(s for s in _str_list(spec.get("ref")) + _str_list(spec.get("deps")) if s in tasks)
            out[str(name)] = _Task("pyproject.toml", line, deps, tuple((line, c) for c in cmds))
        return out

    return index.memo("ci-model-poe", compute)


def _pixi_tasks(index: RepoIndex) -> dict[str, _Task]:
    """pixi's tasks (`pixi run test`): the `[tasks]` of pixi.toml and of its features and targets
    (`[feature.tests.tasks]`, `[target.linux-64.tasks]`), or the same under `[tool.pixi]` of pyproject.toml
    (imbalanced-learn's `[tool.pixi.feature.tests.tasks]`). A task is a command, or a table with `cmd` (a string
    or its words), `depends-on` (names, or `{task = "name"}` tables), `cwd` and `env`. A name defined by more
    than one feature keeps its first definition: the features of one task run the same kind of command."""

    def compute() -> dict[str, _Task]:
        out: dict[str, _Task] = {}
        for path, prefix in (("pixi.toml", ()), ("pyproject.toml", ("tool", "pixi"))):
            if not index.exists(path):
                continue
            node: Any = index.toml(path)
            for k in prefix:
                node = node.get(k) if isinstance(node, dict) else None
            if not isinstance(node, dict):
                continue
            features = node.get("feature")
            groups = [node, *(f for f in features.values() if isinstance(f, dict))] \
                if isinstance(features, dict) else [node]
            tables: list[Any] = []
            for group in groups:
                targets = group.get("target")
                tables += [group.get("tasks"), *(t.get("tasks") for t in targets.values() if isinstance(t, dict))] \
                    if isinstance(targets, dict) else [group.get("tasks")]
            lines = _table_key_lines(index, path)
            for tasks in tables:
                for name, spec in tasks.items() if isinstance(tasks, dict) else []:
                    if str(name) in out:
                        continue
                    line = lines.get(str(name))
                    if isinstance(spec, str):
                        out[str(name)] = _Task(path, line, (), ((line, spec),))
                    elif isinstance(spec, dict):
                        cmd = spec.get("cmd")
                        cmds = (" ".join(_str_list(cmd)),) if isinstance(cmd, list) else _str_list(cmd)
                        deps = spec.get("depends-on", spec.get("depends_on"))
                        names = tuple(d if isinstance(d, str) else str(d.get("task")) for d in
                                      (deps if isinstance(deps, list) else [deps] if isinstance(deps, str) else [])
                                      if isinstance(d, str) or (isinstance(d, dict) and isinstance(d.get("task"),
                                                                                                     str)))
                        cwd = spec.get("cwd")
                        out[str(name)] = _Task(path, line, names, tuple((line, c) for c in cmds if c),
                                               tuple(_env_of(spec.get("env")).items()),
                                               cwd if isinstance(cwd, str) else None)
        return out

    return index.memo("ci-model-pixi", compute)


def _table_key_lines(index: RepoIndex, path: str, table: str = "tasks") -> dict[str, int]:
    """The line of each task's definition: `name = ...` (or pdm's `name.cmd = ...`) in a `...tasks]` table, or
    a `[...tasks.name]` header; `table` names the table (`scripts` for pdm's `[tool.pdm.scripts]`)."""
    out: dict[str, int] = {}
    in_tasks = False
    for i, ln in enumerate(index.lines(path), 1):
        header = re.match(r"^\s*\[([^\]]+)\]", ln)
        if header:
            parts = header.group(1).strip().split(".")
            in_tasks = parts[-1] == table
            if len(parts) >= 2 and parts[-2] == table:
                out.setdefault(parts[-1].strip("\"' "), i)
            continue
        key = re.match(r"^\s*[\"']?([\w:-]+)[\"']?\s*(?:\.\s*[\w-]+\s*)?=", ln)
        if in_tasks and key:
            out.setdefault(key.group(1), i)
    return out


def _pdm_scripts(index: RepoIndex) -> dict[str, _Task]:
    def compute() -> dict[str, _Task]:
        out: dict[str, _Task] = {}
        scripts = _pyproject_tool(index, "pdm", "scripts")
        lines = _table_key_lines(index, "pyproject.toml", "scripts") if isinstance(scripts, dict) else {}
        for name, spec in scripts.items() if isinstance(scripts, dict) else []:
            line = lines.get(str(name))
            cmds = _str_list(spec) if isinstance(spec, str) else \
                (_str_list(spec.get("cmd")) + _str_list(spec.get("shell"))) if isinstance(spec, dict) else ()
            deps = _str_list(spec.get("composite")) if isinstance(spec, dict) else ()
            out[str(name)] = _Task("pyproject.toml", line, (), tuple((line, c) for c in cmds + deps))
        return out

    return index.memo("ci-model-pdm", compute)


def _hatch_scripts(index: RepoIndex, env: str) -> dict[str, _Task]:
    def compute() -> dict[str, _Task]:
        out: dict[str, _Task] = {}
        for path, prefix in (("hatch.toml", ("envs",)), ("pyproject.toml", ("tool", "hatch", "envs"))):
            if not index.exists(path):
                continue
            node: Any = index.toml(path)
            for k in (*prefix, env, "scripts"):
                node = node.get(k) if isinstance(node, dict) else None
            for name, spec in node.items() if isinstance(node, dict) else []:
                line = _toml_key_line(index, path, rf"^\s*[\"']?{re.escape(str(name))}[\"']?\s*=")
                cmds = []
                for c in _str_list(spec):
                    first = c.split(None, 1)[0] if c.split() else ""
                    # a script may name another script as its first word
                    cmds.append((line, _hatch_args(c, "") if first not in node else f"hatch run {env}:{c}"))
                out.setdefault(str(name), _Task(path, line, (), tuple(cmds)))
        return out

    return index.memo(f"ci-model-hatch:{env}", compute)


def _pre_commit_hooks(index: RepoIndex) -> dict[str, tuple[_Task, tuple[str, ...]]]:
    def compute() -> dict[str, tuple[_Task, tuple[str, ...]]]:
        out: dict[str, tuple[_Task, tuple[str, ...]]] = {}
        path = ".pre-commit-config.yaml"
        for doc in index.yaml(path) if index.exists(path) else []:
            repos = doc.get("repos") if isinstance(doc, dict) else None
            for repo in repos if isinstance(repos, list) else []:
                hooks = repo.get("hooks") if isinstance(repo, dict) else None
                for hook in hooks if isinstance(hooks, list) else []:
                    if not (isinstance(hook, dict) and isinstance(hook.get("id"), str)
                            and isinstance(hook.get("entry"), str)):
                        continue
                    args = " ".join(str(a) for a in hook.get("args") or [] if isinstance(a, (str, int)))
                    cmd = f"{hook['entry']} {args}".strip()
                    out[hook["id"]] = (_Task(path, yaml_line(hook, "entry"), (), ((yaml_line(hook, "entry"), cmd),)),
                                       _str_list(hook.get("stages")))
        return out

    return index.memo("ci-model-pre-commit", compute)


def _project_scripts(index: RepoIndex) -> dict[str, tuple[str, int | None]]:
    def compute() -> dict[str, tuple[str, int | None]]:
        data = index.toml("pyproject.toml") if index.exists("pyproject.toml") else None
        project = data.get("project") if isinstance(data, dict) else None
        scripts = project.get("scripts") if isinstance(project, dict) else None
        return {str(k): (v, _toml_key_line(index, "pyproject.toml", rf"^\s*[\"']?{re.escape(str(k))}[\"']?\s*="))
                for k, v in (scripts.items() if isinstance(scripts, dict) else []) if isinstance(v, str)}

    return index.memo("ci-model-project-scripts", compute)


# ---------------------------------------------------------------------- the model
def ci_jobs(index: RepoIndex) -> tuple[CiJob, ...]:
    """Every CI job of the repository with the test runs it reaches and what could not be followed."""

    def compute() -> tuple[CiJob, ...]:
        raw = _raw_github(index) + _raw_gitlab(index) + _raw_azure(index) + _raw_circleci(index) \
            + _raw_jenkins(index) + _raw_codebuild(index) + _raw_cloudbuild(index)
        out = []
        followed: dict[tuple[Any, ...], _Followed | None] = {}
        for job in raw:
            f = _Follower(index, followed)
            for step in job.steps:
                env = dict(step.env)
                cwd = _join("", step.cwd) if step.cwd else ""
                f.script(step.command, step.path, step.line, step.why, (), env, cwd, False, 0, one_link=True)
            # a step read once per matrix value reaches the same test run from each variant that differs elsewhere
            # (huggingface/peft: `make test` under eight `if` conditions): one run for each chain a user reads
            runs: dict[tuple[str, str, tuple[str, ...]], TestRun] = {}
            for t in f.tests:  # the same command in another folder is another run
                runs.setdefault((t.chain_text(), t.cwd, t.paths), t)
            tests = tuple(runs.values())
            out.append(CiJob(job.system, job.path, job.line, job.name, job.triggers, tests,
                             tuple(dict.fromkeys(f.unfollowed)), tuple(f.floors), tuple(f.reached[:MAX_REACHED]),
                             job.needs))
        return tuple(out)

    return index.memo("ci-model-jobs", compute)


def tests_run_on_change(index: RepoIndex) -> bool:
    """Does a CI job that runs on every change reach a test runner (followed through the chain)?"""
    return any(j.tests for j in ci_jobs(index) if j.on_change)


def ci_reached(index: RepoIndex) -> tuple[tuple[CiJob, Reached], ...]:
    """Every command a CI job reaches, with its job (its triggers) and the chain from the CI step, followed
    through Makefile targets, scripts, task runners and submitted jobs: what rules search when they look
    for a training run, a `dvc repro`, a deployment or a publish step in CI."""
    return index.memo("ci-model-reached", lambda: tuple((j, r) for j in ci_jobs(index) for r in j.commands))


def job_may_run_tests(job: CiJob) -> bool:
    """Does a CI job run tests, or a test command mlgate could not follow (`make test` without a Makefile)?"""
    return bool(job.tests) or any(runs_tests(u.command) for u in job.unfollowed)


def makefile_recipes(index: RepoIndex, path: str = "Makefile") -> dict[str, tuple[str, ...]]:
    """Target -> recipe lines (variables expanded) of a Makefile, as the CI model reads it."""
    if not index.exists(path):
        return {}
    mk = _makefile(index, path)
    variables = dict(mk.variables)
    return {name: tuple(_make_vars(text, variables) for _ln, text in t.recipe) for name, t in mk.targets.items()}
