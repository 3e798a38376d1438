"""Static facts about Python code: import aliases, call names, constants and config values.

Nothing here imports or runs the analysed code. The unit of analysis is a :class:`Unit`: one
``.py`` module, or one notebook with all its code cells (a constant set in cell 2 is visible in
cell 5, as it is when the notebook runs top to bottom).

- ``units(index)``: every Unit of the repository (memoised).
- ``Unit.qualname(node)``: the dotted name a call or attribute refers to, through import aliases:
  ``from datasets import load_dataset as ld`` makes ``ld`` -> ``datasets.load_dataset``, and
  ``import transformers as tf`` makes ``tf.AutoModel.from_pretrained`` ->
  ``transformers.AutoModel.from_pretrained``.
- ``Resolver``: folds an expression to its static value where that is possible: literals,
  module-level constants (also imported from another module of the repository), a function's
  default argument values, and values of a config key (``cfg.seed``, ``args["revision"]``,
  ``cfg.get("seed")``) read from the repository's YAML/JSON config files, argparse ``default=``
  and dataclass field defaults.
"""

from __future__ import annotations

import array
import ast
import re
from collections.abc import Callable, Iterable, Iterator, Mapping
from collections.abc import Set as AbstractSet
from dataclasses import field
from types import MappingProxyType
from typing import Any, NamedTuple

from mlgate import lazyre
from mlgate.facts.project import library_packages, separate_top_folders
from mlgate.facts.tests import is_test_file, python_files
from mlgate.patterns import by_folder
from mlgate.records import dataclass
from mlgate.repo import Needles, PySource, RepoIndex, parse_python, walk_nodes, walk_statements, yaml_line

UNRESOLVED = object()  # the value cannot be known statically


class ModuleNames:
    """What a module's names answer (a ``Unit``'s, a ``Reached`` module's): its imports and the dotted name a
    node refers to through them."""

    aliases: dict[str, str]  # local name -> dotted target
    imported_modules: AbstractSet[str]  # dotted names of everything imported

    def imports_any(self, *roots: str) -> bool:
        return any(m == r or m.startswith(r + ".") for m in self.imported_modules for r in roots)

    def qualname(self, node: ast.AST) -> str | None:
        """``a.b.c`` for a Name/Attribute chain, with the first name replaced through the imports."""
        parts: list[str] = []
        while isinstance(node, ast.Attribute):
            parts.append(node.attr)
            node = node.value
        if isinstance(node, ast.Call):  # e.g. torch.Generator().manual_seed
            inner = self.qualname(node.func)
            if inner is None:
                return None
            parts.append(inner + "()")
            return ".".join(reversed(parts))
        if not isinstance(node, ast.Name):
            return None
        parts.append(self.aliases.get(node.id, node.id))
        return ".".join(reversed(parts))


@dataclass
class Unit(ModuleNames):
    """One module or notebook: its code sources, import aliases and module-level constants."""

    path: str
    sources: list[PySource]
    aliases: dict[str, str] = field(default_factory=dict)  # local name -> dotted target
    constants: dict[str, ast.expr] = field(default_factory=dict)  # module-level NAME = <expr>
    functions: dict[str, ast.FunctionDef | ast.AsyncFunctionDef] = field(default_factory=dict)
    imported_modules: set[str] = field(default_factory=set)  # dotted names of everything imported
    _calls: list[tuple[PySource, ast.Call, str]] | None = field(default=None, repr=False, compare=False)
    # facts keyed by the identity of this unit's nodes (Resolver): kept with the unit, so a unit built for
    # one rule and dropped with its trees takes them along, and never meets another parse of its file
    _enclosing: _Enclosing | None = field(default=None, repr=False, compare=False)
    _method_class: dict[int, ast.ClassDef] | None = field(default=None, repr=False, compare=False)

    @property
    def is_notebook(self) -> bool:
        return self.path.endswith(".ipynb")

    def function(self, name: str) -> FunctionNode | None:
        """The node of the module-level function ``name``, as ``Reached.function`` answers it."""
        return self.functions.get(name)

    def text_source(self) -> PySource:
        """The module's source, for ``where`` and searches of its text, as ``Reached.text_source`` answers it
        (a notebook's first cell)."""
        return self.sources[0]

    def walk(self) -> Iterator[tuple[PySource, ast.AST]]:
        for src in self.sources:
            for node in src.nodes:
                yield src, node

    def calls(self) -> list[tuple[PySource, ast.Call, str]]:
        """Every call with a resolvable name: (source, call node, qualified name); resolved once."""
        if self._calls is None:
            from mlgate.facts.pycode import calls_if_read

            found: list[tuple[PySource, ast.Call, str]] = []
            for src in self.sources:
                read = calls_if_read(src)
                if read is None:
                    found += [(src, node, name) for node in src.call_nodes
                              if (name := self.qualname(node.func)) is not None]
                else:  # the dotted names read already: the same calls, only the first name goes through imports
                    found += [(src, c.node, self._through_imports(c.name)) for c in read]
            self._calls = found
        return self._calls

    def _through_imports(self, name: str) -> str:
        """``qualname`` of a call's function from its dotted name as written (``dotted``, which spells it
        as ``qualname`` does, with the innermost name as written): that name, up to the first ``.`` or
        ``(``, replaced through the imports."""
        cut = len(name)
        for mark in (".", "("):
            at = name.find(mark, 0, cut)
            if at != -1:
                cut = at
        target = self.aliases.get(name[:cut])
        return name if target is None else target + name[cut:]


def build_unit(path: str, sources: list[PySource]) -> Unit:
    """A Unit of these sources of ``path``, not memoised (``unit_for`` gives the one shared by every rule)."""
    unit = Unit(path, sources)
    for src in sources:
        for node in src.of_types(ast.Import, ast.ImportFrom):
            if isinstance(node, ast.Import):
                for a in node.names:
                    unit.imported_modules.add(a.name)
                    if a.asname:
                        unit.aliases[a.asname] = a.name
                    else:
                        root = a.name.split(".")[0]
                        unit.aliases.setdefault(root, root)
            elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                unit.imported_modules.add(node.module)
                for a in node.names:
                    if a.name != "*":
                        unit.aliases[a.asname or a.name] = f"{node.module}.{a.name}"
                        unit.imported_modules.add(f"{node.module}.{a.name}")
            elif isinstance(node, ast.ImportFrom) and node.level > 0:
                mod = "." * node.level + (node.module or "")
                for a in node.names:
                    if a.name != "*":
                        unit.aliases[a.asname or a.name] = (
                            f"{mod}.{a.name}" if node.module else f"{mod}{a.name}"
                        )
        for stmt in src.tree.body:
            _module_statement(unit, stmt)
    return unit


def _module_statement(unit: Unit, stmt: ast.stmt) -> None:
    if isinstance(stmt, ast.Assign) and len(stmt.targets) == 1 and isinstance(stmt.targets[0], ast.Name):
        unit.constants[stmt.targets[0].id] = stmt.value
    elif isinstance(stmt, ast.AnnAssign) and isinstance(stmt.target, ast.Name) and stmt.value is not None:
        unit.constants[stmt.target.id] = stmt.value
    elif isinstance(stmt, (ast.FunctionDef, ast.AsyncFunctionDef)):
        unit.functions[stmt.name] = stmt
    elif isinstance(stmt, (ast.If, ast.Try)):  # `if __name__ == "__main__":` and guarded imports
        for inner in stmt.body:
            _module_statement(unit, inner)


