"""Feature-code discovery: the modules and functions that build model inputs.

A file is feature code when it is configured (``paths.features``), when a featurize / preprocess /
transform stage of a pipeline definition (``dvc.yaml`` deps and cmd, ``MLproject`` entry points, Kedro
``pipelines/<name>/nodes.py``) depends on it, when its path says so (``features/``, ``preprocessing/``,
``transform*.py``, ``build_features.py`` ...), or when a training entrypoint imports it and its functions
take and return dataframes, arrays or tensors (or it defines an sklearn transformer). Tests, docs,
examples and notebooks found only by their contents are left out. Python files and notebooks.
"""

from __future__ import annotations

import ast
import re
from typing import Any

from mlgate import lazyre
from mlgate.facts.imports import file_imports
from mlgate.facts.python import import_names, reached_made
from mlgate.facts.tests import code_files, is_test_file
from mlgate.patterns import PathSet, by_folder, command_scripts, runs_script
from mlgate.records import dataclass
from mlgate.repo import Needles, PySource, RepoIndex, per_file, yaml_line

_FRAME_TYPES = Needles("DataFrame", "ndarray", "Tensor", "TransformerMixin", "Series")

FEATURE_DIR = lazyre.compile(r"(^|/)(features?|feature_engineering|featurization|featurize|preprocessing"
                             r"|preprocess|transforms?|transformations?|feature_store|featurizers?)/")
FEATURE_NAME = lazyre.compile(r"^(features?|build_features|make_features|feature_engineering|featurization"
                              r"|featurize|featurizers?|preprocess(ing|or)?|transforms?|transformations?|prepare"
                              r"|prepare_data|data_prep(aration)?|clean(ing)?_data|make_dataset|build_dataset"
                              r"|process(ing)?_data)(_\w+)?"
                              r"\.(py|ipynb)$|^\w*_(features|featurize|preprocess(ing)?|transforms?)\.(py|ipynb)$",
                              needs=("featur", "process", "transform", "prepare", "data_prep", "clean", "_dataset"))
STAGE_NAME = lazyre.compile(r"feat|preprocess|prepro|prepare|transform|clean|encod|engineer|process", re.I)
# a stage named for the model it prepares (`prepare_base_model`, `prepare_model`): model code, not features
_MODEL_STAGE = lazyre.compile(r"model|network|weights|checkpoint", re.I)


def _feature_stage(name: str) -> bool:
    """A pipeline stage (entry point, Kedro pipeline) whose name says it makes model inputs."""
    return bool(STAGE_NAME.search(name)) and (not _MODEL_STAGE.search(name) or "feat" in name.lower())
# a folder of data preparation: feature code only where its functions take and return frames or arrays (a
# download script there is not)
PREP_DIR = lazyre.compile(r"(^|/)(data_prep(aration)?|data_processing)/")
# a folder of a network's layers: a module named for transforms there transforms the layers' weights (YOLOv6's
# yolov6/layers/dbb_transforms.py fuses a branch's conv and batch-norm kernels for re-parameterisation), not data
LAYER_DIR = lazyre.compile(r"(^|/)(layers|blocks)/")
SKIP_DIRS = lazyre.compile(r"(^|/)(tests?|testing|docs?|examples?|samples?|benchmarks?|site-packages|node_modules"
                           r"|\.venv|venv|build|dist|migrations)/")
FRAME_TYPES = lazyre.compile(r"\b(DataFrame|Series|ndarray|NDArray|ArrayLike|Tensor|LazyFrame|Dataset"
                             r"|SparseTensor)\b")
NOT_FEATURE_FUNCS = frozenset({"main", "cli", "run", "parse_args", "get_args", "parse_arguments", "setup",
                               "__getattr__", "__dir__"})
# bases of model and layer classes: their forward()/__call__ is the model, not a feature transform
_MODEL_BASES = lazyre.compile(r"\b(nn\.Module|Module|LightningModule|PreTrainedModel|ModelMixin|Model|Layer|keras\.\w+"
                              r"|tf\.Module|flax\.linen\.Module|eqx\.Module)\b")
