"""Evaluation code: the modules and notebook cells that compute a model's metrics (a scikit-learn,
torchmetrics or TFMA metric, ``evaluate.load``, ``mlflow.evaluate``), outside tests, docs, examples and a
published library's package, and the scripts a pipeline's evaluation stage runs. The repository model
lists them (mlgate.inventory); the spec rules judge them through it."""

from __future__ import annotations

import ast
import re
from typing import Any, NamedTuple

from mlgate import lazyre
from mlgate.facts.project import in_library_package
from mlgate.facts.provenance import TEST_DIRS, dvc_stages, in_dirs
from mlgate.facts.pycode import aliases, calls
from mlgate.facts.tests import code_files, is_test_file
from mlgate.repo import Needles, PySource, RepoIndex

_EVALUATION = Needles("metrics", "evaluate", "_score", "mean_squared_error", "tensorflow_model_analysis",
                      "torchmetrics")

_METRIC_FUNCS = frozenset(
    {
        "roc_auc_score",
        "accuracy_score",
        "f1_score",
        "precision_score",
        "recall_score",
        "mean_squared_error",
        "mean_absolute_error",
        "r2_score",
        "log_loss",
        "average_precision_score",
        "balanced_accuracy_score",
        "classification_report",
        "confusion_matrix",
        "matthews_corrcoef",
        "mean_absolute_percentage_error",
        "root_mean_squared_error",
        "top_k_accuracy_score",
        "ndcg_score",
    }
)


_METRIC_MODULES = ("sklearn.metrics.", "torchmetrics", "fairlearn.metrics.", "tensorflow_model_analysis")
# what a source's text spells when ``metric_call`` holds of one of its calls (the call's name, or the import
# that aliases it): without one of these, a source calls no metric
METRIC_TEXT = (*_METRIC_FUNCS, "metrics", "evaluate", "tensorflow_model_analysis")



def metric_call(c: Any) -> bool:
    q = c.qualified
    last = q.split(".")[-1]
    return (
        q.startswith(("sklearn.metrics.", "torchmetrics."))
        or last in _METRIC_FUNCS
        or q in ("evaluate.load", "mlflow.evaluate", "mlflow.models.evaluate")
        or q.startswith("tensorflow_model_analysis.")
    )


def _first_metric(src: PySource) -> int | None:
    """The line of the first metric call of a source, or of a metric passed as a value."""
    hit = next((c.node.lineno for c in calls(src) if metric_call(c)), None)
    if hit is None:  # a metric passed as a value, e.g. MetricFrame(metrics=recall_score, ...)
        # the local names of what the source imports from a metric module: most import none, and then no name
        # need be looked at (every name of a source that calls no metric was read: 1% of a check of yolov5)
        metric_names = {name for name, origin in aliases(src).items() if origin.startswith(_METRIC_MODULES)}
        if metric_names:
            hit = next((n.lineno for n in src.of_types(ast.Name) if n.id in metric_names), None)
    return hit


_NOT_EVALUATION_DIRS = frozenset({"docs", "doc", "examples", "example"})


class Evaluating(NamedTuple):
    """One evaluation source, as its place (not its tree: the rules that judge it read summaries of its file)."""

    path: str
    source: int  # which of the file's Python sources (``RepoIndex.python_sources``): 0 for a module
    hit: int  # the line of its first metric call (or of the call shown), within the source
    line: int | None  # where that line is in the file, and in which cell (``PySource.where``)
    cell: int | None


# a module's or notebook's evaluating sources: (number of the source, line of its first metric, where that line
# is shown); and a module's metric helpers (``_helper_callers``)
_Metrics = tuple[tuple[tuple[int, int, int | None, int | None], ...], frozenset[str]]


def _first_metrics(path: str, sources: list[PySource]) -> _Metrics:
    """(number of the source, line of its first metric, where) of each source of a module or notebook that has
    one; of an evaluating module, its metric helpers (``_metric_helpers``) too."""
    hits = tuple((i, hit, *src.where(hit)) for i, src in enumerate(sources) if (hit := _first_metric(src)) is not None)
    helpers = _metric_helpers(sources[0]) if hits and path.endswith(".py") else frozenset()
    return hits, helpers


def _metric_helpers(src: PySource) -> frozenset[str]:
    """The top-level public functions of an evaluating module that compute a metric and train nothing: the
    metric helpers whose callers ``_helper_callers`` looks for (a function that trains and scores, the
    `train_model` of a pipeline, is training: its callers train, they do not evaluate)."""
    from mlgate.facts.specs import training_calls

    trained = [n.lineno for n in training_calls(src)]
    helpers: set[str] = set()
    for fn in src.tree.body:
        if not isinstance(fn, (ast.FunctionDef, ast.AsyncFunctionDef)) or fn.name.startswith("_"):
            continue
        end = fn.end_lineno or 0

        def inside(line: int, fn: ast.FunctionDef | ast.AsyncFunctionDef = fn, end: int = end) -> bool:
            return fn.lineno <= line <= end
        if any(_computes_metric(c) for c in calls(src) if inside(c.node.lineno)) \
                and not any(inside(line) for line in trained):
            helpers.add(fn.name)
    return frozenset(helpers)


