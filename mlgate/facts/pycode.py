"""Python facts shared by the spec and prov rules: which repository modules a file imports, dotted
call names with import aliases resolved, and which files a shell command runs (what runs them
automatically is mlgate.facts.automation)."""

from __future__ import annotations

import ast
import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import Any, NamedTuple, TypeVar

from mlgate import lazyre
from mlgate.facts.ci import PUSH_ANY_BRANCH, TestRun, ci_jobs, job_may_run_tests
from mlgate.facts.python import repo_imports
from mlgate.facts.tests import code_files, is_test_file, test_files
from mlgate.records import dataclass
from mlgate.repo import Needles, PySource, RepoIndex

_HYDRA_TARGET = Needles("_target_", "target:", "class_path:")

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


def main_guard(test: ast.expr) -> bool:
    """Whether an ``if`` test names ``__main__`` (`if __name__ == "__main__":`), as ``"__main__" in
    ast.dump(test)`` tells, without ast.dump: its nested function is a reference cycle at each call, which
    the CLI's paused collector never frees."""
    for n in ast.walk(test):
        if (isinstance(n, ast.Constant) and isinstance(n.value, str) and "__main__" in n.value) \
                or (isinstance(n, ast.Name) and "__main__" in n.id) \
                or (isinstance(n, ast.Attribute) and "__main__" in n.attr):
            return True
    return False


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


def is_none(node: ast.AST | None) -> bool:
    """No argument, or a literal ``None``."""
    return node is None or (isinstance(node, ast.Constant) and node.value is None)


def given_keywords(call: ast.Call) -> set[str]:
    """The keyword arguments a call is given a value for (``baseline_model=None`` gives nothing)."""
    return {k.arg for k in call.keywords if k.arg and not is_none(k.value)}


_BASELINE_ARGS = frozenset({"baseline_model", "baseline_result"})


def given_baseline(call: ast.Call, last: str) -> bool:
    """An evaluation call (MLflow's ``evaluate``, ``validate_evaluation_results``, whose name ends in
    ``last``) is given a baseline to compare with: a baseline model or result that is not None, or the
    third positional argument of ``validate_evaluation_results``. spec-baseline-compare and
    rollout-quality-gate both ask it."""
    return bool(given_keywords(call) & _BASELINE_ARGS) or (
        last == "validate_evaluation_results" and len(call.args) >= 3 and not is_none(call.args[2]))


class Call(NamedTuple):
    """One call of a source (``calls``): a named tuple, made for every call of nearly every module (diffusers:
    ~300k), at half the cost of a frozen dataclass, and freed with its tree."""

    name: str  # as written, e.g. "study.optimize"
    qualified: str  # with import aliases resolved, e.g. "optuna.create_study"
    node: ast.Call


def calls(src: PySource) -> list[Call]:
    """Every call of a source with its dotted name, as written and with import aliases resolved."""
    return _per_source(src, "calls", lambda: _calls(src))


def calls_if_read(src: PySource) -> list[Call] | None:
    """``calls(src)`` when some fact has read them already, else None (nothing is computed)."""
    found: list[Call] | None = src.tree.__dict__.get("_mlgate_facts", {}).get("calls")
    return found


def _calls(src: PySource) -> list[Call]:
    table = aliases(src)
    out: list[Call] = []
    for node in src.call_nodes:
        name = dotted(node.func)
        if name is not None:
            out.append(Call(name, qualify(name, table), node))
    return out


# the class a config entry builds: Hydra's `_target_:`, OmegaConf's instantiate_from_config (`target:`, as in
# Stability-AI/generative-models' configs), LightningCLI's `class_path:`. Only a dotted name of a repository module
# counts (a `target: price` column is none)
_TARGET = lazyre.compile(r"^\s*(_target_|target|class_path):\s*['\"]?([A-Za-z_][\w.]*)", re.M)