TRAIN_FILE = lazyre.compile(r"(^|/)(train|training|fit|finetune|pipeline|run_pipeline)(_\w+)?\.py$|_train\.py$")


@dataclass(frozen=True)
class FeatureFunction:
    name: str
    line: int
    kind: str  # function | class


@dataclass(frozen=True)
class FeatureModule:
    path: str
    why: str  # how it was found
    functions: tuple[FeatureFunction, ...]
    notebook: bool = False


@per_file
def _public_units(index: RepoIndex, path: str) -> tuple[FeatureFunction, ...]:
    # names and lines are kept, no node: the trees need not stay; a summary, made at the drop of a module that
    # training reaches (a ``Reached``: its tree is not kept), whose data module is often a feature module
    units: tuple[FeatureFunction, ...] = index.summary("features-public-units", path)
    if not units and path.endswith(".py") and index.summary("py-source-count", path) == 0:
        return _units_of(path, index.notebook_sources(path, keep=False))  # a module that does not parse, as before
    return units


def _units_of(path: str, sources: list[PySource]) -> tuple[FeatureFunction, ...]:
    out: list[FeatureFunction] = []
    for src in sources:
        # a class builds a ColumnTransformer only in a module that calls one: the module's calls (walked once for
        # every summary of this parse) are read before any class is walked for one
        column = any(_column_transformer_call(c) for c in src.call_nodes)
        for node in src.tree.body:
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
                if node.name.startswith("_") or node.name in NOT_FEATURE_FUNCS or _is_cli(node):
                    continue
                out.append(FeatureFunction(node.name, node.lineno, "function"))
            elif isinstance(node, ast.ClassDef) and not node.name.startswith("_"):
                methods = {b.name for b in node.body
                           if isinstance(b, (ast.FunctionDef, ast.AsyncFunctionDef))}
                bases = " ".join(ast.unparse(b) for b in node.bases)
                if (methods & {"transform", "fit_transform", "__call__", "apply", "compute"}
                        and not _MODEL_BASES.search(bases)) or _DATA_MODULE.search(bases) \
                        or (column and _column_transformer(node)):
                    out.append(FeatureFunction(node.name, node.lineno, "class"))
    return tuple(out)


def may_be_feature_module(index: RepoIndex, path: str) -> bool:
    """Whether ``_discover`` may find a module that training reaches (``reached_made``) to be feature code: one
    that spells what a feature class or a function over frames is spelled with, or whose path names features
    (its ``_public_units`` and feat-tests-exist's shapes of it are then made at the drop of its parse)."""
    return reached_made(index, path) and (index.contains(path, _CLASS_NEEDLES) or index.contains(path, _FRAME_TYPES)
                                          or FEATURE_DIR.search(path) is not None
                                          or FEATURE_NAME.match(path[path.rfind("/") + 1:]) is not None
                                          or PREP_DIR.search(path) is not None)


RepoIndex.summariser("features-public-units", _units_of, at_drop=may_be_feature_module)


# a Lightning data module turns the raw data into the batches the model trains on (download, split, transform)
_DATA_MODULE = lazyre.compile(r"\bLightningDataModule\b")
CONFIGURED_WHY = "configured in paths.features"  # the reason of a module the user named
SHAPE_WHY = "defines "  # the reasons below: found by what the module defines, wherever it lives


def _defined_feature_class(index: RepoIndex, path: str) -> str | None:
    """Why the module is feature code by what it defines: a data module (LightningDataModule subclass), or a
    transformer class of its own with ``fit``/``fit_transform`` and ``transform`` methods (categorical
    encoders, scalers written by hand). Model classes are not features."""
    defined, column = _defined_shapes(index, path)
    # a training script that builds its ColumnTransformer inline is training code, judged through the units
    return defined or (column if column and path not in training_files(index) else None)


@per_file
def _defined_shapes(index: RepoIndex, path: str) -> tuple[str | None, str | None]:
    """What ``_defined_feature_class`` reads of the module alone: why a class it defines is feature code, and
    why its column-wise preprocessing is (whether it is a training script is not the module's alone), from the
    summary made when the module's parse was dropped (``_defined_summary``), not from a parse of its own."""
    if not index.contains(path, _CLASS_NEEDLES):
        return None, None
    shapes: tuple[str | None, str | None] = index.summary("feat-defined", path)
    return shapes


