"""Python facts shared by the spec and prov rules: which repository modules a file imports, dotted
call names with import aliases resolved, and which files something runs automatically (CI, DVC
stages, MLproject entry points, Makefile targets), followed through their imports."""

from __future__ import annotations

import ast
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import Any, TypeVar

from mlgate.facts.ci import TestRun, ci_jobs, job_may_run_tests, makefile_recipes
from mlgate.facts.tests import is_test_file, test_files
from mlgate.repo import Needles, PySource, RepoIndex, parent_dir

_HYDRA_TARGET = Needles("_target_")

_SRC_ROOTS = ("src", "lib", "python")
T = TypeVar("T")


def _per_source(src: PySource, name: str, compute: Callable[[], T]) -> T:
    """A fact about one parsed source, computed once (kept on its syntax tree, which the index caches)."""
    store: dict[str, Any] = src.tree.__dict__.setdefault("_mlgate_facts", {})
    if name not in store:
        store[name] = compute()
    value: T = store[name]
    return value


def module_names(path: str) -> list[str]:
    """Dotted names a Python file can be imported by (longest first): src/churn/model.py ->
    src.churn.model, churn.model. Single-component names only for top-level or src/ files."""
    if not path.endswith(".py"):
        return []
    parts = path[:-3].split("/")
    if parts[-1] == "__init__":
        parts = parts[:-1]
    if not parts or not all(p.isidentifier() for p in parts):
        return []
    names = [".".join(parts[i:]) for i in range(len(parts)) if len(parts) - i >= 2]
    if len(parts) == 1 or (len(parts) == 2 and parts[0] in _SRC_ROOTS):
        names.append(parts[-1])
    return names


def module_table(index: RepoIndex) -> dict[str, list[str]]:
    def compute() -> dict[str, list[str]]:
        table: dict[str, list[str]] = {}
        for path in index.files:
            for name in module_names(path):
                table.setdefault(name, []).append(path)
        return table

    return index.memo("py:module-table", compute)


def aliases(src: PySource) -> dict[str, str]:
    """Local name -> dotted origin for the imports of a source (module-level and nested)."""
    return _per_source(src, "aliases", lambda: _aliases(src))


def _aliases(src: PySource) -> dict[str, str]:
    out: dict[str, str] = {}
    for node in src.of_types(ast.Import, ast.ImportFrom):
        if isinstance(node, ast.Import):
            for a in node.names:
                if a.asname:
                    out[a.asname] = a.name
                else:
                    out.setdefault(a.name.split(".")[0], a.name.split(".")[0])
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            for a in node.names:
                out[a.asname or a.name] = f"{node.module}.{a.name}"
    return out


def dotted(node: ast.AST) -> str | None:
    parts: list[str] = []
    while isinstance(node, ast.Attribute):
        parts.append(node.attr)
        node = node.value
    if isinstance(node, ast.Name):
        parts.append(node.id)
        return ".".join(reversed(parts))
    if isinstance(node, ast.Call):  # a().b -> a().b
        inner = dotted(node.func)
        if inner is not None:
            parts.append(inner + "()")
            return ".".join(reversed(parts))
    return None


def qualify(name: str, table: dict[str, str]) -> str:
    head, _, rest = name.partition(".")
    origin = table.get(head)
    if origin is None:
        return name
    return f"{origin}.{rest}" if rest else origin


@dataclass(frozen=True)
class Call:
    name: str  # as written, e.g. "study.optimize"
    qualified: str  # with import aliases resolved, e.g. "optuna.create_study"
    node: ast.Call


def calls(src: PySource) -> list[Call]:
    """Every call of a source with its dotted name, as written and with import aliases resolved."""
    return _per_source(src, "calls", lambda: _calls(src))


def _calls(src: PySource) -> list[Call]:
    table = aliases(src)
    out: list[Call] = []
    for node in src.call_nodes:
        name = dotted(node.func)
        if name is not None:
            out.append(Call(name, qualify(name, table), node))
    return out


def imported_modules(src: PySource) -> list[tuple[str, int]]:
    """(dotted module or module.name, line) for every absolute import (``from a import b`` gives a.b)."""
    return _per_source(src, "imports", lambda: _imported_modules(src))