def units(index: RepoIndex, needles: Needles | None = None) -> list[Unit]:
    """The Python modules and notebooks of the repository, each parsed once; with ``needles``, only
    those whose text contains one of them (a byte search, so files that cannot matter are never
    parsed: parsing and walking every module is what makes a large repository slow)."""
    paths: Iterable[str] = python_files(index)
    if needles is not None:
        paths = list(index.containing(paths, needles))
    return [u for u in (unit_for(index, p) for p in paths) if u is not None]


def _units_by_path() -> dict[str, Unit | None]:
    return {}


def units_where(index: RepoIndex, paths: Iterable[str], wanted: Callable[[Unit], bool],
                keep: bool = True) -> Iterator[Unit]:
    """The Units of ``paths`` (modules and notebooks) for which ``wanted`` holds. The question is asked
    of a Unit built for it alone, whose trees are dropped afterwards unless the answer is yes: a rule
    that reads a few of the modules it must look at (those that call a Hub download, say) does not keep
    every other module's tree in memory until the report. ``wanted`` must keep no node of the Unit.
    ``keep=False``: the Units that answer yes are not kept either (the caller's own, dropped with what it
    returns; a Unit kept already is shared): for a rule whose findings hold no node. The Units come one
    at a time, each built when the caller asks for the next: a caller that keeps none of them holds one
    Unit's trees at a time."""
    for path in paths:
        built = index.file_store(path, "py-units-by-path", _units_by_path)
        if path in built:
            unit = built[path]
            if unit is not None and wanted(unit):
                yield unit
            continue
        if not path.endswith((".py", ".ipynb")) or not index.exists(path):
            continue
        sources = list(index.python_sources([path], keep=False))
        if not sources:
            continue
        probe = build_unit(path, sources)
        if wanted(probe):
            # kept (or cached all the same): the Unit shared by every rule, over the same trees
            unit = unit_for(index, path) if keep or index.kept(path) else probe
            if unit is not None:
                yield unit


def unit_at_hand(index: RepoIndex, path: str) -> Unit | None:
    """The Unit of one module or notebook for a caller that keeps none of its nodes: the shared one when
    it is built already, else one built for this caller alone over a parse that is not kept (see
    ``RepoIndex.python``), so that a sweep over many modules does not keep their trees until the report."""
    built = index.file_store(path, "py-units-by-path", _units_by_path)
    if path in built:
        return built[path]
    if not path.endswith((".py", ".ipynb")) or not index.exists(path):
        return None
    sources = list(index.python_sources([path], keep=False))
    return build_unit(path, sources) if sources else None


def built_unit(index: RepoIndex, path: str) -> Unit | None:
    """The Unit of a module or notebook when ``unit_for`` built it already (its calls may be read already), else
    None: builds nothing."""
    return index.file_store(path, "py-units-by-path", _units_by_path).get(path)


def unit_for(index: RepoIndex, path: str) -> Unit | None:
    """The Unit of one module or notebook, built on first use."""
    index = index.owner_of(path)  # a Unit depends on its own file only: shared with the working tree
    built = index.file_store(path, "py-units-by-path", _units_by_path)
    if path not in built:
        unit = None
        if path.endswith(".py") and index.exists(path):
            src = index.python(path)
            unit = build_unit(path, [src]) if src is not None else None
        elif path.endswith(".ipynb") and index.exists(path):
            cells = index.notebook_sources(path)
            unit = build_unit(path, cells) if cells else None
        built[path] = unit
    return built[path]


def is_test_path(path: str) -> bool:
    """A test module, or a module of a folder of tests or of test helpers (a package's `test_utils/`, as a
    `test_utils.py` is one by its name). Asked of every file by many facts (42,000 times on the 10,000-file
    tree): the folders are answered once each."""
    return is_test_file(path) or _in_test_folder(path) or path == "conftest.py" or path.endswith("/conftest.py")


_TEST_FOLDERS = frozenset({"tests", "test", "testing", "integration_tests", "test_utils", "testing_utils"})
_in_test_folder = by_folder(lambda folder: any(p in _TEST_FOLDERS for p in folder.split("/")))


def module_index(index: RepoIndex) -> dict[str, str]:
    """Dotted module name -> path, for every module of the repository, under every plausible root
    (``src/pkg/mod.py`` is both ``src.pkg.mod`` and ``pkg.mod``; scripts' siblings import as ``mod``)."""

    def compute() -> dict[str, str]:
        out: dict[str, str] = {}
        for path in index.files:
            if not path.endswith(".py"):
                continue
            parts = path[:-3].split("/")
            if parts[-1] == "__init__":
                parts = parts[:-1]
            for i in range(len(parts)):
                out.setdefault(".".join(parts[i:]), path)
        return out

    return index.memo("py-module-index", compute)


def resolve_module(index: RepoIndex, dotted: str, importer: str | None = None) -> str | None:
    """The path of a repository module named ``dotted`` (relative imports resolved against ``importer``)."""
    return _resolve_module(index, dotted, importer, None)


def _resolve_module(index: RepoIndex, dotted: str, importer: str | None, modules: dict[str, str] | None
                    ) -> str | None:
    """``resolve_module`` with the module index at hand (``modules``, when its caller resolves many names)."""
    if dotted.startswith(".") and importer:
        level = len(dotted) - len(dotted.lstrip("."))
        base = importer.split("/")[:-1]
        if level > 1:
            base = base[: len(base) - (level - 1)]
        rest = dotted.lstrip(".")
        cand = "/".join(base + ([*rest.split(".")] if rest else []))
        for p in (cand + ".py", cand + "/__init__.py"):
            if index.exists(p):
                return p
        return None
    if importer and "/" in importer:
        # a script importing its sibling (`from utils import set_seed`): the script's folder comes first on
        # sys.path, so the sibling wins over a same-named module elsewhere (another project's utils.py)
        sibling = importer.rsplit("/", 1)[0] + "/" + dotted.replace(".", "/") + ".py"
        if index.exists(sibling):
            return sibling
    return (module_index(index) if modules is None else modules).get(dotted)


