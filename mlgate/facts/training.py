"""Training code: the entrypoints that train a model (scripts and notebooks), and the repository
functions they reach.

- ``training_units(index, configured)``: Units of the training entrypoints found by the model-spec
  discovery (``train.py``-style scripts, ``__main__`` scripts that fit a model) and of notebooks
  that import an ML framework and fit a model. Test files are never training code.
- ``reachable(index, unit, depth)``: (module, function) pairs of the repository functions an
  entrypoint calls, followed through imports across modules (bounded depth). A module no other fact
  keeps is a ``Reached`` (its names and the reached functions' nodes, not its tree): what a rule reads
  of such a module whole is a summary made at the drop of its parse.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator

from mlgate.facts.project import in_library_package, library_docs
from mlgate.facts.pycode import aliases
from mlgate.facts.python import (
    Reached,
    Unit,
    class_method,
    defining_module,
    is_test_path,
    reached_module,
    repo_imports,
    resolve_module,
    unit_at_hand,
    unit_for,
)
from mlgate.facts.specs import (
    FRAMEWORK_IMPORT,
    FRAMEWORK_NEEDLES,
    ML_SKIP_DIRS,
    TRAIN_CALL,
    TRAIN_NAME,
    notebook_transformers,
    runs_as_script,
    spec_files,
    tooling_scripts,
    training_calls,
    updates_weights,
)
from mlgate.repo import Needles, RepoIndex, calls_in, walk_statements

FunctionNode = ast.FunctionDef | ast.AsyncFunctionDef
# a module as ``reachable`` gives it: a Unit when one is built already (a training unit), else its names and the
# nodes of the functions reached in it (``Reached``)
Module = Unit | Reached


def training_units(index: RepoIndex, configured: tuple[str, ...] = ()) -> list[Unit]:
    return _training(index, configured)[0]


def _training(index: RepoIndex, configured: tuple[str, ...]) -> tuple[list[Unit], dict[str, list[Unit]]]:
    """``training_units`` and, for the training modules a pipeline step calls (``_step_modules``), the
    pipeline files that call them (``step_callers``): one memo, so that whoever reads the callers depends
    on what finding them read."""

    def compute() -> tuple[list[Unit], dict[str, list[Unit]]]:
        out: list[Unit] = []
        for spec in spec_files(index, configured):
            # a model's module that trains as a script (``spec.trains``) was read for its training calls already
            if (spec.kind == "entrypoint" or spec.trains) and not is_test_path(spec.path):
                unit = unit_for(index, spec.path)
                if unit is not None and (spec.trains or TRAIN_NAME.match(spec.path.rsplit("/", 1)[-1])
                                         or fits(unit)):
                    out.append(unit)
        out.extend(_managed_launchers(index, configured, {u.path for u in out}))
        out.extend(_drivers(index, configured, {u.path for u in out}))
        for path in index.with_suffix(".ipynb"):
            if library_docs(index, path):
                continue
            unit = unit_for(index, path) if index.contains(path, FRAMEWORK_NEEDLES) else None
            if unit is not None and not is_test_path(unit.path):
                code = "\n".join(s.text for s in unit.sources)
                if FRAMEWORK_IMPORT.search(code) and TRAIN_CALL.search(code) and _notebook_trains(unit):
                    out.append(unit)
        callers: dict[str, list[Unit]] = {}
        out += _step_modules(index, out, callers)
        return out, callers

    return index.memo(f"training-units:{configured}", compute)


# orchestrators whose steps call the training code (a Metaflow step, an Airflow task, a Prefect flow)
_ORCHESTRATORS = ("metaflow", "airflow", "prefect", "dagster", "kfp", "zenml", "flytekit", "kedro", "tfx")
_ORCHESTRATOR_NEEDLES = Needles(*(f"{kw} {o}" for kw in ("import", "from") for o in _ORCHESTRATORS))


def _step_modules(index: RepoIndex, entrypoints: list[Unit], callers: dict[str, list[Unit]]) -> list[Unit]:
    """Training modules (code that fits a model, with no entry point of its own) that a pipeline step imports
    and no training entrypoint reaches: the pipeline runs their training, so they are where it happens.
    ``callers`` gets the pipeline files that call each."""
    from mlgate.facts.python import repo_imports, units

    kinds = {s.path: s.kind for s in spec_files(index)}
    known = {u.path for u in entrypoints}
    reached = {owner.path for u in entrypoints for _c, owner, _f, _n in reachable(index, u)}
    out: list[Unit] = []
    for flow in units(index, _ORCHESTRATOR_NEEDLES):
        if is_test_path(flow.path) or not flow.imports_any(*_ORCHESTRATORS):
            continue
        for path in repo_imports(index, flow.path):
            if kinds.get(path) == "training" and path not in reached and not is_test_path(path) \
                    and (path not in known or path in callers):
                unit = unit_for(index, path)
                if unit is None:
                    continue
                if path not in known:
                    known.add(path)
                    out.append(unit)
                if flow not in callers.setdefault(path, []):
                    callers[path].append(flow)
    return out


def callers_of(index: RepoIndex, path: str, configured: tuple[str, ...] = ()) -> list[Unit]:
    """The pipeline flows (a Prefect flow, a Metaflow step, an Airflow task ...) and the other training
    entrypoints that import the training module ``path``: the code that runs its training, which may record
    what that run used (``log_dataset_manifest(run_id, ...)`` after ``run_id = train()``)."""

    def compute() -> dict[str, list[Unit]]:
        from mlgate.facts.python import units

        out: dict[str, list[Unit]] = {}
        runners = [u for u in units(index, _ORCHESTRATOR_NEEDLES)
                   if not is_test_path(u.path) and u.imports_any(*_ORCHESTRATORS)]
        runners += [u for u in training_units(index, configured) if u not in runners]
        for runner in runners:
            for imported in repo_imports(index, runner.path):
                if imported != runner.path:
                    out.setdefault(imported, []).append(runner)
        return out

    return index.memo(f"training-callers:{configured}", compute).get(path, [])


def step_callers(index: RepoIndex, unit: Unit, configured: tuple[str, ...] = ()) -> list[Unit]:
    """The pipeline files whose steps call the training module ``unit`` (for a unit of ``training_units(index,
    configured)`` found by ``_step_modules``): where its parameters are read and logged, and its seeds may be
    set."""
    return _training(index, configured)[1].get(unit.path, [])


def _notebook_trains(unit: Unit) -> bool:
    """A cell trains a model: fitting only encoders, scalers or vectorizers (exploring the data) is not
    training (the model-spec discovery's reading of the calls)."""
    table: dict[str, str] = {}
    for src in unit.sources:
        table.update(aliases(src))
    fitted = notebook_transformers(unit.sources, table)
    updates = updates_weights(*(s.text for s in unit.sources))
    return any(training_calls(src, table, fitted, updates) for src in unit.sources)


def _drivers(index: RepoIndex, configured: tuple[str, ...], known: set[str]) -> list[Unit]:
    """Scripts that run training defined in another module: a script (a ``__main__`` block, a command-line
    parser, an orchestrator's flow) that calls a function of a training module which fits a model, such as
    a Metaflow flow whose train step calls ``model.train_lstm_model()``. The training module alone is no
    entrypoint: nothing runs it."""
    specs = spec_files(index, configured)
    modules = {s.path for s in specs if s.kind == "training" and s.path.endswith(".py")}
    # a training script whose fitting function another script calls itself, with parameters of its own (a
    # `__main__` smoke run at the foot of `src/model.py`, and `main.py` reading params.yaml; a tuning script
    # calling `train.train(hyp, opt)`), not through a helper (a build script compiling the training pipeline)
    scripts = {s.path for s in specs if s.kind == "entrypoint" and s.path.endswith(".py")}
    if not modules and not scripts:
        return []
    trainers = modules | scripts
    # a script is imported by name (`from src.model import train`, `import train`): a file that spells no
    # such import is not read for its imports on the scripts' account (a tree of 143 training scripts and no
    # training module read every module's imports)
    stems = sorted({p.rsplit("/", 1)[-1][:-3] for p in scripts})
    spells = Needles.of(*(f"{n} import" for n in stems), *(f"import {n}" for n in stems),
                        *(f".{n} as" for n in stems), *(f".{n}\n" for n in stems)) if scripts else None
    skip = known | {s.path for s in specs} | {path for path, _why in tooling_scripts(index)}
    out: list[Unit] = []
    for path in index.files:
        if not path.endswith(".py") or path in skip or path.startswith(ML_SKIP_DIRS) or is_test_path(path) \
                or in_library_package(index, path):
            continue
        if not modules and (spells is None or not index.contains(path, spells)):
            continue
        # the training module is imported by the script or by a module it imports (a `__main__` that runs
        # ingestion, transformation and a trainer class whose method calls the fitting helper); a training
        # script is imported by the script itself
        direct = set(repo_imports(index, path))
        if not scripts & direct and not modules & direct \
                and not any(modules & set(repo_imports(index, d)) for d in direct):
            continue
        # asked of a Unit over a parse that is not kept, unmemoised: a script that turns out to run no
        # training (icefall's 314 decode and export scripts, importing their recipe's train.py) keeps no tree
        probe = unit_at_hand(index, path)
        if probe is None:
            continue
        src = probe.sources[0]
        script = runs_as_script(src)
        # a plain script: statements at module level (outside functions and classes) that train
        top = None if script else _module_level_calls(src.tree)
        for owner, target, fn, call in _reachable(index, probe, 2):
            if target.path in trainers and function_fits(fn) \
                    and (script or (owner.path == path and id(call) in (top or ()))) \
                    and (owner.path == path or target.path not in scripts):
                unit = unit_for(index, path)
                if unit is not None:
                    out.append(unit)
                break
    return out


def _module_level_calls(tree: ast.Module) -> set[int]:
    """The ids of the call nodes a module runs when it is executed: those outside function and class bodies
    (`model = CreditModel()` then `model.train(loans)` at the top of `run.py`)."""
    out: set[int] = set()
    stack: list[ast.AST] = list(tree.body)
    while stack:
        node = stack.pop()
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef, ast.Lambda)):
            continue
        if isinstance(node, ast.Call):
            out.add(id(node))
        stack.extend(ast.iter_child_nodes(node))
    return out