def _imported_modules(src: PySource) -> list[tuple[str, int]]:
    out: list[tuple[str, int]] = []
    for node in src.of_types(ast.Import, ast.ImportFrom):
        if isinstance(node, ast.Import):
            out.extend((a.name, node.lineno) for a in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level == 0 and node.module:
                out.append((node.module, node.lineno))
                out.extend((f"{node.module}.{a.name}", node.lineno) for a in node.names if a.name != "*")
            elif node.level > 0:
                base = src.path.rsplit("/", node.level)[0] if src.path.count("/") >= node.level else ""
                prefix = base.replace("/", ".")
                mod = ".".join(p for p in (prefix, node.module or "") if p)
                if mod:
                    out.append((mod, node.lineno))
                    out.extend((f"{mod}.{a.name}", node.lineno) for a in node.names if a.name != "*")
    return out


def repo_imports(index: RepoIndex, src: PySource) -> set[str]:
    """Repository files a source imports (and, for code that calls Hydra's ``instantiate``, the modules
    that the ``_target_`` entries of the repository's YAML configs name)."""
    table = module_table(index)
    found: set[str] = set()
    for name, _ in imported_modules(src):
        for path in table.get(name, ()):
            if path != src.path:
                found.add(path)
    if "instantiate(" in src.text:
        found |= hydra_targets(index) - {src.path}
    return found


_TARGET = re.compile(r"^\s*_target_:\s*['\"]?([A-Za-z_][\w.]*)", re.M)


def hydra_targets(index: RepoIndex) -> set[str]:
    """Repository modules named by ``_target_:`` in YAML configs (Hydra instantiates them)."""

    def compute() -> set[str]:
        table = module_table(index)
        found: set[str] = set()
        for path in index.with_suffix(".yaml", ".yml"):
            if not index.contains(path, _HYDRA_TARGET):
                continue
            for m in _TARGET.finditer(index.text(path) or ""):
                dotted_name = m.group(1)
                for name in (dotted_name, dotted_name.rsplit(".", 1)[0]):
                    found.update(table.get(name, ()))
        return found

    return index.memo("py:hydra-targets", compute)


def file_repo_imports(index: RepoIndex, path: str) -> set[str]:
    """The repository files a module or notebook imports (``repo_imports`` of each of its sources), from its
    summary: the same set for every caller, not to be changed."""
    return _file_imports(index, path)


def _file_imports(index: RepoIndex, path: str) -> set[str]:
    """The repository files one file imports, computed once (one table for every file: a closure asks
    for every file it reaches, tens of thousands of times on a large library)."""
    table: dict[str, set[str]] = index.memo("py:file-imports-by-path", _imports_table)
    found = table.get(path)
    if found is None:
        # from the file's summary: only names are kept, so the tree need not stay in memory
        names, instantiates = index.summary("pycode-imports", path)
        modules = module_table(index)
        found = {p for name in names for p in modules.get(name, ()) if p != path}
        if instantiates:
            found |= hydra_targets(index) - {path}
        table[path] = found
    return found


def _imports_summary(path: str, sources: list[PySource]) -> tuple[frozenset[str], bool]:
    """(every name the sources import, as ``imported_modules`` gives them; whether they call Hydra's
    ``instantiate``): what ``repo_imports`` reads of them."""
    return (frozenset(name for src in sources for name, _ in imported_modules(src)),
            any("instantiate(" in src.text for src in sources))


RepoIndex.summariser("pycode-imports", _imports_summary)


def _imports_table() -> dict[str, set[str]]:
    return {}


def import_closure(index: RepoIndex, roots: Iterable[str], depth: int = 6) -> set[str]:
    """The files reachable from ``roots`` by importing repository modules (bounded): breadth first, so
    the files found are those within ``depth`` imports whatever the order each level is visited in."""
    seen = set(roots)
    frontier = list(seen)
    for _ in range(depth):
        nxt: list[str] = []
        for path in frontier:
            new = _file_imports(index, path) - seen
            seen |= new
            nxt += new
        if not nxt:
            break
        frontier = nxt
    return seen


# ------------------------------------------------------------------------------ what runs
_SCRIPT = re.compile(r"(?<![\w/.-])((?:\.{0,2}/)?[\w./-]+\.(?:py|ipynb))\b")
_MODULE = re.compile(r"\bpython[\d.]*\s+(?:-[A-Za-z]+\s+)*-m\s+([\w.]+)")


def scripts_in(index: RepoIndex, command: str, base: str = "") -> set[str]:
    """Repository .py / .ipynb files and modules a shell command runs."""
    found: set[str] = set()
    for m in _SCRIPT.finditer(command):
        raw = m.group(1)
        rel = raw[2:] if raw.startswith("./") else raw
        for cand in ((f"{base}/{rel}" if base else rel), rel):
            import posixpath

            cand = posixpath.normpath(cand)
            if index.exists(cand):
                found.add(cand)
                break
    table = module_table(index)
    for m in _MODULE.finditer(command):
        name = m.group(1)
        for path in table.get(name, []) + table.get(name + ".__main__", []):
            found.add(path)
    return found


@dataclass(frozen=True)
class Runner:
    """Something that runs a file: reason is ci | ci-tests | dvc | mlproject | make; where is path:line."""

    reason: str
    where: str


def automated_runs(index: RepoIndex) -> dict[str, Runner]:
    """Files run by CI on change or schedule, by DVC stages, MLproject entry points or Makefile
    targets (with everything they import). CI wins over a pipeline declaration."""

    def compute() -> dict[str, Runner]:
        from mlgate.facts.provenance import dvc_stages

        direct: dict[str, Runner] = {}

        def add(paths: Iterable[str], runner: Runner) -> None:
            for p in paths:
                if p not in direct or (
                    runner.reason.startswith("ci") and not direct[p].reason.startswith("ci")
                ):
                    direct[p] = runner

        stages = dvc_stages(index)
        for job in ci_jobs(index):
            if not (job.on_change or job.scheduled):
                continue
            for r in job.commands:
                where = f"{r.path}:{r.line}" if r.line else r.path
                add(scripts_in(index, r.command, r.cwd), Runner("ci", where))
                if re.search(r"\bdvc\s+(repro|exp\s+run)\b", r.command):
                    for st in stages:
                        base = parent_dir(st.dvcfile)
                        add(scripts_in(index, st.cmd, base), Runner("ci", where))
            for t in job.tests:
                first = t.chain[0] if t.chain else None
                where = f"{first.path}:{first.line}" if first and first.line else first.path if first else job.path
                add(test_run_files(index, t), Runner("ci-tests", where))
            if not job.tests and job_may_run_tests(job):  # `make test` mlgate could not follow: maybe all
                add(test_files(index), Runner("ci-tests", f"{job.path}:{job.line}" if job.line else job.path))
        for st in stages:
            base = parent_dir(st.dvcfile)
            add(scripts_in(index, st.cmd, base), Runner("dvc", f"{st.dvcfile} stage {st.name}"))
        for path in index.named("MLproject"):
            base = parent_dir(path)
            for doc in index.yaml(path):
                eps = doc.get("entry_points") if isinstance(doc, dict) else None
                if isinstance(eps, dict):
                    for name, ep in eps.items():
                        cmd = ep.get("command") if isinstance(ep, dict) else None
                        if isinstance(cmd, str):
                            add(
                                scripts_in(index, cmd, base),
                                Runner("mlproject", f"{path} entry point {name}"),
                            )
        for target, recipe in makefile_recipes(index).items():
            for line in recipe:
                add(scripts_in(index, line), Runner("make", f"Makefile target {target}"))
        out: dict[str, Runner] = {}
        for path, runner in sorted(direct.items(), key=lambda kv: (not kv[1].reason.startswith("ci"), kv[0])):
            for dep in sorted(import_closure(index, [path])):
                if dep not in out or (
                    runner.reason.startswith("ci") and not out[dep].reason.startswith("ci")
                ):
                    out[dep] = runner
        return out

    return index.memo("py:automated-runs", compute)


def test_run_files(index: RepoIndex, run: TestRun) -> set[str]:
    """The test files a CI test run runs: the paths it names (relative to where it runs), or all of them
    (those under its directory when it runs in one that holds tests)."""
    files = test_files(index)
    base = run.cwd.strip("/")
    targets = []
    for raw in run.paths:
        rel = raw.split("::")[0].rstrip("/")
        rel = rel[2:] if rel.startswith("./") else rel
        for cand in ((f"{base}/{rel}" if base else rel), rel):
            if cand and (index.exists(cand) or index.under(cand)):
                targets.append(cand)
                break
    if targets:
        return {f for f in files if any(f == t or f.startswith(t + "/") for t in targets)}
    under = {f for f in files if base and f.startswith(base + "/")}
    return under or set(files)


def ci_run_test_files(index: RepoIndex) -> tuple[set[str], set[str]]:
    """(test files a CI job runs on every change, test files CI runs only by hand or on a clock), from the
    test runs of the CI model; a job with a test command mlgate could not follow may run them all."""

    def compute() -> tuple[set[str], set[str]]:
        on_change: set[str] = set()
        other: set[str] = set()
        for job in ci_jobs(index):
            files = set().union(*(test_run_files(index, t) for t in job.tests)) if job.tests else \
                set(test_files(index)) if job_may_run_tests(job) else set()
            (on_change if job.on_change else other).update(files)
        return on_change, other - on_change

    return index.memo("ci-run-test-files", compute)


def non_test_sources(index: RepoIndex, needles: Needles | None,
                     paths: Iterable[str] | None = None, keep: bool = True) -> Iterator[PySource]:
    """Python modules and notebook cells that are not tests and contain one of ``needles`` (of ``paths``, in
    their order, or of every file); ``keep=False`` for a caller that keeps no node (RepoIndex.python)."""
    for path in index.files if paths is None else paths:
        if not path.endswith((".py", ".ipynb")) or is_test_file(path):
            continue
        if needles is not None and not index.contains(path, needles):
            continue
        yield from index.python_sources([path], keep)