def _import_names(path: str, sources: list[PySource]) -> tuple[str, ...]:
    """Every name a module's imports may resolve to (``from a import b`` gives ``a`` and ``a.b``), in order."""
    out: list[str] = []
    for node in (n for src in sources for n in src.of_types(ast.Import, ast.ImportFrom)):
        if isinstance(node, ast.Import):
            out += [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = "." * node.level + (node.module or "")
            out += [base] + [f"{base}.{a.name}" if node.module else f"{base}{a.name}" for a in node.names]
    return tuple(out)


RepoIndex.summariser("py-import-names", _import_names)


def import_names(index: RepoIndex, path: str) -> tuple[str, ...]:
    """Every name the imports of a module or notebook may resolve to (``_import_names``), from its summary."""
    names: tuple[str, ...] = index.summary("py-import-names", path)
    return names
RepoIndex.summariser("py-source-count", lambda path, sources: len(sources))  # modules: 1, notebooks: cells


class TopNames(NamedTuple):
    """What another module's code resolves a name against, kept without the module's tree (summary
    "py-top-names"): the Unit's ``functions`` (their names) and ``aliases``, and its top-level classes (the
    first of each name) with the names of the methods each defines. A caller builds the Unit (kept) only
    for the definition it finds, not for every module a called name is imported from."""

    functions: frozenset[str]
    aliases: dict[str, str]
    classes: dict[str, frozenset[str]]
    imported_modules: frozenset[str] = frozenset()
    # the lines (first, with its decorators; last) of each of those functions, and of those methods as
    # "Class.method": a ``Reached`` parses a function's lines alone, not its module again
    spans: Mapping[str, tuple[int, int]] = MappingProxyType({})


def _top_names(path: str, sources: list[PySource]) -> TopNames:
    unit = build_unit(path, sources)
    classes: dict[str, frozenset[str]] = {}
    module = path.endswith(".py") and len(sources) == 1  # a notebook's lines are its cells'
    spans = {name: _lines_of(fn) for name, fn in unit.functions.items()} if module else {}
    for src in sources:
        for stmt in src.tree.body:
            if isinstance(stmt, ast.ClassDef) and stmt.name not in classes:
                methods = [m for m in stmt.body if isinstance(m, (ast.FunctionDef, ast.AsyncFunctionDef))]
                classes[stmt.name] = frozenset(m.name for m in methods)
                if module:
                    for m in reversed(methods):  # the first of a name, as ``class_method`` finds it
                        spans[f"{stmt.name}.{m.name}"] = _lines_of(m)
    return TopNames(frozenset(unit.functions), unit.aliases, classes, frozenset(unit.imported_modules), spans)


def _lines_of(fn: ast.FunctionDef | ast.AsyncFunctionDef) -> tuple[int, int]:
    return min([fn.lineno, *(d.lineno for d in fn.decorator_list)]), fn.end_lineno or fn.lineno


FunctionNode = ast.FunctionDef | ast.AsyncFunctionDef
_NO_TREE = ast.Module(body=[], type_ignores=[])


class Reached(ModuleNames):
    """A repository module whose functions training code calls (``facts.training.reachable``), held without its
    tree: its names (the "py-top-names" summary) and the nodes of the functions reached in it, each function's
    subtree only. A rule asks what it reads of the whole module from a summary (repro's "repro-reached"), made
    when the parse the functions were taken from is dropped. Keeping the module's Unit instead kept every reached
    module's tree to the end (karunru/kaggle_monorepo: 110 modules, 4.6M characters of source, for 167
    functions of 0.17M). Like a Unit it answers ``path``, ``aliases``, ``imported_modules``, ``imports_any``
    and ``qualname`` (the same code); its ``functions`` are names, and ``function``/``method`` give nodes.
    One per path (``reached_module``), so that its identity is its file's, as a Unit's is."""

    is_notebook = False

    def __init__(self, index: RepoIndex, path: str, names: TopNames) -> None:
        self.index = index
        self.path = path
        self.aliases = names.aliases
        self.imported_modules = names.imported_modules
        self.functions = names.functions
        self.classes = names.classes
        self._spans = names.spans
        self._nodes: dict[tuple[str, str], FunctionNode | None] = {}
        self._line_starts: array.array[int] | None = None

    def function(self, name: str) -> FunctionNode | None:
        """The node of the module-level function ``name`` (``Unit.functions[name]``), from a parse of its lines
        the first time (see ``_parse_lines``; only this function's subtree stays, with this object)."""
        key = ("", name)
        if key not in self._nodes:
            fn = self._parse_lines(name, name)
            if fn is None:
                unit = self.unit()
                fn = unit.functions.get(name) if unit is not None else None
            self._nodes[key] = fn
        return self._nodes[key]

    def method(self, cls: str, attr: str) -> FunctionNode | None:
        """The method ``attr`` of the module's first top-level class ``cls`` (as ``_class_method`` reads a Unit)."""
        key = (cls, attr)
        if key not in self._nodes:
            fn = self._parse_lines(f"{cls}.{attr}", attr)
            if fn is None:
                unit = self.unit()
                fn = class_method(unit, cls, attr)[1] if unit is not None else None
            self._nodes[key] = fn
        return self._nodes[key]

    def _parse_lines(self, key: str, name: str) -> FunctionNode | None:
        """The function whose lines the module's summary gives under ``key``, parsed alone: the same node, at
        the same lines and columns, as in a parse of the whole module (an indented one under an `if 1:`). A
        module that training scripts call into is asked for its functions one by one, by script after script:
        parsing it whole each time cost k2-fsa/icefall 16M characters of parses (icefall/utils.py 42 times for
        42 functions). None when the lines cannot be read alone (the caller then parses the module)."""
        span = self._spans.get(key)
        text = self.text if span is not None else ""
        if span is None or text.count("\r") != text.count("\r\n"):  # lone CRs end lines for the parser too
            return None
        starts = self._line_starts
        if starts is None:  # 4 bytes a line, held with the module's names
            starts = self._line_starts = array.array("I", [0])
            find = text.find
            at = find("\n")
            while at >= 0:
                starts.append(at + 1)
                at = find("\n", at + 1)
        first, last = span
        if not 1 <= first <= last <= len(starts):
            return None
        lines = text[starts[first - 1]:starts[last] if last < len(starts) else len(text)]
        indented = lines[:1] in (" ", "\t", "\f")
        tree = parse_python("if 1:\n" + lines if indented else lines, self.path, None)
        if tree is None or len(tree.body) != 1:
            return None
        node = tree.body[0]
        if indented:
            if not isinstance(node, ast.If) or len(node.body) != 1:
                return None
            node = node.body[0]
        if not isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)) or node.name != name:
            return None
        ast.increment_lineno(node, first - 2 if indented else first - 1)
        return node

    def unit(self) -> Unit | None:
        """A Unit of the module over a parse at hand (the kept one, or one that is not kept): for a caller that
        keeps none of its nodes (``node_in`` finds a held function's node in it)."""
        return unit_at_hand(self.index, self.path)

    @property
    def text(self) -> str:
        return self.index.text(self.path) or ""

    def text_source(self) -> PySource:
        """The module as a source with its text and no tree: for ``where`` and searches of its text only."""
        return PySource(self.path, _NO_TREE, self.text)


def class_method(unit: Unit, name: str, attr: str) -> tuple[bool, FunctionNode | None]:
    """Whether ``unit`` defines a top-level class ``name`` (the first of that name), and its method ``attr``."""
    for src in unit.sources:
        for stmt in src.tree.body:
            if isinstance(stmt, ast.ClassDef) and stmt.name == name:
                return True, next((m for m in stmt.body if isinstance(m, ast.FunctionDef | ast.AsyncFunctionDef)
                                   and m.name == attr), None)
    return False, None


def reached_module(index: RepoIndex, path: str) -> Unit | Reached | None:
    """The module at ``path`` as ``reachable`` gives it: its Unit when one is built already (kept by another
    fact: the training units among them, whose identity rules compare), else its ``Reached`` (one per path)."""
    built = index.file_store(path, "py-units-by-path", _units_by_path)
    if path in built:
        return built[path]
    held = index.file_store(path, "py-reached", _reached_by_path)
    if path not in held:
        names: TopNames | None = index.summary("py-top-names", path) if index.exists(path) else None
        held[path] = Reached(index.owner_of(path), path, names) if names is not None else None
    return held[path]


def _reached_by_path() -> dict[str, Reached | None]:
    return {}


def reached_made(index: RepoIndex, path: str) -> bool:
    """Whether ``reached_module`` made a ``Reached`` of the module at ``path``."""
    return index.file_store(path, "py-reached", _reached_by_path).get(path) is not None