def _managed_launchers(index: RepoIndex, configured: tuple[str, ...], known: set[str]) -> list[Unit]:
    """Scripts that define a training job on a managed service and run as a script (a `__main__` block or a
    command-line parser): `python run_pipeline.py --role-arn ...` builds a SageMaker estimator and the
    workflow that starts it. The model trains in the service's container, but this script is where each
    training run is specified and launched: the training entrypoint."""
    out: list[Unit] = []
    for spec in spec_files(index, configured):
        if spec.kind != "training" or not spec.path.endswith(".py") or spec.path in known \
                or not spec.detail.startswith("defines a ") or is_test_path(spec.path) \
                or spec.path.startswith(ML_SKIP_DIRS) or in_library_package(index, spec.path):
            continue
        src = index.python(spec.path)
        unit = unit_for(index, spec.path) if src is not None and runs_as_script(src) else None
        if unit is not None:
            out.append(unit)
    return out


def _trains(name: str) -> bool:
    """A call's last name that trains a model: `fit`, `train`, `backward`, a `...Trainer`."""
    last = name.rsplit(".", 1)[-1]
    return last in ("fit", "train", "fit_generator", "backward") or last.endswith("Trainer")


def function_fits(fn: FunctionNode) -> bool:
    """The function's body calls something that trains a model."""
    return any(_trains(node.func.attr if isinstance(node.func, ast.Attribute)
                       else node.func.id if isinstance(node.func, ast.Name) else "")
               for node in calls_in(fn))