def hydra_targets(index: RepoIndex) -> set[str]:
    """Repository modules named by ``_target_:`` (or ``target:``, ``class_path:``) in YAML configs (Hydra,
    ``instantiate_from_config`` and LightningCLI build them)."""

    def compute() -> set[str]:
        table = module_table(index)
        found: set[str] = set()
        for path in index.with_suffix(".yaml", ".yml"):
            if not index.contains(path, _HYDRA_TARGET):
                continue
            for m in _TARGET.finditer(index.text(path) or ""):
                dotted_name = m.group(2)
                if m.group(1) != "_target_" and "." not in dotted_name:
                    continue
                for name in (dotted_name, dotted_name.rsplit(".", 1)[0]):
                    found.update(table.get(name, ()))
        return found

    return index.memo("py:hydra-targets", compute)


# what builds the objects a config names: Hydra's `instantiate(`, `instantiate_from_config(`, and jsonargparse's
# `parser.instantiate_classes(cfg)` (the `class_path:` entries; a LightningCLI does the same inside, and a script that
# builds one, `LightningCLI()` or `LightningCLI(save_config_callback=None)`, trains what its config names)
_INSTANTIATE = Needles("instantiate(", "instantiate_from_config(", "instantiate_classes(", "LightningCLI(")


def file_repo_imports(index: RepoIndex, path: str) -> set[str]:
    """The repository files a module or notebook imports (``repo_imports`` of each of its sources), from its
    summary: the same set for every caller, not to be changed."""
    return _file_imports(index, path)


def _file_imports(index: RepoIndex, path: str) -> set[str]:
    """The repository files one file imports (mlgate.facts.python.repo_imports, the one reading of a file's
    imports), and for code that calls Hydra's ``instantiate`` the modules that the ``_target_`` entries of
    the repository's YAML configs name; computed once (one table for every file: a closure asks for every
    file it reaches, tens of thousands of times on a large library)."""
    entry = _imports_entry(index, path)
    if entry.hydra:  # Hydra builds the objects its configs' _target_ entries name: a memo that depends on them
        # (and on the file: its entry is read again inside, where the memo records it)
        return index.memo(f"py:file-imports-hydra:{path}",
                          lambda: _imports_entry(index, path).found | (hydra_targets(index) - {path}))
    return entry.found


class _Imports:
    """What one file imports (see ``_file_imports``), from it alone and the file list; ``hydra``: it calls
    ``instantiate``, so the repository's Hydra configs add to it; ``ordered``: ``found`` sorted, once."""

    __slots__ = ("found", "hydra", "ordered")

    def __init__(self, found: set[str], hydra: bool) -> None:
        self.found, self.hydra = found, hydra
        self.ordered: list[str] | None = None


def _imports_entry(index: RepoIndex, path: str) -> _Imports:
    table = index.file_store(path, "py:file-imports-by-path", _imports_table, files=True)
    entry = table.get(path)
    if entry is None:
        found = set(repo_imports(index, path))
        if index.contains(path, _MODULE_FILE):
            found |= _module_files(index, path)
        entry = table[path] = _Imports(found, index.contains(path, _INSTANTIATE))
    return entry


def _sorted_imports(index: RepoIndex, path: str) -> list[str]:
    """``_file_imports`` sorted, once per file: every root's walk visits the modules it shares with others."""
    entry = _imports_entry(index, path)
    if entry.hydra:
        return index.memo(f"py:file-imports-hydra-sorted:{path}", lambda: sorted(_file_imports(index, path)))
    if entry.ordered is None:
        entry.ordered = sorted(entry.found)
    return entry.ordered


_MODULE_FILE = Needles("module_file")


def _module_files(index: RepoIndex, path: str) -> set[str]:
    """Repository files a TFX pipeline loads by path (`Trainer(module_file="src/train/runner.py")`,
    `Transform(module_file=...)`): the component imports them when the pipeline runs."""
    text = index.text(path) or ""
    return {m.group(1) for m in re.finditer(r"""["']((?:[\w.-]+/)*[\w.-]+\.py)["']""", text)
            if index.exists(m.group(1))}


def _imports_table() -> dict[str, _Imports]:
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