def node_in(unit: Unit, node: ast.AST) -> ast.AST | None:
    """The node of ``unit``'s parse at the place of ``node`` (of another parse of the same file): the same type
    and span, found by descending through the nodes whose span holds it."""
    span = (node.lineno, node.col_offset, node.end_lineno, node.end_col_offset)  # type: ignore[attr-defined]
    for src in unit.sources:
        stack: list[ast.AST] = [src.tree]
        while stack:
            at = stack.pop()
            for child in ast.iter_child_nodes(at):
                first = (getattr(child, "lineno", None), getattr(child, "col_offset", None))
                last = (getattr(child, "end_lineno", None), getattr(child, "end_col_offset", None))
                if first[0] is None or last[0] is None:
                    stack.append(child)  # no position (an argument list): look inside
                    continue
                if (first[0], first[1]) > (span[0], span[1]) or (last[0], last[1]) < (span[2], span[3]):
                    continue
                if type(child) is type(node) and (first + last) == span:
                    return child
                stack.append(child)
    return None


def in_a_project(index: RepoIndex, path: str) -> bool:
    """A summary made at every drop in a repository that publishes no library package (a project's modules
    are what its training scripts import); in a library's, when asked: its modules are many, its scripts few
    (diffusers: the summaries of its examples alone held 3 MB more to the end, and none was asked)."""
    return not library_packages(index)


RepoIndex.summariser("py-top-names", _top_names, at_drop=in_a_project)


def repo_imports(index: RepoIndex, path: str) -> list[str]:
    """Paths of the repository modules that the module or notebook at ``path`` imports."""

    def compute() -> list[str]:
        # from the file's summary, not its Unit: only names are kept, so the tree need not stay in memory
        names: tuple[str, ...] = index.summary("py-import-names", path) if index.exists(path) else ()
        out: list[str] = []
        modules = module_index(index) if names else None  # once, not once a name (peft: 10,000 names)
        for name in names:
            target = _resolve_module(index, name, path, modules)
            if target and target != path and target not in out:
                out.append(target)
        return out

    return index.file_memo(path, "py-repo-imports", compute)


def resolve_function(
    index: RepoIndex, unit: Unit, name: str
) -> tuple[Unit, ast.FunctionDef | ast.AsyncFunctionDef] | None:
    """The definition of a function called as ``name`` in ``unit``: local, or imported from the repository."""
    if "." not in name and name in unit.functions:
        return unit, unit.functions[name]

    def names_of(path: str) -> TopNames | None:
        # the module's names first when a drop made them: its Unit (and tree, kept) only when it defines the
        # function; else its Unit, from the parse at hand or one made now (as a summary would parse it)
        names: TopNames | None = index.summary_made("py-top-names", path)
        if names is None:
            other = unit_for(index, path)
            names = TopNames(frozenset(other.functions), other.aliases, {}) if other is not None else None
        return names

    found = defining_module(index, unit.aliases, unit.path, name, names_of)
    other = unit_for(index, found[0]) if found is not None else None
    return (other, other.functions[found[1]]) if found is not None and other is not None else None


def defining_module(index: RepoIndex, aliases: dict[str, str], importer: str, name: str,
                    names_of: Callable[[str], TopNames | None]) -> tuple[str, str] | None:
    """(module path, function name) of the repository module that defines the function called as ``name``
    (through the caller's ``aliases``), following up to three re-exports (`from .seeding import fix_seeds` in a
    package's __init__.py: the name the caller imports is that function); ``names_of`` reads a module's names."""
    target = aliases.get(name.split(".")[0])
    dotted = name if target is None else target + name[len(name.split(".")[0]) :]
    if "." not in dotted:
        return None
    module, func = dotted.rsplit(".", 1)
    for _ in range(3):
        path = resolve_module(index, module, importer)
        if path is None or not index.exists(path):
            return None
        names = names_of(path)
        if names is None:
            return None
        if func in names.functions:
            return path, func
        again = names.aliases.get(func)
        if again is None or "." not in again:
            return None
        importer, (module, func) = path, again.rsplit(".", 1)
    return None


# ------------------------------------------------------------------------------------- values
@dataclass(frozen=True)
class ConfigValue:
    """A value of a key found in a config file (or a declared default), with where it is."""

    path: str
    line: int | None
    value: Any
    origin: str  # "config" | "argparse default" | "field default"


_CONFIG_DIRS = ("conf", "config", "configs", "cfg", "recipes", "recipe", "params", "hparams", "experiments")
_CONFIG_DIR_HINT = lazyre.compile(r"conf|recipe|receipe|experiment|hparam|sweep", re.I)
_SKIP_CONFIG = (
    ".github/",
    ".gitlab",
    ".pre-commit",
    "docker-compose",
    ".circleci/",
    "mkdocs",
    ".readthedocs",
    "environment.y",
    "conda.y",
    "codecov",
    ".mlgate",
)


def _config_names(path: str, sources: list[PySource]) -> frozenset[str]:
    """The config file names (.yaml, .yml, .json) a module's string literals spell."""
    return frozenset(
        node.value.lstrip("./") for src in sources for node in src.of_types(ast.Constant)
        if isinstance(node.value, str) and node.value.endswith((".yaml", ".yml", ".json")) and len(node.value) < 300)


def config_files(index: RepoIndex, needles: Needles | None = None) -> list[str]:
    """YAML/JSON files that plausibly configure training: params files, config/recipe trees, and
    config files named by a string literal in the code; with ``needles``, only those that contain one.

    A file outside a config folder and not named like one counts only when some module spells its name:
    the modules read for that are the ones whose text holds the name of such a file among those asked
    about (on checkov, parsing every module that mentions ".json" to decide about none was a sixth of
    its scan)."""
    found = [(path, sure) for path, sure in _config_candidates(index)
             if needles is None or index.contains(path, needles)]
    unsure = sorted({path.rsplit("/", 1)[-1] for path, sure in found if not sure})
    named = _named_in_code(index, tuple(unsure)) if unsure else frozenset()
    return [path for path, sure in found
            if sure or path in named or any(path.endswith("/" + n) for n in named if "/" in n)]


def _config_candidates(index: RepoIndex) -> list[tuple[str, bool]]:
    """(path, sure) of every YAML/JSON file that may configure training: sure in a config folder or named
    like one (params.yaml), else only if code names it."""

    def compute() -> list[tuple[str, bool]]:
        out = []
        for path in index.files:
            if (
                not path.endswith((".yaml", ".yml", ".json"))
                or path.startswith(_SKIP_CONFIG)
                or any(s in path for s in _SKIP_CONFIG)
                or path.endswith(("dvc.lock", "package.json", "package-lock.json"))
            ):
                continue
            parts = path.split("/")
            if is_test_path(path):
                continue
            sure = any(p in _CONFIG_DIRS or _CONFIG_DIR_HINT.search(p) for p in parts[:-1]) \
                or bool(re.match(r"^(params|config|hparams)\b", parts[-1]))
            out.append((path, sure))
        return out

    return index.memo("py-config-candidates", compute)


def _named_in_code(index: RepoIndex, names: tuple[str, ...]) -> frozenset[str]:
    """The config file names spelled by the modules whose text holds one of ``names`` (file names): a
    module that names such a file spells its name, so no other module can."""

    def compute() -> frozenset[str]:
        spelled = Needles.of(*names)
        named: set[str] = set()
        for path in _spellers(index):
            if index.contains(path, spelled):
                named.update(index.summary("py-config-names", path))
        return frozenset(named)

    return index.memo(f"py-config-named:{names}", compute)