def _defined_summary(path: str, sources: list[Any]) -> tuple[str | None, str | None]:
    """``_defined_shapes`` of a module: a summary, so that feature discovery neither keeps nor parses again the
    trees of the modules it reads (lerobot: 45 parsed twice). Asked only of the modules the discovery reads
    (not tests, vendored or build folders, nor ``__init__.py``): the others' is not made."""
    if len(sources) != 1 or sources[0].cell is not None or is_test_file(path) or SKIP_DIRS.search(path) \
            or path.endswith("__init__.py"):
        return None, None
    src = sources[0]
    data_module = "LightningDataModule" in src.text  # a base that names it is spelled in the text
    for node in src.tree.body:
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)) and _FEATURE_FN.match(node.name):
            return f"{SHAPE_WHY}`{node.name}`{NAMED_WHY}", None
        if not isinstance(node, ast.ClassDef) or node.name.startswith("_"):
            continue
        named = next((b.name for b in node.body if isinstance(b, (ast.FunctionDef, ast.AsyncFunctionDef))
                      and _FEATURE_FN.match(b.name)), None)
        if named:
            return f"{SHAPE_WHY}`{node.name}.{named}`{NAMED_WHY}", None
        methods = {b.name for b in node.body if isinstance(b, (ast.FunctionDef, ast.AsyncFunctionDef))}
        fits = "transform" in methods and bool(methods & {"fit", "fit_transform"})
        if not data_module and not fits:
            continue  # neither test below can hold: the bases need not be unparsed
        bases = " ".join(ast.unparse(b) for b in node.bases)
        if _DATA_MODULE.search(bases):
            return f"{SHAPE_WHY}the data module `{node.name}` (loads, splits and transforms the data)", None
        if fits and not _MODEL_BASES.search(bases):
            return f"{SHAPE_WHY}the feature transformer `{node.name}` (fit and transform methods)", None
    # the column-wise preprocessing of a tabular model (imputers, encoders, scalers per column), built in a
    # module of its own: what turns the raw columns into model inputs (a training script that builds one
    # inline is training code, judged through the training units)
    if any(w in src.text for w in _COLUMN_TRANSFORMER.words):
        for node in src.tree.body:
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)) \
                    and not node.name.startswith("_") and _column_transformer(node):
                return None, f"{SHAPE_WHY}the preprocessing `ColumnTransformer` built in `{node.name}`"
    return None, None


_COLUMN_TRANSFORMER = Needles("ColumnTransformer(", "make_column_transformer(")


def _column_transformer(node: ast.AST) -> bool:
    """The definition builds a scikit-learn ColumnTransformer."""
    return any(isinstance(inner, ast.Call) and _column_transformer_call(inner) for inner in ast.walk(node))


def _column_transformer_call(call: ast.Call) -> bool:
    f = call.func
    return (f.attr if isinstance(f, ast.Attribute) else f.id if isinstance(f, ast.Name) else "") in (
        "ColumnTransformer", "make_column_transformer")


NAMED_WHY = " (builds the model's features)"


@per_file
def _feature_named(index: RepoIndex, path: str) -> tuple[FeatureFunction, ...]:
    """Top-level functions named for building features (a pipeline task too), and classes with such a method."""
    src = index.python(path, keep=False)  # names and lines are kept, no node
    out: list[FeatureFunction] = []
    for node in src.tree.body if src is not None else []:
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)) and _FEATURE_FN.match(node.name):
            out.append(FeatureFunction(node.name, node.lineno, "function"))
        elif isinstance(node, ast.ClassDef) and any(
                isinstance(b, (ast.FunctionDef, ast.AsyncFunctionDef)) and _FEATURE_FN.match(b.name)
                for b in node.body):
            out.append(FeatureFunction(node.name, node.lineno, "class"))
    return tuple(out)


_CLASS_NEEDLES = Needles("LightningDataModule", "def transform", "_features(", "_feature(", "def featuri",
                         "ColumnTransformer(", "make_column_transformer(")