def import_reached(index: RepoIndex, roots: Iterable[str], targets: Iterable[str],
                   depth: int = 6) -> dict[str, list[str]]:
    """target -> the roots, in their order, whose ``import_closure`` (``depth``) holds it, a root never
    counting for itself; a target no root reaches is left out. What asking ``import_closure`` of every root
    gives, without walking each root's closure again: a test suite of hundreds of files each reaching most
    of a library walked the same modules once per test. Instead, for k = 0..depth, each file's set of the
    targets within k imports (one bit per target) is the union of those within k - 1 of the files it imports;
    the files whose imports are read are the same (those within depth - 1 imports of a root)."""
    order = list(roots)
    bit = {t: 1 << i for i, t in enumerate(dict.fromkeys(targets))}
    if not order or not bit:
        return {}
    # the fewest imports from any root to each file found, breadth first (as import_closure reads them)
    hops = _levels(index, order, depth)
    # within[path]: the targets within k imports of path, for every path at most depth - k imports from a root
    within = {p: bit.get(p, 0) for p in hops}
    for k in range(1, depth + 1):
        within = {p: bit.get(p, 0) | _union(within[d] for d in _file_imports(index, p))
                  for p, h in hops.items() if h <= depth - k}
    out: dict[str, list[str]] = {}
    for target, b in bit.items():
        reached = [r for r in order if within[r] & b and r != target]
        if reached:
            out[target] = reached
    return out


def conftests(index: RepoIndex, test: str) -> list[str]:
    """The ``conftest.py`` files pytest loads for a test module: in its folder and in each folder above it,
    nearest first (the repository's root taken as pytest's rootdir)."""
    folders = test.split("/")[:-1]
    return [c for i in range(len(folders), -1, -1)
            if index.exists(c := "/".join([*folders[:i], "conftest.py"]))]


def tests_reaching(index: RepoIndex, tests: Sequence[str], targets: Iterable[str],
                   depth: int = 6) -> dict[str, list[str]]:
    """``import_reached`` for test modules, each of which also reaches what the ``conftest.py`` files pytest
    loads for it import: a fixture that imports the model and trains it is how the tests that take the
    fixture test it (datarootsio/ml-skeleton-py moved `train(...)` from tests/test_train.py into a fixture of
    tests/conftest.py, and its model was reported untested)."""
    loaded = {t: conftests(index, t) for t in tests}
    confs = sorted({c for cs in loaded.values() for c in cs} - set(tests))
    # one walk from the tests and the conftest files together: the modules they import are mostly the same
    reached = import_reached(index, [*tests, *confs], targets, depth)
    out: dict[str, list[str]] = {}
    for target, roots in reached.items():
        via = set(roots)
        found = [t for t in tests if t != target and (t in via or via.intersection(loaded[t]))]
        if found:
            out[target] = found
    return out


def _union(bits: Iterable[int]) -> int:
    found = 0
    for b in bits:
        found |= b
    return found


def import_levels(index: RepoIndex, root: str, depth: int = 6) -> dict[str, int]:
    """The files reachable from ``root`` by importing repository modules (bounded), each with the number
    of imports between (``root`` itself is 0)."""
    return _levels(index, [root], depth)


def _levels(index: RepoIndex, roots: list[str], depth: int) -> dict[str, int]:
    """The fewest imports from any of ``roots`` (0) to each file they reach within ``depth``, breadth first."""
    levels = dict.fromkeys(roots, 0)
    frontier = list(levels)
    for hops in range(1, depth + 1):
        nxt: list[str] = []
        for path in frontier:
            for dep in _sorted_imports(index, path):
                if dep not in levels:
                    levels[dep] = hops
                    nxt.append(dep)
        if not nxt:
            break
        frontier = nxt
    return levels


def nearest_roots(index: RepoIndex, roots: list[str], depth: int) -> dict[str, tuple[int, int]]:
    """file -> (the fewest imports from any of ``roots`` to it, within ``depth``; the first root, by its
    position in ``roots``, that reaches it in so few): for each file, the root and ``import_levels`` entry
    that asking ``import_levels`` of every root in turn and keeping the first nearest gives, in one breadth-first
    walk instead of one per root (diffusers' CI runs 530 test files that each reach ~900 of its modules)."""
    label: dict[str, tuple[int, int]] = {}
    for k, root in enumerate(roots):
        label.setdefault(root, (0, k))
    frontier = list(label)
    for hops in range(1, depth + 1):
        reached: dict[str, int] = {}
        for path in frontier:
            first = label[path][1]
            for dep in _sorted_imports(index, path):
                if dep not in label and first < reached.get(dep, len(roots)):
                    reached[dep] = first
        if not reached:
            break
        for dep, first in reached.items():
            label[dep] = (hops, first)
        frontier = list(reached)
    return label