def _spellers(index: RepoIndex) -> list[str]:
    """The modules and notebooks whose text holds the file name of some candidate that code must name: the
    only ones ``_named_in_code`` searches for the names each reader asks about (peft's readers ask about 16
    sets of ~95 names, and each set searched every module that spells ".json" again)."""

    def compute() -> list[str]:
        return [path for path in index.files if path.endswith((".py", ".ipynb")) and _may_spell(index, path)]

    return index.memo("py-config-spellers", compute)


def _may_spell(index: RepoIndex, path: str) -> bool:
    """Whether a module's text holds the file name of some candidate that code must name (``_spellers``):
    the only modules ever asked for their py-config-names summary, made at a drop for them alone (lerobot
    made it for 116 modules and asked none)."""
    spelled = index.memo("py-config-spelled", lambda: _unsure_names(index))
    return spelled is not None and index.contains(path, _CONFIG_NAMES) and index.contains(path, spelled)


def _unsure_names(index: RepoIndex) -> Needles | None:
    names = sorted({path.rsplit("/", 1)[-1] for path, sure in _config_candidates(index) if not sure})
    return Needles.of(*names) if names else None


def _walk_keys(node: Any, key: str, path: str, out: list[ConfigValue], depth: int = 0) -> None:
    if depth > 12:
        return
    if isinstance(node, dict):
        for k, v in node.items():
            if str(k) == key and not isinstance(v, (dict, list)):
                out.append(ConfigValue(path, yaml_line(node, k), v, "config"))
            _walk_keys(v, key, path, out, depth + 1)
    elif isinstance(node, list):
        for v in node:
            _walk_keys(v, key, path, out, depth + 1)


def config_values(index: RepoIndex, key: str) -> list[ConfigValue]:
    """Every scalar value of ``key`` in the config files, plus declared defaults in the code
    (``add_argument("--key", default=...)``, dataclass ``key: T = default`` / ``field(default=...)``)."""

    def compute() -> list[ConfigValue]:
        return [*config_file_values(index, key), *(cv for k, cv in declared_defaults(index, key) if k == key)]

    return index.memo(f"py-config-values:{key}", compute)


def config_file_values(index: RepoIndex, key: str) -> list[ConfigValue]:
    """Every scalar value of ``key`` in the config files (``config_values`` without the defaults declared in code)."""

    def compute() -> list[ConfigValue]:
        out: list[ConfigValue] = []
        for path in config_files(index, Needles.of(key)):
            docs = [index.json(path)] if path.endswith(".json") else index.yaml(path)
            for doc in docs:
                _walk_keys(doc, key, path, out)
        return out

    return index.memo(f"py-config-file-values:{key}", compute)


_DECLARATIONS = Needles("add_argument", "@dataclass", "dataclasses", "BaseModel", "BaseSettings", "attr")
_CONFIG_NAMES = Needles(".yaml", ".yml", ".json")
RepoIndex.summariser("py-config-names", _config_names, needles=(_CONFIG_NAMES,), at_drop=_may_spell)


def declared_defaults(index: RepoIndex, key: str) -> list[tuple[str, ConfigValue]]:
    """(key, default) for argparse options and dataclass-style fields that may declare ``key`` (among
    them every declaration of ``key``; read them with ``k == key``): only modules that mention the key
    (as `key` or `--key-name`) and declare options are parsed."""

    names = Needles.of(*dict.fromkeys((key, key.replace("_", "-"))))

    def may_declare() -> Iterator[str]:
        # the keys of the files whose declarations were read for an earlier key: a file that does not
        # declare this key adds nothing that config_values keeps, so its text is not searched again
        # (a new search of every declaring module per key was a tenth of a scan of diffusers)
        for path in _declaring_files(index):
            declared = index.file_store(path, "py-declared-keys", _declared_keys)
            known = declared.get(path)
            if known is None:  # the file's declarations read already (a summary made when its parse went)
                made: list[tuple[str, ConfigValue]] | None = index.summary_made("py-declarations", path)
                if made is not None:
                    known = declared[path] = frozenset(k for k, _ in made)
            if known is None or key in known:
                yield path

    def compute() -> list[tuple[str, ConfigValue]]:
        out: list[tuple[str, ConfigValue]] = []
        for path in index.containing(may_declare(), names):
            found = _declarations(index, path)
            index.file_store(path, "py-declared-keys", _declared_keys)[path] = frozenset(k for k, _ in found)
            out += found
        return out

    return index.memo(f"py-declared-defaults:{key}", compute)


def _may_declare(index: RepoIndex, path: str, key: str) -> bool:
    """Whether a declaring file may declare ``key``: false only when its declarations are read already (a
    summary made when its parse was dropped) and none is of ``key``. A file adds a value of ``key`` only when it
    declares it and its text spells it (``Resolver._declarable``): the summary answers first, without the text,
    which a large repository's files are read again for, once per key (diffusers: 1,482 reads, 52 MB)."""
    made: list[tuple[str, ConfigValue]] | None = index.summary_made("py-declarations", path)
    return made is None or any(k == key for k, _ in made)


def _declared_keys() -> dict[str, frozenset[str]]:
    return {}


def _declaring_files(index: RepoIndex) -> list[str]:
    """The non-test modules and notebooks that may declare options (argparse, dataclass-style fields)."""
    return index.memo("py-declaring-files", lambda: [
        p for p in index.files if p.endswith((".py", ".ipynb")) and not is_test_path(p)
        and index.contains(p, _DECLARATIONS)])


def _declaring_order(index: RepoIndex) -> dict[str, int]:
    """Each of ``_declaring_files``' place in their list (the order ``declared_defaults`` reads them in)."""
    return index.memo("py-declaring-order", lambda: {p: i for i, p in enumerate(_declaring_files(index))})


def _declarations(index: RepoIndex, path: str) -> list[tuple[str, ConfigValue]]:
    """(key, default) of every option and field one file declares: read once, whatever the key asked
    (a repository with dozens of config keys walked every declaring module once per key), from the
    file's summary (values and lines, no node: the tree need not stay in memory for this)."""
    found: list[tuple[str, ConfigValue]] = index.summary("py-declarations", path) if index.exists(path) else []
    return found


def _declared(path: str, sources: list[PySource]) -> list[tuple[str, ConfigValue]]:
    out: list[tuple[str, ConfigValue]] = []
    if sources and not is_test_path(path):  # a test is never asked (_declaring_files): nothing to make at its drop
        for src, node in ((s, n) for s in sources for n in s.of_types(*_declaring_types(s.text))):
            if (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Attribute)
                and node.func.attr == "add_argument"
            ):
                opts = [
                    a.value for a in node.args if isinstance(a, ast.Constant) and isinstance(a.value, str)
                ]
                longs = [o for o in opts if o.startswith("--")]
                if not longs:
                    continue
                key = longs[0][2:].replace("-", "_")
                dest = next((k.value for k in node.keywords if k.arg == "dest"), None)
                if isinstance(dest, ast.Constant) and isinstance(dest.value, str):
                    key = dest.value
                default = next((k.value for k in node.keywords if k.arg == "default"), None)
                value = _literal(default) if default is not None else None
                if value is not UNRESOLVED:
                    line, _ = src.where(node.lineno)
                    out.append((key, ConfigValue(path, line, value, "argparse default")))
            elif isinstance(node, ast.ClassDef):
                for stmt in node.body:
                    if (
                        isinstance(stmt, ast.AnnAssign)
                        and isinstance(stmt.target, ast.Name)
                        and stmt.value
                    ):
                        expr = stmt.value
                        if isinstance(expr, ast.Call) and (
                            getattr(expr.func, "id", None) == "field"
                            or getattr(expr.func, "attr", None) == "field"
                        ):
                            found = next((k.value for k in expr.keywords if k.arg == "default"), None)
                            if found is None:
                                continue
                            expr = found
                        value = _literal(expr)
                        if value is not UNRESOLVED:
                            line, _ = src.where(stmt.lineno)
                            out.append(
                                (stmt.target.id, ConfigValue(path, line, value, "field default"))
                            )
    return out