def fits(unit: Unit) -> bool:
    """The unit's code (not its docstrings) calls something that trains a model."""
    return any(_trains(name) for _src, _call, name in unit.calls())


def reachable(index: RepoIndex, unit: Unit, depth: int = 3) -> list[tuple[Module, Module, FunctionNode, ast.Call]]:
    """Repository functions called from ``unit`` (outside its own definitions too), transitively:
    (calling module, defining module, function node, the call that reached it). Several rules ask it of
    every training unit: computed once per unit. A module is its Unit when one is built already (kept by
    another fact), else a ``Reached``: its names and the reached functions' nodes, not its tree (what a rule
    reads of the whole module is a summary, repro's "repro-reached")."""
    return index.memo(f"reachable:{unit.path}:{depth}", lambda: list(_reachable(index, unit, depth)))


def _reachable(index: RepoIndex, unit: Unit, depth: int) -> Iterator[tuple[Module, Module, FunctionNode, ast.Call]]:
    seen: set[tuple[str, str]] = set()
    # (calling unit, [(its calls, the scope they are in: a module's trees or a function)])
    frontier: list[tuple[Module, list[tuple[list[ast.Call], list[ast.AST]]]]] = [
        (unit, [(s.call_nodes, [s.tree]) for s in unit.sources])]
    for _ in range(depth):
        nxt: list[tuple[Module, list[tuple[list[ast.Call], list[ast.AST]]]]] = []
        for owner, roots in frontier:
            for root_calls, scope in roots:
                instances: _Instances | None = None
                for node in root_calls:
                    name = _call_name(node.func)
                    if name is None:
                        continue
                    found = _function_called(index, owner, name)
                    if found is None and name.count(".") == 1 and name.split(".")[0] not in owner.aliases:
                        # `trainer = ModelTrainer(); trainer.initiate_model_trainer(...)`: a method of a
                        # repository class called on a local instance
                        if instances is None:
                            instances = _Instances(index, owner, scope)
                        found = instances.method(name)
                    if found is None:
                        continue
                    target_unit, fn = found
                    key = (target_unit.path, fn.name)
                    if key in seen:
                        continue
                    seen.add(key)
                    yield owner, target_unit, fn, node
                    nxt.append((target_unit, [(calls_in(fn), [fn])]))
        frontier = nxt