def first_reaching(index: RepoIndex, roots: list[str], depth: int) -> dict[str, int]:
    """file -> the first root (its position in ``roots``) within ``depth`` imports of it, however many: for
    k = 1..depth, a file's first root within k imports is its own or the first within k - 1 of a file that
    imports it. The files whose imports are read are those ``nearest_roots`` reads."""
    first: dict[str, int] = {}
    for k, root in enumerate(roots):
        first.setdefault(root, k)
    for _ in range(depth):
        nxt = dict(first)
        changed = False
        for path, k in first.items():
            for dep in _sorted_imports(index, path):
                if k < nxt.get(dep, len(roots)):
                    nxt[dep] = k
                    changed = True
        first = nxt
        if not changed:
            break
    return first


# ------------------------------------------------------------------------------ what runs
_SCRIPT = lazyre.compile(r"(?<![\w/.-])((?:\.{0,2}/)?[\w./-]+\.(?:py|ipynb))\b")
_MODULE = lazyre.compile(r"\bpython[\d.]*\s+(?:-[A-Za-z]+\s+)*-m\s+([\w.]+)")


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


@dataclass(frozen=True)
class SmokeRun:
    """A CI command, run on every change, that runs a training entrypoint as a test: a short run
    (`--fast_dev_run`, `--max_epochs=1`, `--limit_train_batches 1`) or one started from a test script
    (`training/tests/test_run_experiment.sh`). The model code it trains is exercised on every change."""

    entry: str  # the training entrypoint it runs
    values: frozenset[str]  # the values of its options (`--model_class=CNN`: "CNN"), which may name a model class
    chain: str  # the CI step and what it goes through, to show
    # a run of the whole entrypoint that every pull request starts, with no option that shortens it (optuna-
    # examples' `python pytorch/pytorch_lightning_simple.py`): a pull request that breaks the model fails it, but
    # whether it is short, and whether anything is asserted, mlgate cannot tell. Not a smoke test; evidence of one
    full: bool = False


# a short training run: one epoch, a few steps or batches, a framework's quick check
_SHORT_RUN = lazyre.compile(
    r"--fast[_-]dev[_-]run\b|\bfast_dev_run=(true|1)\b|--(max_|num_train_)?epochs[= ]1\b|--limit_\w+_batches\b"
    r"|--max[_-]steps[= ]\d{1,3}\b|--smoke[_-]?test\b", re.I)
# a script that is a test: in a tests folder, or named test_* / *_test
_TEST_SCRIPT = lazyre.compile(r"(^|/)tests?/|(^|/)test_[^/]*$|_test\.\w+$")
_OPTION_VALUE = lazyre.compile(r"--[\w-]+[= ]([A-Za-z_]\w*)\b")


def ci_smoke_training(index: RepoIndex, entrypoints: Iterable[str]) -> list[SmokeRun]:
    """The smoke training runs (``SmokeRun``) of CI jobs run on every change, of the training entrypoints
    ``entrypoints``, and the full runs of them that pull requests start (``SmokeRun.full``); and the runs of
    them that a test file CI runs on every change starts in a process (``test_commands``)."""
    from mlgate.facts.ci import ci_reached

    wanted = set(entrypoints)
    out: list[SmokeRun] = []
    for job, r in ci_reached(index):
        if not job.on_change or not wanted:
            continue
        ran = scripts_in(index, r.command, r.cwd) & wanted
        if not ran:
            continue
        smoke = _SHORT_RUN.search(r.command) or any(_TEST_SCRIPT.search(link.path) for link in r.chain[1:])
        if smoke or job.triggers & PULL_REQUEST_EVENTS:
            values = frozenset(m.group(1) for m in _OPTION_VALUE.finditer(r.command))
            out += [SmokeRun(entry, values, r.chain_text()[:300], full=not smoke) for entry in sorted(ran)]
    if wanted:
        out += _test_started_runs(index, wanted)
    return out