RepoIndex.summariser("py-declarations", _declared, needles=(_DECLARATIONS,))


def _declaring_types(text: str) -> tuple[type[ast.AST], ...]:
    """The nodes ``_declared`` reads in code with this text: its calls only where it spells ``add_argument``
    (past ASCII, the parser may read another spelling as that name); else its classes, which the statement
    walk finds without walking every expression (the needles' ``attr`` and ``dataclasses`` are in most
    modules of a large library: diffusers' 1,300 were walked in full and their calls read for this)."""
    return (ast.Call, ast.ClassDef) if "add_argument" in text or not text.isascii() else (ast.ClassDef,)


def _literal(node: ast.expr) -> Any:
    """``ast.literal_eval(node)``, or UNRESOLVED where it raises. The usual shapes (a constant, a signed
    number, a tuple, list, set or dict of them, a name, a call) are read here: literal_eval makes four nested
    functions at each call, a reference cycle each, which the CLI's paused collector never frees (8,875 calls,
    35,000 functions and cells on karunru/kaggle_monorepo)."""
    if isinstance(node, ast.Constant):
        return node.value
    if isinstance(node, (ast.Tuple, ast.List, ast.Set)):
        items = [_literal(e) for e in node.elts]
        if any(i is UNRESOLVED for i in items):
            return UNRESOLVED
        try:
            return tuple(items) if isinstance(node, ast.Tuple) else items if isinstance(node, ast.List) else set(items)
        except TypeError:  # an unhashable member of a set
            return UNRESOLVED
    if isinstance(node, ast.Dict):
        if any(k is None for k in node.keys):  # `**other`
            return UNRESOLVED
        pairs = [(_literal(k), _literal(v)) for k, v in zip(node.keys, node.values, strict=True) if k is not None]
        if any(k is UNRESOLVED or v is UNRESOLVED for k, v in pairs):
            return UNRESOLVED
        try:
            return dict(pairs)
        except TypeError:  # an unhashable key
            return UNRESOLVED
    if isinstance(node, ast.UnaryOp) and isinstance(node.op, (ast.UAdd, ast.USub)) \
            and isinstance(node.operand, ast.Constant):
        value = node.operand.value
        if isinstance(value, (int, float, complex)) and not isinstance(value, bool):
            return -value if isinstance(node.op, ast.USub) else +value
    if isinstance(node, ast.Call):  # `set()` is the one call literal_eval reads
        empty_set = isinstance(node.func, ast.Name) and node.func.id == "set" and not node.args and not node.keywords
        return set() if empty_set else UNRESOLVED
    if isinstance(node, (ast.Name, ast.Attribute, ast.Subscript, ast.JoinedStr)):
        return UNRESOLVED  # never a literal
    try:
        return ast.literal_eval(node)  # the rest: `1 + 2j`, or what it refuses
    except (ValueError, TypeError, SyntaxError, MemoryError, RecursionError):
        return UNRESOLVED


def config_key(node: ast.expr) -> str | None:
    """The key a config access reads: ``cfg.seed``, ``cfg["seed"]``, ``cfg.get("seed")`` -> ``seed``."""
    if isinstance(node, ast.Attribute) and isinstance(node.value, (ast.Name, ast.Attribute, ast.Subscript)):
        return node.attr
    if isinstance(node, ast.Subscript):
        sl = node.slice
        if isinstance(sl, ast.Constant) and isinstance(sl.value, str):
            return sl.value
    if (
        isinstance(node, ast.Call)
        and isinstance(node.func, ast.Attribute)
        and node.func.attr == "get"
        and node.args
        and isinstance(node.args[0], ast.Constant)
        and isinstance(node.args[0].value, str)
    ):
        return node.args[0].value
    return None


@dataclass(frozen=True)
class Resolved:
    """The static value of an expression: ``value`` is UNRESOLVED when it cannot be known.

    ``via`` names where it came from (``MODEL_REVISION``, ``configs/train.yaml``); ``config``
    lists the config values when the expression reads a config key (one per file that sets it)."""

    value: Any
    via: str = ""
    config: tuple[ConfigValue, ...] = ()
    key: str | None = None

    @property
    def known(self) -> bool:
        return self.value is not UNRESOLVED


_Function = ast.FunctionDef | ast.AsyncFunctionDef


class _Enclosing:
    """The functions enclosing the nodes of one unit's sources (``Resolver._function_of``), found for the nodes
    asked: the functions whose lines (from the first decorator's to the last) hold the node's line, each walked
    once to know its nodes, and those holding the node kept, innermost (the latest ``def``) first. A node found in
    no function so (a module-level name, or a line number outside its function's lines) is answered from every
    function's nodes, walked once per enclosing function. Walking every function of a unit at its first question
    cost diffusers 0.15 s for ~900 questions: most functions are never asked about."""

    __slots__ = ("_chains", "_members", "_sources", "_spans", "_whole")

    def __init__(self, sources: list[PySource]) -> None:
        self._sources = sources
        self._spans: list[tuple[int, int, _Function]] | None = None
        self._members: dict[int, set[int]] = {}  # id of a function -> ids of its nodes (walk_nodes)
        self._chains: dict[int, list[_Function]] = {}  # id of a node asked -> its functions, innermost first
        self._whole: dict[int, list[_Function]] | None = None

    def of(self, node: ast.AST) -> list[_Function]:
        key = id(node)
        if self._whole is not None:
            return self._whole.get(key, [])
        chain = self._chains.get(key)
        if chain is not None:
            return chain
        line = getattr(node, "lineno", None)
        if self._spans is None:
            self._spans = []
            for src in self._sources:
                functions: list[_Function] = src.of_types(ast.FunctionDef, ast.AsyncFunctionDef)
                self._spans += [(min([fn.lineno, *(d.lineno for d in fn.decorator_list)]), fn.end_lineno or fn.lineno,
                                 fn) for fn in functions]
        found: list[_Function] = []
        if isinstance(line, int):
            members = self._members
            for start, end, fn in self._spans:
                if start <= line <= end:
                    ids = members.get(id(fn))
                    if ids is None:
                        ids = members[id(fn)] = set(map(id, walk_nodes(fn)))
                    if key in ids:
                        found.append(fn)
        if not found:
            self._whole = self._every_function()
            self._chains.clear()
            self._members.clear()
            return self._whole.get(key, [])
        found.sort(key=lambda fn: fn.lineno, reverse=True)  # nested: an inner def starts after its outer one's
        self._chains[key] = found
        return found

    def _every_function(self) -> dict[int, list[_Function]]:
        # each function's own nodes, outer functions first (breadth-first: a function comes after
        # every function around it), so that an inner function's walk overwrites the chains its
        # outer ones gave its nodes; a function is in its own chain, and nodes under the same
        # functions share one list. Only the nodes inside functions are walked, with the shared walk
        # (walk_nodes), once per enclosing function: nesting is shallow in real code, and a walk of
        # every node carrying its chain cost three times as much.
        enclosing: dict[int, list[_Function]] = {}
        for src in self._sources:
            for fn in src.of_types(ast.FunctionDef, ast.AsyncFunctionDef):
                chain = [fn, *enclosing.get(id(fn), ())]
                enclosing.update(dict.fromkeys(map(id, walk_nodes(fn)), chain))
        return enclosing


