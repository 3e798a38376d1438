"""A static map of what Python files import and use: module names of repository files, and per file
the repository modules it imports and the functions and classes of them it references.

Nothing is imported or run. Module names follow how pytest and Python would find the files: the
dotted path from the top of a package (a chain of ``__init__.py``), from the repository root, from a
``src/`` (or ``lib/``) layout, and the bare name of a module whose directory a test or ``conftest.py``
puts on ``sys.path`` (pytest's default ``prepend`` import mode). Relative imports are resolved from
the importing file's package; ``from pkg import name`` follows re-exports in ``pkg/__init__.py``.
"""

from __future__ import annotations

import ast
from dataclasses import field
from typing import Any, NamedTuple

from mlgate.facts.project import library_packages
from mlgate.records import dataclass
from mlgate.repo import PySource, RepoIndex

SOURCE_ROOTS = ("src", "lib", "python")


@dataclass
class FileImports:
    """What one Python file (or notebook) imports from the repository and uses of it."""

    path: str
    modules: set[str] = field(default_factory=set)  # repository module files it imports (paths)
    used: set[tuple[str, str]] = field(default_factory=set)  # (module path, top-level name) referenced
    star: set[str] = field(default_factory=set)  # module paths imported with `from x import *`
    loaded: set[str] = field(default_factory=set)  # every bare name it reads, when it imports `*` (what for)


def _package_chain(index: RepoIndex, path: str) -> list[str]:
    """The directories above ``path`` that are packages (hold ``__init__.py``), innermost last."""
    parts = path.split("/")[:-1]
    chain: list[str] = []
    for i in range(len(parts), 0, -1):
        directory = "/".join(parts[:i])
        if index.exists(directory + "/__init__.py"):
            chain.insert(0, directory)
        else:
            break
    return chain


def module_names(index: RepoIndex, path: str) -> set[str]:
    """Every dotted name under which ``path`` may be imported."""
    if not path.endswith(".py"):
        return set()
    parts = path[:-3].split("/")
    if parts[-1] == "__init__":
        parts = parts[:-1]
    if not parts:
        return set()
    names = {".".join(parts)}
    chain = _package_chain(index, path)
    top = len(chain[0].split("/")) - 1 if chain else len(path.split("/")) - 1
    names.add(".".join(parts[top:]) if parts[top:] else parts[-1])
    for i, part in enumerate(parts[:-1]):
        if part in SOURCE_ROOTS and parts[i + 1:]:
            names.add(".".join(parts[i + 1:]))
    return {n for n in names if n}


def module_map(index: RepoIndex) -> dict[str, list[str]]:
    """Dotted module name -> repository files that it may name."""

    def compute() -> dict[str, list[str]]:
        out: dict[str, list[str]] = {}
        for path in index.files:
            for name in module_names(index, path):
                out.setdefault(name, []).append(path)
        return out

    return index.memo("module-map", compute)


def _package_of(index: RepoIndex, path: str) -> list[str]:
    """The dotted package of a file for relative imports (its directory, from its package root)."""
    chain = _package_chain(index, path)
    if not chain:
        return path.split("/")[:-1][-1:]  # a script's own directory
    top = len(chain[0].split("/")) - 1
    return path.split("/")[top:-1]


def _resolve_from(index: RepoIndex, path: str, level: int, module: str | None) -> str | None:
    """The dotted module of ``from <level dots><module> import ...`` in ``path``."""
    if not level:
        return module
    base = _package_of(index, path)
    if level - 1 > len(base):
        return None
    base = base[: len(base) - (level - 1)]
    parts = base + (module.split(".") if module else [])
    return ".".join(parts) if parts else None


def _files_for(index: RepoIndex, module: str, importer: str) -> list[str]:
    """Repository files a dotted name may denote, preferring ones near the importer."""
    found = module_map(index).get(module, [])
    if len(found) <= 1:
        return list(found)
    # several files share a name (two `utils.py`): prefer those that share a directory prefix
    top = importer.split("/")[0]
    near = [f for f in found if f.split("/")[0] == top]
    return near or list(found)


def _reexports(index: RepoIndex, init_path: str, name: str, depth: int = 0) -> list[tuple[str, str]]:
    """Where ``name`` exported by a package ``__init__.py`` really lives: [(module path, name)]."""
    if depth > 3:
        return []
    out: list[tuple[str, str]] = []
    for statement in import_syntax(index, init_path).statements:
        if statement[0] == "from" and statement[4]:  # at the top of the module
            _, level, module_name, aliases, _top = statement
            module = _resolve_from(index, init_path, level, module_name)
            if module is None:
                continue
            for alias, asname in aliases:
                if alias == "*" or (asname or alias) == name:
                    for target in _files_for(index, module, init_path):
                        real = alias if alias != "*" else name
                        if target.endswith("__init__.py"):
                            out.extend(_reexports(index, target, real, depth + 1))
                        out.append((target, real))
    return out