def _test_started_runs(index: RepoIndex, wanted: set[str]) -> list[SmokeRun]:
    """The runs of training entrypoints ``wanted`` that the test files CI runs on every change start in a
    process: CleanRL keeps each agent in one script that trains under `__main__`, and its tests run each for a
    few steps (`subprocess.run("python cleanrl/dqn.py --total-timesteps 256", shell=True, check=True)`). A test
    fails when the script crashes: a smoke test of the models the script builds, as a CI step running it is."""
    seen: set[str] = set()
    out: list[SmokeRun] = []
    for job in ci_jobs(index):
        if not job.on_change:
            continue
        for run in job.tests:
            for test in sorted(index.containing(sorted(test_run_files(index, run)), _PROCESS_NEEDLES)):
                if test in seen:
                    continue
                seen.add(test)
                for line, command in index.summary("test-commands", test):
                    # the test runs where its runner runs (`pytest` from the repository root in CI)
                    for entry in sorted(scripts_in(index, command, run.cwd) & wanted):
                        values = frozenset(m.group(1) for m in _OPTION_VALUE.finditer(command))
                        chain = f"{run.chain_text()} -> {test}:{line} -> {command}"
                        out.append(SmokeRun(entry, values, chain[:300]))
    return out


# what a test starts a process with: subprocess's functions, os.system / os.popen
_PROCESS_NEEDLES = Needles("subprocess", "system(", "popen(", "Popen(")
_PROCESS_CALLS = frozenset({"run", "call", "check_call", "check_output", "Popen", "system", "popen"})


def _command_text(node: ast.expr) -> str | None:
    """The command line a process call is given, as far as its text is written: a string (an f-string's
    placeholders as `$X`), or an argument list (`[sys.executable, "train.py", "--steps", "8"]`), else None."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    if isinstance(node, ast.JoinedStr):
        return "".join(v.value if isinstance(v, ast.Constant) and isinstance(v.value, str) else "$X"
                       for v in node.values)
    if isinstance(node, (ast.List, ast.Tuple)):
        words = []
        for elt in node.elts:
            if isinstance(elt, ast.Constant) and isinstance(elt.value, str):
                words.append(elt.value)
            elif dotted(elt) == "sys.executable":
                words.append("python")
            else:
                words.append("$X")
        return " ".join(words)
    if isinstance(node, ast.Call) and dotted(node.func) == "shlex.split" and node.args:
        return _command_text(node.args[0])
    return None


def _test_commands(path: str, sources: list[PySource]) -> tuple[tuple[int, str], ...]:
    """(line, command) of each process a test file starts with a command line written in it: subprocess's
    run, call, check_call, check_output and Popen, os.system and os.popen."""
    out: list[tuple[int, str]] = []
    for src in sources:
        imported = "from subprocess import" in src.text
        for call in src.call_nodes:
            name = dotted(call.func) or ""
            root, _, last = name.rpartition(".")
            if last not in _PROCESS_CALLS or not call.args:
                continue
            if root not in ("subprocess", "os") and not (root == "" and imported and last != "system"):
                continue
            command = _command_text(call.args[0])
            if command:
                out.append((src.where(call.lineno)[0] or call.lineno, command))
    return tuple(out)


RepoIndex.summariser("test-commands", _test_commands, needles=(_PROCESS_NEEDLES,), absent=(),
                     at_drop=lambda _index, path: is_test_file(path))


# a run before the change is merged (a pull request, or a push to any branch): a training run on pushes to main
# alone may be the pipeline that trains the model
PULL_REQUEST_EVENTS = frozenset({"pull_request", "pull_request_target", "merge_group", PUSH_ANY_BRANCH})


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
    code: Iterable[str] = code_files(index) if paths is None else \
        (p for p in paths if p.endswith((".py", ".ipynb")) and not is_test_file(p))
    for path in code if needles is None else index.containing(code, needles):
        yield from index.python_sources([path], keep)