class Resolver:
    """Folds expressions of one unit to static values (bounded depth, never raises)."""

    def __init__(self, index: RepoIndex, unit: Unit) -> None:
        self.index = index
        self.unit = unit

    def _function_of(self, node: ast.AST) -> list[ast.FunctionDef | ast.AsyncFunctionDef]:
        """The functions enclosing ``node`` (innermost first)."""
        unit = self.unit
        if unit._enclosing is None:
            unit._enclosing = _Enclosing(unit.sources)
        return unit._enclosing.of(node)

    def _kwargs_owner(self, node: ast.Call) -> ast.FunctionDef | ast.AsyncFunctionDef | None:
        """The function whose `**kwargs` parameter ``node`` reads with `.get(key, default)`, or None."""
        owner = node.func.value if isinstance(node.func, ast.Attribute) else None
        if not isinstance(owner, ast.Name):
            return None
        for fn in self._function_of(node):
            kwarg = fn.args.kwarg
            if kwarg is not None and kwarg.arg == owner.id:
                return fn
        return None

    def resolve(
        self, node: ast.expr | None, depth: int = 0, env: dict[str, Resolved] | None = None
    ) -> Resolved:
        if node is None or depth > 6:
            return Resolved(UNRESOLVED)
        if isinstance(node, ast.Constant):
            return Resolved(node.value)
        if isinstance(node, ast.JoinedStr):
            parts = []
            for v in node.values:
                if isinstance(v, ast.Constant):
                    parts.append(str(v.value))
                else:
                    inner = (
                        self.resolve(v.value, depth + 1, env) if isinstance(v, ast.FormattedValue) else None
                    )
                    parts.append(str(inner.value) if inner is not None and inner.known else "{}")
            return Resolved("".join(parts), via="f-string")
        if isinstance(node, ast.Name):
            if env and node.id in env:
                return env[node.id]
            for fn in self._function_of(node):
                local = self._local_assignment(fn, node)
                # a parameter set to None on one branch only (text-generation-inference's fetch_model clears the
                # revision for a local directory) keeps its caller's value on the others: read as the parameter
                cleared = isinstance(local, ast.Constant) and local.value is None and _is_param(fn, node.id)
                if local is not None and not (cleared and not any(
                        isinstance(s, ast.Assign) and s.value is local for s in fn.body)):
                    r = self.resolve(local, depth + 1, env)
                    if r.known and _is_param(fn, node.id) and _fills_missing(fn, node.id, local):
                        # `if not model_id: model_id = "org/model"` (smolagents' TransformersModel): the value the
                        # parameter takes when its caller gives none, a default as a signature's would be
                        return Resolved(r.value, via=f"default of `{node.id}` in {fn.name}()", config=r.config,
                                        key=r.key)
                    return r
                default = _param_default(fn, node.id)
                if default is not None:
                    r = self.resolve(default, depth + 1, env)
                    return Resolved(
                        r.value, via=f"default of `{node.id}` in {fn.name}()", config=r.config, key=r.key
                    )
                if _is_param(fn, node.id):
                    return Resolved(UNRESOLVED, via=f"parameter `{node.id}`")
            if node.id in self.unit.constants:
                r = self.resolve(self.unit.constants[node.id], depth + 1, env)
                return Resolved(r.value, via=r.via or node.id, config=r.config, key=r.key)
            target = self.unit.aliases.get(node.id)
            if target and "." in target:  # from settings import MODEL_REVISION
                module, name = target.rsplit(".", 1)
                path = resolve_module(self.index, module, self.unit.path)
                other = unit_for(self.index, path) if path else None
                if other is not None and name in other.constants:
                    r = Resolver(self.index, other).resolve(other.constants[name], depth + 1)
                    return Resolved(r.value, via=f"{name} in {other.path}", config=r.config, key=r.key)
            return Resolved(UNRESOLVED)
        if (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Name)
            and node.func.id in ("str", "int")
            and len(node.args) == 1
        ):
            return self.resolve(node.args[0], depth + 1, env)
        if isinstance(node, ast.Call) and self.unit.qualname(node.func) in ("os.environ.get", "os.getenv"):
            if len(node.args) > 1:
                return self.resolve(node.args[1], depth + 1, env)
            return Resolved(UNRESOLVED, via="an environment variable")
        if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name) and node.value.id in ("self", "cls"):
            own = self._attribute_of_class(node, depth, env)
            if own is not None:
                return own
        key = config_key(node)
        if key is not None:
            values = self._declarable(key)
            if isinstance(node, ast.Call) and len(node.args) > 1 and not values:
                r = self.resolve(node.args[1], depth + 1, env)
                # `kwargs.get("model_path", "QwenAudio")` on the function's own `**kwargs`: the value its caller
                # passes, this one only when it passes none (FunASR's model classes take every option so)
                owner = self._kwargs_owner(node)
                if owner is not None:
                    return Resolved(r.value, via=f"default of `{key}` in {owner.name}()", config=r.config, key=r.key)
                return r
            if values:
                return Resolved(values[0].value, via=values[0].path, config=values, key=key)
            return Resolved(UNRESOLVED, via=f"config key `{key}`", key=key)
        return Resolved(UNRESOLVED)

    def _class_of(self, node: ast.AST) -> ast.ClassDef | None:
        """The class whose method encloses ``node``."""

        def compute() -> dict[int, ast.ClassDef]:
            out: dict[int, ast.ClassDef] = {}
            for src in self.unit.sources:
                for cls in src.of_types(ast.ClassDef):
                    for stmt in cls.body:
                        if isinstance(stmt, (ast.FunctionDef, ast.AsyncFunctionDef)):
                            out[id(stmt)] = cls
            return out

        unit = self.unit
        if unit._method_class is None:
            unit._method_class = compute()
        methods = unit._method_class
        for fn in self._function_of(node):
            if id(fn) in methods:
                return methods[id(fn)]
        return None

    def _attribute_of_class(self, node: ast.Attribute, depth: int, env: dict[str, Resolved] | None) -> Resolved | None:
        """``self.x`` in a method: the class's own ``x = value`` / ``x: T = value`` (a dataclass or pydantic
        field default), else what its methods assign to ``self.x`` when they all assign one expression;
        unresolved when the class sets it otherwise. None outside a class, or when the class never sets
        ``x`` (an attribute of a base class, read as a config key). A field of the same name in another
        class of the repository is never this object's value."""
        cls = self._class_of(node)
        if cls is None:
            return None
        name = node.attr
        for stmt in cls.body:
            targets = [stmt.target] if isinstance(stmt, ast.AnnAssign) else \
                stmt.targets if isinstance(stmt, ast.Assign) else []
            if not any(isinstance(t, ast.Name) and t.id == name for t in targets):
                continue
            value = stmt.value if isinstance(stmt, (ast.AnnAssign, ast.Assign)) else None
            if isinstance(value, ast.Call) and getattr(value.func, "id", getattr(value.func, "attr", None)) in (
                    "field", "Field"):
                value = next((k.value for k in value.keywords if k.arg == "default"),
                             value.args[0] if value.args else None)
            if value is None:
                return Resolved(UNRESOLVED, via=f"`{cls.name}.{name}`")
            r = self.resolve(value, depth + 1, env)
            return Resolved(r.value, via=r.via or f"default of `{cls.name}.{name}`", config=r.config, key=r.key)
        assigned = _self_assignments(cls).get(name, [])
        if not assigned:
            return None
        if len(assigned) > 1:
            return Resolved(UNRESOLVED, via=f"`self.{name}`, set in several places of {cls.name}")
        method, value = assigned[0]
        if isinstance(value, ast.Name) and _is_param(method, value.id):
            # `self.random_state = random_state`: what the caller passes, not the parameter's default
            return Resolved(UNRESOLVED, via=f"parameter `{value.id}` of {cls.name}.{method.name}()")
        return self.resolve(value, depth + 1, env)

    def _declarable(self, key: str) -> tuple[ConfigValue, ...]:
        """The values of a key that can be the one this unit reads (``config_values``' that can): any config
        file's, but a default declared in code (an argparse option, a dataclass field) only in this unit or
        the modules it imports (two levels). Another script's `--revision` default is not this script's
        `args.revision`, and the other modules' declarations are not read: resolving diffusers'
        `args.pretrained_model_name_or_path` at a drop (mlgate.rules.data) parsed hundreds of example scripts
        that declare it, far ahead of the sweeps."""
        index = self.index
        near = index.file_memo(self.unit.path, "py-near-imports", self._near_imports)
        order = _declaring_order(index)
        names = Needles.of(*dict.fromkeys((key, key.replace("_", "-"))))
        paths = sorted((p for p in {self.unit.path, *near} if p in order), key=order.__getitem__)
        files = config_file_values(index, key)
        if "/" in self.unit.path and separate_top_folders(index):
            # a monorepo's other top-level folders are other projects: their configs are not this script's
            # (Azure's mlops-project-template: the nlp project's `model_name` read from the cv project's config)
            top = self.unit.path.split("/", 1)[0]
            files = [v for v in files if "/" not in v.path or v.path.split("/", 1)[0] == top]
        return (*files,
                *(cv for p in index.containing(filter(lambda p: _may_declare(index, p, key), paths), names)
                  for k, cv in _declarations(index, p) if k == key))

    def _near_imports(self) -> frozenset[str]:
        first = repo_imports(self.index, self.unit.path)
        return frozenset({*first, *(dep for p in first for dep in repo_imports(self.index, p))})

    def _local_assignment(self, fn: ast.FunctionDef | ast.AsyncFunctionDef, use: ast.Name) -> ast.expr | None:
        """The last simple assignment ``name = expr`` in ``fn`` before ``use`` (straight-line reading)."""
        best: ast.expr | None = None
        for lineno, value in _simple_assignments(fn).get(use.id, ()):
            if lineno < use.lineno:
                best = value
        return best