def _attr_chain(node: ast.expr) -> list[str] | None:
    parts: list[str] = []
    while isinstance(node, ast.Attribute):
        parts.insert(0, node.attr)
        node = node.value
    if isinstance(node, ast.Name):
        return [node.id, *parts]
    return None


class ImportSyntax(NamedTuple):
    """What ``file_imports`` reads of a file's parse, kept as a summary without its trees (a file whose
    parse is dropped before a rule asks for its imports is not parsed again: k2-fsa/icefall parsed 24M
    characters twice): its import statements in ``ast.walk`` order, ``("import", name, asname)`` or
    ``("from", level, module, ((name, asname), ...), at the top of the module)``; every bare name it
    reads, when it imports `*`; and the attribute chains it reads whose first name an import binds."""

    statements: tuple[tuple[Any, ...], ...]
    loaded: frozenset[str]  # empty unless it imports `*`
    chains: frozenset[tuple[str, ...]]


def _import_syntax(path: str, sources: list[PySource]) -> ImportSyntax:
    statements: list[tuple[Any, ...]] = []
    heads: set[str] = set()
    for src in sources:
        top = {id(node) for node in src.tree.body}
        for node in src.of_types(ast.Import, ast.ImportFrom):
            if isinstance(node, ast.Import):
                for alias in node.names:
                    statements.append(("import", alias.name, alias.asname))
                    heads.add(alias.asname or alias.name.split(".")[0])
            elif isinstance(node, ast.ImportFrom):
                aliases = tuple((alias.name, alias.asname) for alias in node.names)
                statements.append(("from", node.level, node.module, aliases, id(node) in top))
                heads.update(asname or name for name, asname in aliases if name != "*")
    loaded: set[str] = set()
    chains: set[tuple[str, ...]] = set()
    # the bare names it reads matter only to what a `from x import *` brings (feat-tests-exist's star imports)
    star = any(s[0] == "from" and any(name == "*" for name, _ in s[3]) for s in statements)
    for src in sources:
        for ref in src.of_types(ast.Name, ast.Attribute) if star else src.of_types(ast.Attribute):
            if isinstance(ref, ast.Name) and isinstance(ref.ctx, ast.Load):
                loaded.add(ref.id)
            elif isinstance(ref, ast.Attribute) and isinstance(ref.ctx, ast.Load):
                chain = _attr_chain(ref)
                if chain and chain[0] in heads:
                    chains.add(tuple(chain))
    return ImportSyntax(tuple(statements), frozenset(loaded), frozenset(chains))


def _in_a_project(index: RepoIndex, path: str) -> bool:
    return not library_packages(index)


# made at every drop in a project (its training scripts' imports are followed: icefall asked 1,908 files), in a
# published library's only when asked (peft asked 2 of 453)
RepoIndex.summariser("py-import-syntax", _import_syntax, at_drop=_in_a_project)


def import_syntax(index: RepoIndex, path: str) -> ImportSyntax:
    """The import statements and references of a module or notebook (``ImportSyntax``), from its summary."""
    syntax: ImportSyntax = index.summary("py-import-syntax", path)
    return syntax


def file_imports(index: RepoIndex, path: str) -> FileImports:
    """The import map of one file (a module, or every code cell of a notebook together)."""
    return index.file_memo(path, "imports", lambda: _compute(index, path))


def _compute(index: RepoIndex, path: str) -> FileImports:
    info = FileImports(path)
    syntax = import_syntax(index, path)
    # local name -> ("module", module path) or ("name", module path, name) bindings
    bound: dict[str, list[tuple[str, ...]]] = {}
    for statement in syntax.statements:
        if statement[0] == "import":
            _, name, asname = statement
            files = _files_for(index, name, path)
            info.modules.update(files)
            if asname:
                bound.setdefault(asname, []).extend(("module", f) for f in files)
            else:
                # `import a.b.c` binds `a`; remember the full dotted path for attribute chains
                bound.setdefault(name.split(".")[0], []).append(("dotted", name))
            continue
        _, level, module_name, aliases, _top = statement
        module = _resolve_from(index, path, level, module_name)
        if module is None:
            continue
        targets = _files_for(index, module, path)
        for alias, asname in aliases:
            local = asname or alias
            if alias == "*":
                info.star.update(targets)
                info.modules.update(targets)
                continue
            sub = _files_for(index, f"{module}.{alias}", path)
            if sub:  # `from pkg import module`
                info.modules.update(sub)
                bound.setdefault(local, []).extend(("module", f) for f in sub)
            for target in targets:
                info.modules.add(target)
                info.used.add((target, alias))
                bound.setdefault(local, []).append(("name", target, alias))
                if target.endswith("__init__.py"):
                    for real_path, real_name in _reexports(index, target, alias):
                        info.modules.add(real_path)
                        info.used.add((real_path, real_name))
                        bound.setdefault(local, []).append(("name", real_path, real_name))
    # references: names and attribute chains that resolve to a module member
    info.loaded.update(syntax.loaded)
    for chain in syntax.chains:
        for binding in bound.get(chain[0], ()):
            if binding[0] == "module":
                info.used.add((binding[1], chain[1]))
            elif binding[0] == "dotted":
                _use_dotted(index, info, binding[1], list(chain), path)
    return info