# a function named for building features: prepare_features, build_features, compute_user_features, featurize;
# not one that measures something of each feature: a drift monitor's `compute_psi_per_feature`, an explainer's
# `compute_shap_features`, `compute_drift_features` (a statistic per feature describes the features, it builds none)
_FEATURE_FN = lazyre.compile(r"^(prepare|build|make|compute|extract|engineer|create|add|generate)_"
                             r"(?!(\w+_)?(per|psi|drift|shap|importances?)_features?$)(\w+_)?features?$"
                             r"|^featuri[sz]e(_\w+)?$")


def _is_cli(node: ast.FunctionDef | ast.AsyncFunctionDef) -> bool:
    for dec in node.decorator_list:
        text = ast.unparse(dec)
        if re.search(r"\b(command|group|app\.\w+|main|hydra\.main|task|step|node)\b", text):
            return True
    return False


def _stage_files(index: RepoIndex) -> dict[str, str]:
    """Files that featurize/preprocess stages of declared pipelines depend on -> why."""
    found: dict[str, str] = {}
    for path in index.named("dvc.yaml"):
        base = path.rsplit("/", 1)[0] + "/" if "/" in path else ""
        for doc in index.yaml(path):
            stages = doc.get("stages") if isinstance(doc, dict) else None
            if not isinstance(stages, dict):
                continue
            for name, stage in stages.items():
                if not isinstance(stage, dict) or not _feature_stage(str(name)):
                    continue
                deps = stage.get("deps") or []
                cmd = stage.get("cmd")
                cmds = [cmd] if isinstance(cmd, str) else [c for c in cmd if isinstance(c, str)] \
                    if isinstance(cmd, list) else []
                run = [p for c in cmds for p in command_scripts(c)]
                candidates = [d for d in deps if isinstance(d, str)] + run
                for dep in candidates:
                    full = base + dep
                    if full.endswith(".py") and run and not runs_script(run, dep) \
                            and index.exists(full) and not imports_data_library(index, full):
                        continue  # a module the stage depends on, does not run and uses no data library (its settings)
                    if full.endswith((".py", ".ipynb")) and index.exists(full):
                        found.setdefault(full, f"dependency of the `{name}` stage in {path}")
                    elif not full.endswith((".py", ".ipynb")):
                        for f in index.under(full):
                            if f.endswith(".py") and not is_test_file(f):
                                found.setdefault(f, f"dependency of the `{name}` stage in {path}")
    for path in index.named("MLproject"):
        base = path.rsplit("/", 1)[0] + "/" if "/" in path else ""
        for doc in index.yaml(path):
            eps = doc.get("entry_points") if isinstance(doc, dict) else None
            if not isinstance(eps, dict):
                continue
            for name, ep in eps.items():
                cmd = ep.get("command") if isinstance(ep, dict) else None
                if _feature_stage(str(name)) and isinstance(cmd, str):
                    for script in command_scripts(cmd):
                        if index.exists(base + script):
                            found.setdefault(base + script, f"the `{name}` entry point of {path}")
    for path in index.files:  # Kedro: src/<pkg>/pipelines/<name>/nodes.py
        m = re.search(r"/pipelines/([^/]+)/nodes\.py$", path)
        if m and _feature_stage(m.group(1)):
            found.setdefault(path, f"nodes of the Kedro pipeline `{m.group(1)}`")
    return found


_MODEL_PARAMS = frozenset({"self", "model", "module", "net", "network", "layer"})
_MODEL_ANNOTATION = lazyre.compile(r"(?:Module|Model|Layer)\]?$")


def _runs_the_model(args: list[ast.arg]) -> bool:
    """A function that takes the model (a `model` or `layer` parameter, an `nn.Module` annotation) or is a method
    body patched onto a layer (`def new_forward(self, x)` at module level): it runs or changes the model
    (generation, adapters), it does not make the model's inputs."""
    return any(a.arg in _MODEL_PARAMS or (a.annotation is not None
                                          and _MODEL_ANNOTATION.search(ast.unparse(a.annotation)))
               for a in args)