def _self_assignments(
        cls: ast.ClassDef) -> dict[str, list[tuple[ast.FunctionDef | ast.AsyncFunctionDef, ast.expr]]]:
    """attribute -> (method, value) of every ``self.attr = value`` in the class's methods: collected once per
    class (kept on its node), not by walking every method again for each ``self.x`` resolved."""
    found: dict[str, list[tuple[ast.FunctionDef | ast.AsyncFunctionDef, ast.expr]]] | None = \
        cls.__dict__.get("_mlgate_self_assignments")
    if found is None:
        found = {}
        for m in cls.body:
            if isinstance(m, (ast.FunctionDef, ast.AsyncFunctionDef)):
                for n in walk_statements(m):  # assignments are statements: no expression is walked
                    if isinstance(n, ast.Assign):
                        for attr in dict.fromkeys(t.attr for t in n.targets if isinstance(t, ast.Attribute)
                                                  and isinstance(t.value, ast.Name) and t.value.id == "self"):
                            found.setdefault(attr, []).append((m, n.value))
        cls.__dict__["_mlgate_self_assignments"] = found
    return found


def _simple_assignments(fn: ast.FunctionDef | ast.AsyncFunctionDef) -> dict[str, list[tuple[int, ast.expr]]]:
    """name -> (line, value) of every ``name = expr`` in ``fn``, in ``ast.walk`` order: collected once per
    function (kept on its node) rather than walking the function again for every name resolved in it."""
    found: dict[str, list[tuple[int, ast.expr]]] | None = fn.__dict__.get("_mlgate_assignments")
    if found is None:
        found = {}
        for node in walk_statements(fn):
            if isinstance(node, ast.Assign) and len(node.targets) == 1 and isinstance(node.targets[0], ast.Name):
                found.setdefault(node.targets[0].id, []).append((node.lineno, node.value))
        fn.__dict__["_mlgate_assignments"] = found
    return found


def _param_default(fn: ast.FunctionDef | ast.AsyncFunctionDef, name: str) -> ast.expr | None:
    args = fn.args
    positional = args.posonlyargs + args.args
    for arg, default in zip(positional[len(positional) - len(args.defaults) :], args.defaults, strict=False):
        if arg.arg == name:
            return default
    for arg, kw_default in zip(args.kwonlyargs, args.kw_defaults, strict=False):
        if arg.arg == name and kw_default is not None:
            return kw_default
    return None


def _fills_missing(fn: ast.FunctionDef | ast.AsyncFunctionDef, name: str, value: ast.expr) -> bool:
    """Whether ``value`` is assigned to the parameter ``name`` in the body of an `if` that tests that the caller
    gave none (`if name is None:`, `if not name:`, `if name == None:`)."""
    for node in walk_statements(fn):
        if isinstance(node, ast.If) and _tests_missing(node.test, name) and any(
                isinstance(st, ast.Assign) and st.value is value
                and any(isinstance(t, ast.Name) and t.id == name for t in st.targets) for st in node.body):
            return True
    return False


def _tests_missing(test: ast.expr, name: str) -> bool:
    if isinstance(test, ast.UnaryOp) and isinstance(test.op, ast.Not):
        return isinstance(test.operand, ast.Name) and test.operand.id == name
    return (isinstance(test, ast.Compare) and isinstance(test.left, ast.Name) and test.left.id == name
            and len(test.ops) == 1 and isinstance(test.ops[0], (ast.Is, ast.Eq))
            and isinstance(test.comparators[0], ast.Constant) and test.comparators[0].value is None)


def _is_param(fn: ast.FunctionDef | ast.AsyncFunctionDef, name: str) -> bool:
    a = fn.args
    return any(p.arg == name for p in [*a.posonlyargs, *a.args, *a.kwonlyargs])


def keyword(call: ast.Call, *names: str) -> ast.keyword | None:
    return next((k for k in call.keywords if k.arg in names), None)


def argument(call: ast.Call, position: int, *names: str) -> ast.expr | None:
    """A call's argument given by position or by one of the keyword names."""
    kw = keyword(call, *names)
    if kw is not None:
        return kw.value
    positional = [a for a in call.args if not isinstance(a, ast.Starred)]
    if len(positional) > position and not any(isinstance(a, ast.Starred) for a in call.args[: position + 1]):
        return positional[position]
    return None