def _use_dotted(index: RepoIndex, info: FileImports, dotted: str, chain: list[str], importer: str) -> None:
    """`import a.b` then `a.b.f(...)`: the longest prefix of the chain that is a module owns `f`."""
    for cut in range(len(chain) - 1, 0, -1):
        module = ".".join(chain[:cut])
        if not (dotted + ".").startswith(module + ".") and not (module + ".").startswith(dotted + "."):
            continue
        files = _files_for(index, module, importer)
        if files:
            for f in files:
                info.modules.add(f)
                info.used.add((f, chain[cut]))
            return


def _first_definitions(sources: list[PySource]) -> dict[str, ast.FunctionDef | ast.AsyncFunctionDef]:
    """The functions a file defines (at any depth, methods too), the first of each name in ``ast.walk``'s order."""
    defined: dict[str, ast.FunctionDef | ast.AsyncFunctionDef] = {}
    for src in sources:
        for node in src.of_types(ast.FunctionDef, ast.AsyncFunctionDef):
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
                defined.setdefault(node.name, node)
    return defined


def _all_shapes(path: str, sources: list[PySource]) -> tuple[tuple[str, str, int], ...]:
    return tuple((name, function_fingerprint(node), node.lineno) for name, node in _first_definitions(sources).items())


def _helper_shapes(path: str, sources: list[PySource]) -> tuple[tuple[str, str, int], ...]:
    return tuple((name, function_fingerprint(node), node.lineno) for name, node in _first_definitions(sources).items()
                 if not name.startswith("test"))


def defined_shapes(index: RepoIndex, path: str, tests: bool = True) -> tuple[tuple[str, str, int], ...]:
    """(name, ``function_fingerprint``, line) of the functions a module or notebook defines (at any depth, the first
    of each name): a test's own copy of a transform shows here. ``tests=False``: those not named ``test...`` only
    (a test file's helpers). Made when asked: feat-tests-exist asks a test file's helpers right after its
    ``file_imports``, from the parse at hand."""
    shapes: tuple[tuple[str, str, int], ...] = index.summary("py-defined-shapes" if tests else "py-helper-shapes",
                                                             path)
    return shapes


def function_fingerprint(node: ast.FunctionDef | ast.AsyncFunctionDef) -> str:
    """The shape of a function body, without its name, docstring, line numbers or argument names:
    two functions with the same fingerprint compute the same thing the same way."""
    body = list(node.body)
    first = body[0] if body else None
    if isinstance(first, ast.Expr) and isinstance(first.value, ast.Constant) and isinstance(first.value.value, str):
        body = body[1:]
    args = [a.arg for a in node.args.posonlyargs + node.args.args + node.args.kwonlyargs]
    renames = {name: f"_a{i}" for i, name in enumerate(args)}
    return _shape(body, renames)


def _shape(node: object, renames: dict[str, str]) -> str:
    """``ast.dump`` without field names or positions, arguments renamed by position. Written out
    rather than dumping a renamed copy: copying (unparse, parse) cost a parse per function and kept
    the copies in memory."""
    if isinstance(node, ast.Name):
        return f"Name({renames.get(node.id, node.id)!r}, {type(node.ctx).__name__})"
    if isinstance(node, ast.AST):
        fields = ", ".join(_shape(getattr(node, f, None), renames) for f in node._fields)
        return f"{type(node).__name__}({fields})"
    if isinstance(node, list):
        return "[" + ", ".join(_shape(item, renames) for item in node) + "]"
    return repr(node)


RepoIndex.summariser("py-defined-shapes", _all_shapes, at_drop=False)
RepoIndex.summariser("py-helper-shapes", _helper_shapes, at_drop=False)