# a function named for the predictions it returns (`predict_demand`, `generate_naive_forecast`) produces the
# model's output, not its inputs; one named for features (`lag_features_for_forecast`) still makes inputs
_PREDICTS = lazyre.compile(r"^(predict|forecast|infer)|(predict|predictions?|forecasts?)$", re.I)


def _predicts(name: str) -> bool:
    return _PREDICTS.search(name) is not None and "feature" not in name.lower()


def _frame_functions(index: RepoIndex, path: str) -> bool:
    """Does the module define a function from frames/arrays/tensors to frames/arrays/tensors, or an
    sklearn transformer? A summary of its parse (``_frame_functions_of``): the modules that training imports
    are asked, and a library's are many (pytorch-image-models: 3.2M characters parsed a second time for it)."""
    return bool(index.summary("feat-frame-functions", path))


def _frame_functions_of(path: str, sources: list[PySource]) -> bool:
    if not path.endswith(".py") or not sources:
        return False
    for node in sources[0].tree.body:
        if isinstance(node, ast.ClassDef):
            bases = " ".join(ast.unparse(b) for b in node.bases)
            if "TransformerMixin" in bases:
                return True
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)) and not node.name.startswith("_"):
            args = node.args.posonlyargs + node.args.args
            if _runs_the_model(args) or _predicts(node.name):
                continue
            takes = any(a.annotation is not None and FRAME_TYPES.search(ast.unparse(a.annotation))
                        for a in args)
            gives = node.returns is not None and FRAME_TYPES.search(ast.unparse(node.returns))
            if takes and gives:
                return True
    return False


RepoIndex.summariser("feat-frame-functions", _frame_functions_of, needles=(_FRAME_TYPES,), absent=False)


def training_files(index: RepoIndex) -> list[str]:
    """Non-test Python files that train a model: the training entrypoints and training modules of the
    model-spec discovery (mlgate.facts.specs), which reads the code's calls, not its text."""
    from mlgate.facts.specs import spec_files

    def compute() -> list[str]:
        return [s.path for s in spec_files(index) if (s.kind in ("entrypoint", "training") or s.trains)
                and s.path.endswith(".py") and not is_test_file(s.path) and not SKIP_DIRS.search(s.path)]

    return index.memo("training-files", compute)


def feature_modules(index: RepoIndex, configured: tuple[str, ...] = ()) -> list[FeatureModule]:
    """Every feature module, sorted by path."""
    return index.memo(f"feature-modules:{configured}", lambda: _discover(index, configured))


def _feature_paths(index: RepoIndex) -> tuple[list[tuple[str, bool, bool]], list[str]]:
    """What ``_discover`` reads of the file list alone: the non-test modules and notebooks whose path names
    feature code (a module's name, not in a folder of layers: ``LAYER_DIR``) or data preparation (modules only),
    each with which, and the non-test modules (not packages'
    ``__init__``) that may define a feature class; one memo, the same on both sides of a comparison."""

    def compute() -> tuple[list[tuple[str, bool, bool]], list[str]]:
        named: list[tuple[str, bool, bool]] = []
        modules: list[str] = []
        # the folder patterns match a folder name followed by "/": a module's answers are its folder's
        folder_of = by_folder(lambda folder: (SKIP_DIRS.search(folder) is not None,
                                              FEATURE_DIR.search(folder) is not None,
                                              PREP_DIR.search(folder) is not None,
                                              LAYER_DIR.search(folder) is not None))
        for path in code_files(index):
            skipped, feature_dir, prep_dir, layer_dir = folder_of(path)
            if skipped:
                continue
            if path.endswith(".py") and not path.endswith("__init__.py"):
                modules.append(path)
            name = path[path.rfind("/") + 1:]
            if name in ("__init__.py", "setup.py", "conftest.py", "__main__.py"):
                continue
            by_name = feature_dir or (FEATURE_NAME.match(name) is not None and not layer_dir)
            prep = prep_dir and path.endswith(".py")
            if by_name or prep:
                named.append((path, by_name, prep))
        return named, modules

    return index.memo("feature-paths", compute)