def _may_evaluate(index: RepoIndex, path: str) -> bool:
    """A file whose metrics ``evaluation_sources`` may ask for (by its path, and not a library's package: the
    others' are never asked)."""
    return not in_dirs(path, _NOT_EVALUATION_DIRS) and not in_dirs(path, TEST_DIRS) \
        and not in_library_package(index, path)


# made at a sweep's drop: evaluation_sources asks it of every module that spells a metric word, after the sweeps
# had dropped most (karunru/kaggle_monorepo: 135 modules, 3.6M characters parsed again for it)
RepoIndex.summariser("eval-first-metric", _first_metrics, needles=(_EVALUATION,), at_drop=_may_evaluate)


def evaluation_sources(index: RepoIndex) -> list[Evaluating]:
    """The evaluation code outside tests: each source's place and the line of its first metric call. No tree is
    kept for it: keeping the evaluating modules' trees (to the end of the analysis) held 2.2M characters of
    source as trees on karunru/kaggle_monorepo (~65 MB), each module parsed a second time to be kept; the rules
    that judge them read summaries (mlgate.rules.spec's ``spec-eval-facts``)."""

    def compute() -> list[Evaluating]:
        out: list[Evaluating] = []
        helpers: dict[str, frozenset[str]] = {}  # module path -> its metric helpers
        # decided by the path before parsing: a library's metric implementations are its product, not its
        # model's evaluation; helpers of a test suite (tests/helpers/pipelines.py) are tests
        outside = (p for p in code_files(index) if not in_dirs(p, _NOT_EVALUATION_DIRS) and not in_dirs(p, TEST_DIRS))
        for path in index.containing(outside, _EVALUATION):
            if in_library_package(index, path):
                continue
            # from the summary (made at a sweep's drop, or from a parse not kept)
            hits, names = index.summary("eval-first-metric", path)
            out.extend(Evaluating(path, i, hit, line, cell) for i, hit, line, cell in hits)
            if names:
                helpers[path] = names
        seen = {e.path for e in out}
        for path, hit in _helper_callers(index, helpers):
            if path not in seen:
                seen.add(path)
                out.append(Evaluating(path, 0, hit, hit, None))
        for path, hit in _evaluation_stage_scripts(index):
            if path not in seen:
                seen.add(path)
                out.append(Evaluating(path, 0, hit, hit, None))
        return out

    return index.memo("spec:eval-sources", compute)


def _computes_metric(c: Any) -> bool:
    """A call that computes a metric's value (scikit-learn, torchmetrics), not one that configures an
    evaluation (a TFX pipeline builder's TFMA config is no helper that scores)."""
    return c.qualified.startswith(("sklearn.metrics.", "torchmetrics.")) or c.qualified.split(".")[-1] in _METRIC_FUNCS


def _helper_callers(index: RepoIndex, helpers: dict[str, frozenset[str]]) -> list[tuple[str, int]]:
    """(module, line of the call) of the modules that score a model through a metric helper of the repository
    (``helpers``: module path -> its helpers, ``_metric_helpers``): a top-level function of an evaluating module
    that calls a metric (`evaluate(y_true, y_pred, name)` of model/utils.py), imported and called elsewhere. The
    caller is where the model and any baseline are scored (time-series-backend scores its previous-day baseline
    so), the helper only computes numbers."""
    from mlgate.facts.imports import file_imports

    if not helpers:
        return []
    needles = Needles(*sorted({n for names in helpers.values() for n in names}))
    out: list[tuple[str, int]] = []
    for path in index.files:
        if not path.endswith(".py") or path in helpers or is_test_file(path) or in_dirs(path, _NOT_EVALUATION_DIRS) \
                or in_dirs(path, TEST_DIRS) or not index.contains(path, needles) or in_library_package(index, path):
            continue
        names = {name for module, name in file_imports(index, path).used if name in helpers.get(module, ())}
        caller = index.python(path, keep=False) if names else None
        if caller is None:
            continue
        hit = next((c.node.lineno for c in calls(caller) if c.name.split(".")[-1] in names), None)
        if hit is not None:
            out.append((path, hit))
    return out


_EVAL_STAGE = lazyre.compile(r"(^|[_@-])(eval|evaluate|evaluation|validate|validation|test|score|scoring|metrics)"
                         r"([_@-]|$|\d)", re.I)
_METRIC_LOGGING = frozenset({"log_metric", "log_metrics", "Live", "log", "dump"})


def _evaluation_stage_scripts(index: RepoIndex) -> list[tuple[str, int]]:
    """(script, line) of the Python scripts a pipeline's evaluation stage runs (a dvc.yaml stage named
    `evaluate` whose command runs src/evaluate.py): evaluation code even when it computes its own metric
    (a Dice score) rather than calling a metrics library. The line is the first metric logging call, or
    the top of the script."""
    out: list[tuple[str, int]] = []
    for stage in dvc_stages(index):
        if not _EVAL_STAGE.search(stage.name):
            continue
        for dep in stage.deps:
            if dep.endswith(".py") and index.exists(dep) and not is_test_file(dep) \
                    and dep.rsplit("/", 1)[-1] in stage.cmd:
                src = index.python(dep, keep=False)
                if src is None:
                    continue
                line = next((c.node.lineno for c in calls(src)
                             if c.name.split(".")[-1] in _METRIC_LOGGING or ".summary" in c.name), 1)
                out.append((dep, line))
    return out


