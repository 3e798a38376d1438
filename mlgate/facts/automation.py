"""What runs automatically: the one fact every rule asks "which files does something run, and what?"
(data-schema, mon-drift, the spec-* rules). It used to be three facts (here, in facts/monitoring.py
and in facts/pycode.py), each with its own reading of commands and imports, two of them under one memo
key; now the commands are read, resolved to files and followed through imports once.

- ``automation_commands(index)``: (where, command, why) for every command that runs without a
  person deciding to: commands that CI jobs triggered by push/pull_request/schedule reach (the CI
  model, ``ci_reached``), ``dvc.yaml`` stage ``cmd``s, pre-commit hook entries.
- ``automated_files(index) -> dict[path, tuple[Run, ...]]``: every file something runs, with each
  source that runs it (at most one run per source): CI commands (``ci``), the test files a CI test run
  runs (``ci-tests``), DVC stages (``dvc``), pre-commit hooks (``pre-commit``), Kubernetes CronJobs
  (``cronjob``), scheduled DAGs and pipelines (``dag``), MLproject entry points (``mlproject``) and
  Makefile targets (``make``), and the repository modules those files import (``hops`` imports away).
  CI runs come first. Rules choose which sources count for them (``runs_of``): a Makefile target is
  run by a person, a test of a drift module is not drift monitoring.
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Iterable

from mlgate import lazyre
from mlgate.facts.ci import ci_jobs, ci_reached, job_may_run_tests, makefile_recipes
from mlgate.facts.dvc import pipelines
from mlgate.facts.pycode import first_reaching, module_table, nearest_roots, scripts_in, test_run_files
from mlgate.facts.tests import is_test_file, test_files
from mlgate.records import dataclass
from mlgate.repo import Needles, RepoIndex, parent_dir, yaml_line

# every source of runs, and the sets rules use
SOURCES = ("ci", "ci-tests", "dvc", "pre-commit", "cronjob", "dag", "mlproject", "make")
UNATTENDED = frozenset({"ci", "ci-tests", "dvc", "pre-commit", "cronjob", "dag"})  # nobody has to start them
IMPORT_DEPTH = 6


@dataclass(frozen=True)
class Run:
    """One way a file is run: ``source`` (see SOURCES), the file and line that declare the run, what it
    is (``CI``, ``DVC stage `train```, ...), whether it runs on a clock, and how many imports away from
    the file the run names this file is (0: named directly; ``via`` is then the file named)."""

    source: str
    path: str
    line: int | None
    what: str
    where: str  # the declaration as shown: "ci.yml:12", "dvc.yaml stage train", "Makefile target data"
    scheduled: bool = False
    hops: int = 0
    via: str = ""

    @property
    def ci(self) -> bool:
        return self.source in ("ci", "ci-tests")


def automation_commands(index: RepoIndex) -> list[tuple[str, str, str]]:
    """(where, command, why) of the commands that run unattended: CI on change or schedule, DVC stages,
    pre-commit hooks (data-schema reads them for a `great_expectations checkpoint run`)."""

    def compute() -> list[tuple[str, str, str]]:
        out: list[tuple[str, str, str]] = []
        for job, r in ci_reached(index):
            if job.on_change or job.scheduled:
                out.append((r.path, r.command, f"CI ({r.path})"))
        for pipe in pipelines(index):
            for stage in pipe.stages.values():
                if stage.cmd:
                    out.append((pipe.path, stage.cmd, f"DVC stage `{stage.name}` ({pipe.path})"))
        for _line, entry in _pre_commit_entries(index):
            out.append((".pre-commit-config.yaml", entry, "a pre-commit hook"))
        return out

    return index.memo("automation-commands", compute)


def _pre_commit_entries(index: RepoIndex) -> list[tuple[int | None, str]]:
    out: list[tuple[int | None, str]] = []
    for doc in index.yaml(".pre-commit-config.yaml") if index.exists(".pre-commit-config.yaml") else []:
        repos = doc.get("repos") if isinstance(doc, dict) else None
        for repo in repos if isinstance(repos, list) else []:
            hooks = repo.get("hooks") if isinstance(repo, dict) else None
            for hook in hooks if isinstance(hooks, list) else []:
                if isinstance(hook, dict) and isinstance(hook.get("entry"), str):
                    out.append((yaml_line(hook, "entry"), hook["entry"]))
    return out


# where a repository writes down how its scripts are run: its top-level Markdown (the README), its shell scripts
# and Makefiles, its CI workflows
_DOCUMENTING = lazyre.compile(r"(^|/)(Makefile|[^/]+\.sh)$|^[^/]+\.(md|rst)$|^\.github/workflows/[^/]+\.ya?ml$",
                              re.I)


def documented_commands(index: RepoIndex) -> list[tuple[str, int, str]]:
    """(path, line, command) of each command line that runs a Python script (`.py` and an option `--`) in
    the files where a repository writes down how it runs its scripts (``_DOCUMENTING``), lines continued with
    a backslash joined: `torchrun --nproc_per_node=4 train.py \\ --model_name_or_path ...` in a README."""

    def compute() -> list[tuple[str, int, str]]:
        out: list[tuple[str, int, str]] = []
        for path in index.files:
            text = index.text(path) if _DOCUMENTING.search(path) else None
            if not text or ".py" not in text:
                continue
            start = 0
            parts: list[str] = []
            for n, line in enumerate(text.splitlines(), 1):
                if not parts:
                    start = n
                stripped = line.rstrip()
                parts.append(stripped.rstrip("\\"))
                if stripped.endswith("\\"):
                    continue
                command = " ".join(parts)
                parts = []
                if ".py" in command and "--" in command:
                    out.append((path, start, command))
        return out

    return index.memo("documented-commands", compute)


_DAGS = Needles("DAG(", "@dag", "schedule_interval", "PipelineJobSchedule", "create_recurring_run", "create_schedule")
# a long-running loop that runs jobs on a clock (the `schedule` library, APScheduler): a scheduler in a container,
# which names the scripts it starts by their file name in the image (`run_spark_job("ml_training.py")`)
_CLOCK_LOOPS = Needles("schedule.every(", "BlockingScheduler(", "BackgroundScheduler(", "AsyncIOScheduler(",
                       ".scheduled_job(")
_FILE_NAME = lazyre.compile(r"""["']([\w.-]+\.py)["']""")
_CRONJOB = Needles("CronJob")


# a dotted module name in quotes (`_run_module("src.monitoring.metrics.publish_psi_all_targets", ...)`, a task that
# runs `python -m` on it): the repository module it names is run by the DAG
_DOTTED_STRING = lazyre.compile(r"""["']([A-Za-z_]\w*(?:\.[A-Za-z_]\w*)+)["']""")


def _named_files(index: RepoIndex, text: str) -> set[str]:
    """Repository scripts a DAG or a clock loop names by their file name alone (a path joined from its parts, a
    file name in the image), where the repository has one of that name."""
    return {found[0] for m in _FILE_NAME.finditer(text) if len(found := index.named(m.group(1))) == 1}


def _named_modules(index: RepoIndex, text: str) -> set[str]:
    """Repository modules a DAG names by their dotted module name in a string."""
    table = module_table(index)
    return {p for m in _DOTTED_STRING.finditer(text) for p in table.get(m.group(1), ())}


@dataclass(frozen=True)
class PrefectDeployment:
    """A deployment of prefect.yaml: the flow it runs (``entry``: `flows/train.py:train_flow`), and the line of
    its schedule (None when it runs only when someone starts it)."""

    path: str
    name: str
    entry: str
    schedule_line: int | None
    scheduled: bool


def prefect_deployments(index: RepoIndex) -> list[PrefectDeployment]:
    """The deployments of every prefect.yaml, with whether a cron, interval or rrule schedule runs them."""
    out: list[PrefectDeployment] = []
    for path in index.named("prefect.yaml", "prefect.yml"):
        for doc in index.yaml(path):
            deployments = doc.get("deployments") if isinstance(doc, dict) else None
            for dep in deployments if isinstance(deployments, list) else []:
                if isinstance(dep, dict):
                    schedules = dep.get("schedules") or dep.get("schedule")
                    out.append(PrefectDeployment(path, str(dep.get("name") or ""), str(dep.get("entrypoint") or ""),
                                                 yaml_line(dep, "schedules") or yaml_line(dep, "schedule"),
                                                 bool(schedules)))
    return out


def _dag_files(index: RepoIndex) -> list[str]:
    return [p for p in index.files if p.endswith(".py") and not is_test_file(p)
            and (index.contains(p, _DAGS) or index.contains(p, _CLOCK_LOOPS))]


def _direct(index: RepoIndex) -> dict[str, list[Run]]:
    """Files a run names -> the runs (one per source), in the order they were found."""
    from mlgate.facts.provenance import dvc_stages

    direct: dict[str, list[Run]] = {}

    def add(paths: Iterable[str], run: Run) -> None:
        for p in sorted(paths):
            runs = direct.setdefault(p, [])
            if all(r.source != run.source for r in runs):
                runs.append(run)

    stages = dvc_stages(index)
    for job in ci_jobs(index):
        if not (job.on_change or job.scheduled):
            continue
        what = "CI on a schedule" if job.scheduled and not job.on_change else "CI"
        for r in job.commands:
            run = Run("ci", r.path, r.line, what, f"{r.path}:{r.line}" if r.line else r.path, job.scheduled)
            add(scripts_in(index, r.command, r.cwd), run)
            if re.search(r"\bdvc\s+(repro|exp\s+run)\b", r.command):
                for st in stages:
                    add(scripts_in(index, st.cmd, parent_dir(st.dvcfile)), run)
        for t in job.tests:
            first = t.chain[0] if t.chain else None
            path, line = (first.path, first.line) if first else (job.path, job.line)
            add(test_run_files(index, t), Run("ci-tests", path, line, f"tests run by CI ({job.path})",
                                              f"{path}:{line}" if line else path, job.scheduled))
        if not job.tests and job_may_run_tests(job):  # `make test` mlgate could not follow: maybe all of them
            add(test_files(index), Run("ci-tests", job.path, job.line, f"tests run by CI ({job.path})",
                                       f"{job.path}:{job.line}" if job.line else job.path, job.scheduled))
    for st in stages:
        add(scripts_in(index, st.cmd, parent_dir(st.dvcfile)),
            Run("dvc", st.dvcfile, st.line, f"DVC stage `{st.name}`", f"{st.dvcfile} stage {st.name}"))
    for line, entry in _pre_commit_entries(index):
        add(scripts_in(index, entry), Run("pre-commit", ".pre-commit-config.yaml", line, "a pre-commit hook",
                                          f".pre-commit-config.yaml:{line}" if line else ".pre-commit-config.yaml"))
    for path in index.files:
        if path.endswith((".yaml", ".yml")) and index.contains(path, _CRONJOB) \
                and re.search(r"^\s*kind:\s*[\"']?CronJob\b", index.text(path) or "", re.M):
            for doc in index.yaml(path):
                if isinstance(doc, dict) and doc.get("kind") == "CronJob":
                    line = yaml_line(doc, "kind")
                    add(scripts_in(index, " ".join(_strings(doc.get("spec")))),
                        Run("cronjob", path, line, "Kubernetes CronJob", f"{path}:{line}" if line else path, True))
    for dag in _dag_files(index):
        run = Run("dag", dag, None, "a scheduled DAG or pipeline", dag, True)
        text = index.text(dag) or ""
        # a DAG's task names the script it runs by its file name too: mihgank-qwe/ml_ops2's daily drift DAG runs
        # `subprocess.run([sys.executable, str(project_root / "scripts" / "evidently_drift_report.py"), ...])`
        named = _named_files(index, text)
        add([dag, *(scripts_in(index, text, parent_dir(dag)) - {dag}), *(_named_modules(index, text) - {dag}),
             *(named - {dag})], run)
    for dep in prefect_deployments(index):
        # a scheduled Prefect deployment runs its flow's file (its entrypoint, from the folder of prefect.yaml)
        flow = posixpath.normpath(posixpath.join(parent_dir(dep.path), dep.entry.split(":", 1)[0])) if dep.entry else ""
        if dep.scheduled and index.exists(flow):
            add([flow], Run("dag", dep.path, dep.schedule_line, f"the scheduled Prefect deployment `{dep.name}`",
                            f"{dep.path}:{dep.schedule_line}" if dep.schedule_line else dep.path, True))
    for path in index.named("MLproject"):
        for doc in index.yaml(path):
            eps = doc.get("entry_points") if isinstance(doc, dict) else None
            for name, ep in eps.items() if isinstance(eps, dict) else []:
                cmd = ep.get("command") if isinstance(ep, dict) else None
                if isinstance(cmd, str):
                    add(scripts_in(index, cmd, parent_dir(path)),
                        Run("mlproject", path, yaml_line(eps, name), f"MLproject entry point {name}",
                            f"{path} entry point {name}"))
    for target, recipe in makefile_recipes(index).items():
        for text in recipe:
            add(scripts_in(index, text), Run("make", "Makefile", None, f"Makefile target {target}",
                                             f"Makefile target {target}"))
    return direct


def _strings(value: object) -> list[str]:
    """Every string in a YAML value (a CronJob's container commands and arguments)."""
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [s for v in value.values() for s in _strings(v)]
    if isinstance(value, list):
        return [s for v in value for s in _strings(v)]
    return []


def automated_files(index: RepoIndex) -> dict[str, tuple[Run, ...]]:
    """Every file something runs -> how (see the module docstring), CI first, then in the order found."""

    def compute() -> dict[str, tuple[Run, ...]]:
        direct = _direct(index)
        # CI's runs first, so that a file CI reaches says so whatever else also runs it
        order = sorted(((p, r) for p, runs in direct.items() for r in runs), key=lambda pr: (not pr[1].ci, pr[0]))
        ranks: dict[str, list[int]] = {}  # source -> the positions of its runs in ``order``
        for rank, (_, run) in enumerate(order):
            ranks.setdefault(run.source, []).append(rank)
        # file -> (the first run of a source to reach it, its nearest run by that source): what following the
        # imports of each run's file in turn gives (a source's nearest run, the first of those as near; the
        # sources in the order their first run reaches the file), with one walk of the imports per source
        found: dict[str, list[tuple[int, Run]]] = {}
        for positions in ranks.values():
            roots = [order[rank][0] for rank in positions]
            first = first_reaching(index, roots, IMPORT_DEPTH)
            for dep, (hops, k) in nearest_roots(index, roots, IMPORT_DEPTH).items():
                path, run = order[positions[k]]
                found.setdefault(dep, []).append((positions[first[dep]], run if not hops else Run(
                    run.source, run.path, run.line, run.what, run.where, run.scheduled, hops, path)))
        return {p: tuple(sorted((r for _, r in sorted(runs, key=lambda e: e[0])), key=lambda r: not r.ci))
                for p, runs in found.items()}

    return index.memo("automated-files", compute)


def runs_of(index: RepoIndex, path: str, sources: Iterable[str] = SOURCES) -> Run | None:
    """The first run of ``path`` by one of ``sources`` (CI's first)."""
    return next(iter(all_runs_of(index, path, sources)), None)


def all_runs_of(index: RepoIndex, path: str, sources: Iterable[str] = SOURCES) -> tuple[Run, ...]:
    """Every run of ``path`` by one of ``sources``, CI's first."""
    wanted = frozenset(sources)
    return tuple(r for r in automated_files(index).get(path, ()) if r.source in wanted)