def _discover(index: RepoIndex, configured: tuple[str, ...]) -> list[FeatureModule]:
    why: dict[str, str] = {}
    if configured:
        for path in PathSet(configured).filter(index.files):
            if path.endswith((".py", ".ipynb")):
                why[path] = CONFIGURED_WHY
    for path, reason in _stage_files(index).items():
        why.setdefault(path, reason)
    named, modules = _feature_paths(index)
    for path, by_name, prep in named:
        # A path that names feature code counts when the module handles data (it imports a data or
        # ML library) or the repository has a model at all: elsewhere a features.py is a CLI's
        # feature flags, or a static-analysis tool's helpers.
        if by_name and (imports_data_library(index, path) or _has_model(index)):
            why.setdefault(path, "its path names feature code")
        elif prep and _frame_functions(index, path):
            why.setdefault(path, "a data preparation module whose functions transform dataframes, arrays or tensors")
    for path in modules:
        if path in why or not index.contains(path, _CLASS_NEEDLES):
            continue
        defined = _defined_feature_class(index, path)
        if defined and (imports_data_library(index, path) or (defined.endswith(NAMED_WHY) and _has_model(index))):
            why[path] = defined
    imported_by_training: set[str] = set()
    for path in training_files(index):
        imported_by_training |= file_imports(index, path).modules
    for path in sorted(imported_by_training):
        if path in why or not path.endswith(".py") or is_test_file(path) or SKIP_DIRS.search(path) \
                or path.endswith("__init__.py") or path in training_files(index):
            continue
        if _frame_functions(index, path):
            why[path] = "imported by training code; its functions transform dataframes, arrays or tensors"
    models = _model_modules(index)
    out = []
    for path in sorted(why):
        if path in models and why[path] != CONFIGURED_WHY:
            continue  # a module that defines the model (an architecture file) is model code, not features
        # a module found by a feature-named function: only that is features (not the rest of a serving module)
        units = _feature_named(index, path) if why[path].endswith(NAMED_WHY) else _public_units(index, path)
        if path.endswith(".py") and not units and why[path] == "its path names feature code":
            continue  # an empty module or constants only: nothing to test
        out.append(FeatureModule(path, why[path], units, notebook=path.endswith(".ipynb")))
    return out


DATA_LIBRARIES = frozenset({
    "pandas", "numpy", "polars", "pyspark", "torch", "tensorflow", "sklearn", "scipy", "pyarrow", "dask", "jax",
    "cudf", "datasets", "featuretools", "feast", "keras", "xgboost", "lightgbm", "cv2", "PIL", "librosa", "nltk",
    "spacy", "transformers", "tokenizers", "duckdb", "ibis", "modin", "torchvision", "category_encoders",
    # ML platforms: code that evaluates, registers or promotes models
    "mlflow", "wandb", "tfx", "tensorflow_model_analysis", "sagemaker", "kfp", "zenml", "dvclive", "evaluate",
    "torchmetrics", "bentoml", "lightning", "pytorch_lightning", "catboost", "statsmodels"})


@per_file
def imports_data_library(index: RepoIndex, path: str) -> bool:
    """The module's own import statements (not its text) name a data or ML library: from the names its imports
    may resolve to (a summary: a dropped module is not parsed again for it; a relative import's start with a
    dot, whose first part "" is no library)."""
    return any(name.split(".", 1)[0] in DATA_LIBRARIES for name in import_names(index, path))


def _model_modules(index: RepoIndex) -> set[str]:
    """Modules the model-spec discovery found defining a model class (nn.Module, keras Model ...)."""
    from mlgate.facts.specs import spec_files

    return {s.path for s in spec_files(index) if s.kind == "model"}


def _has_model(index: RepoIndex) -> bool:
    from mlgate.facts.specs import spec_files

    return bool(spec_files(index) or training_files(index))


def stage_line(index: RepoIndex, path: str, stage: str) -> int | None:
    for doc in index.yaml(path):
        stages: Any = doc.get("stages") if isinstance(doc, dict) else None
        if isinstance(stages, dict) and stage in stages:
            return yaml_line(stages, stage)
    return None


RepoIndex.summariser("feat-defined", _defined_summary, needles=(_CLASS_NEEDLES,), absent=(None, None))
