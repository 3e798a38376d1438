"""Data reads: the modules and notebooks that load a dataset (pandas/polars/datasets/TensorFlow readers,
Spark's ``spark.read.*``), one read per module, at the call. The repository model (mlgate.inventory) lists
the reads of training data from it; rules ask the model, not this fact.

- ``data_reads(index)``: (path, line, cell, call name) of the first read in every non-test module, skipping
  docs, a published library's package (its readers are its API) and maintenance scripts (scripts/, tools/,
  hack/: release and licence bookkeeping) and reads of a run's own output (a search log, a results or
  metrics file it wrote).
"""

from __future__ import annotations

import ast
import re

from mlgate import lazyre
from mlgate.facts.project import in_library_package, library_tooling
from mlgate.facts.python import Unit, build_unit, built_unit, is_test_path, reached_made
from mlgate.facts.tests import python_files
from mlgate.repo import Needles, PySource, RepoIndex, walk_nodes, walk_statements

DataRead = tuple[str, int | None, int | None, str]

_DATA_READS = frozenset(
    {
        "read_csv",
        "read_parquet",
        "read_json",
        "read_excel",
        "read_table",
        "read_feather",
        "read_sql",
        "read_sql_query",
        "read_orc",
        "scan_csv",
        "scan_parquet",
        "load_dataset",
        "make_csv_dataset",
        "TFRecordDataset",
    }
)
_DATA_READ_NEEDLES = Needles(*sorted(_DATA_READS), ".read.")


def data_reads(index: RepoIndex) -> list[DataRead]:
    return index.memo("data-reads", lambda: _data_reads(index))


def _data_reads(index: RepoIndex) -> list[DataRead]:
    out: list[tuple[str, int | None, int | None, str]] = []
    # the modules' trees are not kept for this (a read's place is all it keeps): on diffusers, 75 modules
    # and 4.1M characters of source whose trees stayed until the report
    for path in index.containing(python_files(index), _DATA_READ_NEEDLES):
        # parsed (a test's too) as before, and any syntax error noticed; the first read is a summary ("data-first-read")
        if index.summary("py-source-count", path) == 0 or is_test_path(path) \
                or path.startswith(("docs/", "doc/")) or in_library_package(index, path) \
                or library_tooling(index, path):
            continue
        built = built_unit(index, path)  # a Unit kept by another fact: its calls are read already
        first: tuple[str, int | None, int | None, str] | None = \
            _first_read_in(built) if built is not None else index.summary("data-first-read", path)
        if first is not None:
            out.append(first)
    return out


def _first_read(path: str, sources: list[PySource]) -> tuple[str, int | None, int | None, str] | None:
    """The first data read of a module or notebook (``_data_reads``): a summary, made at the drop of a module that
    training reaches (``reached_made``: its tree is not kept), else when asked."""
    return _first_read_in(build_unit(path, sources)) if sources else None


def _first_read_in(unit: Unit) -> tuple[str, int | None, int | None, str] | None:
    for src, call, name in unit.calls():
        last = name.rsplit(".", 1)[-1]
        root = name.split(".", 1)[0]
        reader = last in _DATA_READS and root in (
            "pandas",
            "polars",
            "datasets",
            "tensorflow",
            "dask",
            "modin",
        )
        if reader or (".read." in name and last in ("csv", "parquet", "json", "table", "load")):
            if _reads_run_output(src, call):
                continue  # the program's own log or results file (evolve.csv, results*.csv), not data
            line, cell = src.where(call.lineno)
            return (src.path, line, cell, name)  # one per unit is enough to show the repository reads data
    return None


RepoIndex.summariser("data-first-read", _first_read, needles=(_DATA_READ_NEEDLES,), at_drop=reached_made)


# what a run writes and a later step reads back: a search's log, a training run's results or metrics
_RUN_OUTPUT = lazyre.compile(r"(^|[/_.*-])(evolve|results?|metrics|history|logs?|scores|benchmarks?)([_.*-][\w*.-]*)?"
                         r"\.(csv|json|tsv|txt)(\.(gz|bz2|xz|zst|zip))?$", re.I)  # compressed too (metrics.csv.gz)


_RUN_OUTPUT_DIR = lazyre.compile(r"(^|[/_-])(results?|metrics|logs?)/?$", re.I)


def _reads_run_output(src: PySource, call: ast.Call) -> bool:
    """The file a read loads is named like a run's own output (`save_dir / "evolve.csv"`, a `results*.csv`
    glob, a parameter defaulting to "path/to/evolve.csv"), followed through the enclosing function's
    assignments, loop variables and parameter defaults."""
    target = call.args[0] if call.args else next((k.value for k in call.keywords if k.arg in
                                                  ("filepath_or_buffer", "path", "source", "path_or_paths")), None)
    if target is None:
        return False
    fn = _enclosing_function(src, call)
    strings = [s.strip() for s in _strings_of(target, fn, set(), 0)]
    files = [s for s in strings if "." in s]
    if files and all(_RUN_OUTPUT.search(s) for s in files) and any(_RUN_OUTPUT.search(s) for s in strings):
        return True
    # every file of a folder named for a run's results (`Path("evaluation_results").glob("*.csv")`)
    return bool(files) and all(_RUN_OUTPUT.search(s) or s.startswith("*") for s in files) \
        and any(_RUN_OUTPUT_DIR.search(s) for s in strings if "." not in s)


def _enclosing_function(src: PySource, node: ast.AST) -> ast.FunctionDef | ast.AsyncFunctionDef | None:
    line = getattr(node, "lineno", 0)
    best: ast.FunctionDef | ast.AsyncFunctionDef | None = None
    for fn in src.of_types(ast.FunctionDef, ast.AsyncFunctionDef):
        if isinstance(fn, ast.FunctionDef | ast.AsyncFunctionDef) and fn.lineno <= line <= (fn.end_lineno or 0) \
                and (best is None or fn.lineno >= best.lineno):
            best = fn
    return best


def _strings_of(expr: ast.AST, fn: ast.FunctionDef | ast.AsyncFunctionDef | None, seen: set[str],
                depth: int) -> list[str]:
    """String constants an expression is built from, names followed inside ``fn`` (bounded)."""
    out: list[str] = []
    for node in walk_nodes(expr):
        if isinstance(node, ast.Constant) and isinstance(node.value, str) and len(node.value) < 200:
            out.append(node.value)
        elif isinstance(node, ast.Name) and fn is not None and depth < 4 and node.id not in seen:
            seen.add(node.id)
            for value in _bindings(fn, node.id, getattr(node, "lineno", 0)):
                out += _strings_of(value, fn, seen, depth + 1)
    return out


def _bindings(fn: ast.FunctionDef | ast.AsyncFunctionDef, name: str, before: int) -> list[ast.AST]:
    """What ``name`` is bound to in ``fn`` before line ``before``: assigned values, the iterables of the
    for loops it runs over, its parameter default."""
    out: list[ast.AST] = []
    for node in walk_statements(fn):  # assignments and for loops are statements
        if getattr(node, "lineno", before) > before:
            continue
        if isinstance(node, ast.Assign) and any(isinstance(t, ast.Name) and t.id == name for t in node.targets):
            out.append(node.value)
        elif isinstance(node, ast.For) and isinstance(node.target, ast.Name) and node.target.id == name:
            out.append(node.iter)
    args = fn.args
    positional = args.posonlyargs + args.args
    for arg, default in zip(positional[len(positional) - len(args.defaults):], args.defaults, strict=False):
        if arg.arg == name:
            out.append(default)
    return out