class _Instances:
    """Local names bound in a scope to an instance of a repository class (`obj = DataIngestion()`), resolved
    for the names whose methods are called only: resolving every `x = f(...)` of a scope read (and kept) each
    module `f` is imported from (karunru/kaggle_monorepo: 143 modules, 6.6M characters of trees kept to the end)
    for a few `trainer.fit(...)`. A name bound several times is the last binding that resolves to a class."""

    def __init__(self, index: RepoIndex, owner: Module, scope: list[ast.AST]) -> None:
        self.index = index
        self.owner = owner
        self.bound: dict[str, list[str]] = {}  # name -> the names of the calls bound to it, in order
        for root in scope:
            for node in walk_statements(root):  # assignments are statements: no expression is walked
                if isinstance(node, ast.Assign) and len(node.targets) == 1 and isinstance(node.targets[0], ast.Name) \
                        and isinstance(node.value, ast.Call):
                    name = _call_name(node.value.func)
                    if name:
                        self.bound.setdefault(node.targets[0].id, []).append(name)

    def method(self, name: str) -> tuple[Module, FunctionNode] | None:
        """The method ``var.attr`` calls when ``var`` is bound to an instance of a repository class."""
        var, attr = name.split(".")
        for call in reversed(self.bound.get(var, ())):
            is_class, found = _class_method(self.index, self.owner, call, attr)
            if is_class:
                return found
        return None


_NO_CLASS: tuple[bool, None] = (False, None)


def _class_method(index: RepoIndex, unit: Module, name: str, attr: str
                  ) -> tuple[bool, tuple[Module, FunctionNode] | None]:
    """Whether a call as ``name`` constructs a top-level class defined in ``unit`` or imported from the
    repository, and that class's method ``attr`` (None when it has none). Another module's classes are read
    from its summary, the method's node from a parse at hand (``reached_module``)."""
    target = unit.aliases.get(name.split(".")[0])
    if target is None and "." not in name:
        where: Module | None = unit
    else:
        dotted = name if target is None else target + name[len(name.split(".")[0]):]
        if "." not in dotted:
            return _NO_CLASS
        module, name = dotted.rsplit(".", 1)
        path = resolve_module(index, module, unit.path)
        if path is None or not index.exists(path):
            return _NO_CLASS
        where = reached_module(index, path)
    if where is None:
        return _NO_CLASS
    if isinstance(where, Reached):
        methods = where.classes.get(name)
        if methods is None:
            return _NO_CLASS
        fn = where.method(name, attr) if attr in methods else None
        return True, ((where, fn) if fn is not None else None)
    is_class, found = class_method(where, name, attr)
    return is_class, ((where, found) if found is not None else None)


def _function_called(index: RepoIndex, unit: Module, name: str) -> tuple[Module, FunctionNode] | None:
    """The definition of a function called as ``name`` in ``unit``: local, or imported from the repository
    (``resolve_function``'s reading, through the modules' names; the defining module as ``reached_module``)."""
    if "." not in name and name in unit.functions:
        fn = unit.function(name)
        return (unit, fn) if fn is not None else None
    found = defining_module(index, unit.aliases, unit.path, name,
                            lambda path: index.summary("py-top-names", path))
    other = reached_module(index, found[0]) if found is not None else None
    if found is None or other is None:
        return None
    fn = other.function(found[1])
    return (other, fn) if fn is not None else None


def _call_name(func: ast.expr) -> str | None:
    parts: list[str] = []
    while isinstance(func, ast.Attribute):
        parts.append(func.attr)
        func = func.value
    if not isinstance(func, ast.Name):
        return None
    parts.append(func.id)
    return ".".join(reversed(parts))
