"""Model-spec discovery: the files that define a model and its hyperparameters.

- params files (params.yaml, hparams.json ...), MLproject, dvc.yaml with a training stage, and
  the scripts and params files that stage depends on;
- config trees: YAML under conf/, config/, configs/, cfg/ about models, training, experiments or
  hyperparameter searches, and the Hydra config directory a ``@hydra.main`` names;
- Python, found by what it imports and calls: model classes (subclasses of nn.Module,
  LightningModule, keras Model, PreTrainedModel, BaseEstimator), training entrypoints (a script
  that fits a model), training modules (a function that fits one); notebooks that train;
- the configured ``paths.model-spec``.
"""

from __future__ import annotations

import ast
import posixpath
import re
from collections.abc import Iterator

from mlgate import lazyre
from mlgate.facts.project import in_library_package, library_docs, library_tooling
from mlgate.facts.pycode import aliases, calls, dotted, main_guard, qualify
from mlgate.facts.python import is_test_path
from mlgate.facts.tests import is_test_file
from mlgate.patterns import PathSet, command_scripts, runs_script
from mlgate.records import dataclass
from mlgate.repo import Needles, PySource, RepoIndex, parent_dir, walk_nodes

PARAMS_NAMES = lazyre.compile(r"^(params|hparams|hyperparams|hyperparameters)\.(ya?ml|json|toml)$",
                              needs=("param",))
CONFIG_ROOTS = ("conf", "config", "configs", "cfg")
CONFIG_TOPIC = lazyre.compile(
    r"(^|[/_.-])(model|models|train|training|trainer|experiment|experiments|hparams|optim"
    r"|optimizer|network|arch)([/_.-]|$)"
)
# config groups about plumbing (logging, callbacks, paths), not the model or its hyperparameters
NOT_SPEC_CONFIG_DIRS = frozenset({"callbacks", "logger", "loggers", "logging", "paths", "hydra", "extras",
                                  "debug", "local", "launcher", "env", "secrets"})
_TRANSFORMER_MODULES = ("sklearn.feature_extraction", "sklearn.preprocessing", "sklearn.decomposition",
                        "sklearn.impute", "sklearn.feature_selection", "sklearn.manifold",
                        "sklearn.random_projection", "pyspark.ml.feature")
# a pipeline made of transformers alone (Spark's `Pipeline(stages=[assembler, scaler])`, scikit-learn's
# `make_pipeline(StandardScaler(), PCA())`) is fitted to transform data, as its stages are
_PIPELINES = frozenset({"Pipeline", "make_pipeline"})
# A file named like a training script is one only if it can be run as a script: a module named
# training.py in a library (helpers, no entry point) is not.
SCRIPT_NEEDLES = Needles("__main__", "sys.argv", "argparse", "@hydra.main", "click.", "typer", "fire.Fire",
                         "@app.command")
_HYDRA = Needles("hydra")
# train.py, train_model.py, finetune-lora.py, bert_train.py; not train_data_preprocessor.py or
# train_test_split.py, which prepare the training data
TRAIN_NAME = lazyre.compile(r"^(train|training|finetune|fine_tune|fit)"
                            r"([_-](?!(?:data|datasets?|test|val|valid|split|set)(?:[_.-]))[^/]*)?\.py$|^.*_train\.py$",
                            needs=("train", "fit", "fine"))
FRAMEWORKS = (
    "torch",
    "tensorflow",
    "keras",
    "sklearn",
    "xgboost",
    "lightgbm",
    "catboost",
    "lightning",
    "pytorch_lightning",
    "transformers",
    "jax",
    "flax",
    "optax",
    "statsmodels",
    "prophet",
    "mlx",
    "fastai",
    "trl",
    "sentence_transformers",
    "peft",
)
# frameworks that are a part of a bigger package: Spark's MLlib (`from pyspark.ml.regression import
# GBTRegressor`), not pyspark itself (its SQL and streaming modules are data engineering)
FRAMEWORK_MODULES = ("pyspark.ml",)
# line-level regexes (kept for facts/training.py, which scans notebook code with them)
FRAMEWORK_IMPORT = lazyre.compile(
    r"^\s*(?:import|from)\s+(torch|tensorflow|keras|sklearn|xgboost|lightgbm|catboost|lightning|"
    r"pytorch_lightning|transformers|jax|flax|pyspark\.ml)\b", re.M)
TRAIN_CALL = lazyre.compile(r"\.fit\(|\.train\(|Trainer\(|\.backward\(\)|optimizer\.step\(|\.fit_generator\(")
FRAMEWORK_NEEDLES = Needles(*(f"{kw} {f}" for kw in ("import", "from") for f in (*FRAMEWORKS, *FRAMEWORK_MODULES)))
# base classes that make a class a model definition; ambiguous short names need a framework import
MODEL_BASES = frozenset(
    {
        "Module",
        "LightningModule",
        "Model",
        "PreTrainedModel",
        "BaseEstimator",
        "Sequential",
        "TFPreTrainedModel",
        "FlaxPreTrainedModel",
        "ClassifierMixin",
        "RegressorMixin",
    }
)
TRAIN_METHODS = frozenset(
    {"fit", "fit_generator", "partial_fit", "backward", "train_on_batch", "fine_tune", "fit_one_cycle",
     "fit_flat_cos"}
)
ML_SKIP_DIRS = (
    "tests/",
    "test/",
    "docs/",
    "doc/",
    "documentation/",
    "examples/",
    "example/",
    "benchmarks/",
    "scripts/deprecated/",
)
_NOT_A_MODEL = lazyre.compile(
    r"scaler|encoder|vectori[sz]er|imputer|^pca$|tokeni[sz]er|^le$|^ohe$|tfidf|selector|"
    r"binarizer|normali[sz]er|discreti[sz]er|transformer$|preprocess|featur",
    re.I,
)
TRAIN_STAGE = lazyre.compile(r"(^|[_-])(train|training|fit|finetune|fine_tune|tune|tuning)([_-]|$|\d)", re.I)


@dataclass(frozen=True)
class SpecFile:
    path: str
    kind: (
        str  # params | config | mlproject | pipeline | entrypoint | training | model | notebook | configured
    )
    line: int | None = None  # where the model class / training call is, when known
    detail: str = ""  # e.g. the model class name, or what runs it
    cell: int | None = None
    trains: bool = False  # a model's module that is also a training script (see ``_defines_and_trains``)

    @property
    def model_part(self) -> bool:
        """A "model" module whose classes are all parts of a model (losses, metrics: ``model_part``)."""
        return self.kind == "model" and model_part(self.path, self.detail)


def _framework_imported(table: dict[str, str]) -> bool:
    return any(v.split(".")[0] in FRAMEWORKS or v.startswith(FRAMEWORK_MODULES) for v in table.values())


def model_classes(src: PySource, table: dict[str, str] | None = None) -> list[ast.ClassDef]:
    """Classes deriving from a framework's model base class (nn.Module, LightningModule, keras Model,
    PreTrainedModel, BaseEstimator ...). The base must come from a framework: kserve's ``Model`` or a
    pydantic model is not a model definition."""
    table = table if table is not None else aliases(src)
    zoo = any(v.startswith(_MODEL_ZOO) for v in table.values())
    if not _framework_imported(table) and not zoo:
        return []
    out = []
    for node in src.of_types(ast.ClassDef):
        if _sklearn_transformer(node):
            continue  # a scikit-learn transformer (a date feature expander, an encoder): feature code, no model
        for base in node.bases:
            name = dotted(base)
            if zoo and name and _zoo_model(qualify(name, table)):
                out.append(node)  # a torchvision model subclassed (FasterRCNN): an nn.Module
                break
            if not name or name.split(".")[-1] not in MODEL_BASES:
                continue
            origin = qualify(name, table)
            unresolved = origin == name and name.split(".")[0] not in table
            if origin.split(".")[0] in FRAMEWORKS or (unresolved and name in _DISTINCT_BASES) \
                    or (unresolved and name in _TORCH_NN_BASES and _star_torch(table)):
                out.append(node)
                break
    return out


def _model_class_names(path: str, sources: list[PySource]) -> frozenset[str]:
    return frozenset(c.name for src in sources for c in model_classes(src))


# the names of the model classes a module defines: asked only of the few untested model modules that another one
# imports (spec-unit-tested's building blocks), so made only when asked
RepoIndex.summariser("py-model-class-names", _model_class_names, at_drop=False)


def model_class_names(index: RepoIndex, path: str) -> frozenset[str]:
    """The names of the model classes (``model_classes``) the module at ``path`` defines."""
    names: frozenset[str] = index.summary("py-model-class-names", path)
    return names


_DISTINCT_BASES = frozenset({"LightningModule", "PreTrainedModel", "TFPreTrainedModel", "FlaxPreTrainedModel"})
# `nn.Module` in a module that binds no `nn` itself: the name comes from a star import of a repository module that
# imports `torch.nn as nn` (yolov7's models/yolo.py: `import torch`, `from models.common import *`, then
# `class Model(nn.Module)`), as Python runs it; else the module would fail to import
_TORCH_NN_BASES = frozenset({"nn.Module", "nn.Sequential"})


def _star_torch(table: dict[str, str]) -> bool:
    """The module imports PyTorch and takes a module's names wholesale (`from models.common import *`)."""
    values = table.values()
    return any(v.endswith(".*") for v in values) and any(v.split(".")[0] == "torch" for v in values)


_PREDICTOR_MIXINS = frozenset({"ClassifierMixin", "RegressorMixin", "ClusterMixin", "OutlierMixin"})
# model classes of a model zoo, nn.Modules whose subclasses define a model (torchvision's detection models)
_MODEL_ZOO = ("torchvision.models.",)


def _zoo_model(origin: str) -> bool:
    last = origin.rsplit(".", 1)[-1]
    return origin.startswith(_MODEL_ZOO) and last[:1].isupper() and not last.endswith(("Weights", "Config"))


def _transformer_names(src: PySource, table: dict[str, str]) -> set[str]:
    """Names assigned from scikit-learn transformers (vectorizers, scalers, PCA ...): fitting them is
    feature engineering, not training a model."""
    names: set[str] = set()
    local = _local_transformers(src)

    def transformer(node: ast.expr) -> bool:
        if isinstance(node, ast.Name):
            return node.id.lower() in names
        if isinstance(node, ast.Tuple) and len(node.elts) == 2:  # scikit-learn's ("scale", StandardScaler())
            return transformer(node.elts[1])
        func = (dotted(node.func) or "") if isinstance(node, ast.Call) else ""
        return bool(func) and (qualify(func, table).startswith(_TRANSFORMER_MODULES) or func in local)

    pipelines: list[ast.Assign] = []
    for node in src.of_types(ast.Assign):
        if isinstance(node.value, ast.Call):
            if transformer(node.value):
                names |= {t.id.lower() for t in node.targets if isinstance(t, ast.Name)}
            elif (dotted(node.value.func) or "").rsplit(".", 1)[-1] in _PIPELINES:
                pipelines.append(node)
    for node in pipelines:  # after the stages' names are known
        call = node.value
        assert isinstance(call, ast.Call)
        given = [k.value for k in call.keywords if k.arg in ("stages", "steps")] + list(call.args)
        stages = [e for g in given for e in (g.elts if isinstance(g, (ast.List, ast.Tuple))
                                             and not _named_step(g) else [g])]
        if stages and all(transformer(e) for e in stages):
            names |= {t.id.lower() for t in node.targets if isinstance(t, ast.Name)}
    return names


def _named_step(node: ast.expr) -> bool:
    """A scikit-learn pipeline step `("scale", StandardScaler())`, not a list of steps."""
    return isinstance(node, ast.Tuple) and len(node.elts) == 2 and isinstance(node.elts[0], ast.Constant)


def _local_transformers(src: PySource) -> set[str]:
    """Classes of the module that are scikit-learn transformers (TransformerMixin, no predictor mixin): fitting
    one is a transform step's fit, not training, as their classes are feature code (``model_classes``). A
    pretrained classifier wrapped so (`InferenceClassifier(BaseEstimator, TransformerMixin)` whose ``fit``
    returns self) is "fitted" before it labels a batch: inference."""
    return {node.name for node in src.of_types(ast.ClassDef) if _sklearn_transformer(node)}


def _sklearn_transformer(node: ast.ClassDef) -> bool:
    """A scikit-learn transformer class: TransformerMixin among its bases, and no predictor mixin."""
    lasts = {(dotted(b) or "").rsplit(".", 1)[-1] for b in node.bases}
    return "TransformerMixin" in lasts and not lasts & _PREDICTOR_MIXINS


# what updates weights after `loss.backward()`: an optimizer (torch.optim, optax, `opt.step()`, Keras'
# apply_gradients), a hand-written step (`p.data += -lr * p.grad`, makemore's lessons) or a hand-written
# backward pass (a network's own `def backward(self, X, y, o)` that updates its weights)
_WEIGHT_UPDATE = lazyre.compile(r"optim|optax|\.step\(|[-+]=[^\n]*\.grad\b|\.apply_gradients\("
                                r"|\b(?:lr|learning_rate)\s*\*[^\n]*\.grad\b|\bdef backward\(")


def updates_weights(*texts: str) -> bool:
    """Some code of the unit updates weights from gradients (see ``_WEIGHT_UPDATE``): a ``backward()`` with
    nothing of the kind computes gradients only (a FLOPs or attention benchmark's dummy ``out.sum().backward()``,
    a saliency map), which is no training."""
    return any(_WEIGHT_UPDATE.search(t) for t in texts)


def training_calls(src: PySource, table: dict[str, str] | None = None,
                   transformers: set[str] | None = None, updates: bool | None = None) -> list[ast.Call]:
    """Calls that train a model: .fit(), loss.backward(), optimizer.step(), Trainer(...), xgb.train().
    ``transformers``: names bound to scikit-learn transformers elsewhere (earlier cells of a notebook);
    ``updates``: whether the unit updates weights (``updates_weights`` of all a notebook's cells; by default
    of ``src``): a ``backward()`` trains only then."""
    table = table if table is not None else aliases(src)
    if not _framework_imported(table):
        return []
    out: list[ast.Call] = []
    transformers = _transformer_names(src, table) | (transformers or set())
    for c in calls(src):
        last = c.name.split(".")[-1]
        recv = c.name.rsplit(".", 1)[0].lower() if "." in c.name else ""
        q = qualify(c.name, table)
        if "." in c.name and last in TRAIN_METHODS:
            if last in ("fit", "partial_fit", "fit_transform") and (
                    _NOT_A_MODEL.search(recv.rsplit(".", 1)[-1]) or recv in transformers):
                continue  # a scaler, encoder or vectorizer is fitted, not a model
            if last == "backward" and not (updates if updates is not None else updates_weights(src.text)):
                continue
            out.append(c.node)
        elif (
            (last == "step" and "optim" in recv)
            or (
                last in ("Trainer", "SFTTrainer", "Seq2SeqTrainer")
                and q.split(".")[0] in ("lightning", "pytorch_lightning", "transformers", "trl")
                and not _evaluates_only(src, c.node)
            )
            or (last == "train" and q.split(".")[0] in ("xgboost", "lightgbm", "catboost"))
            or (last == "train" and "trainer" in recv)
        ):
            out.append(c.node)
    return sorted(out, key=lambda n: (n.lineno, n.col_offset))


_EVALUATION_METHODS = frozenset({"test", "validate", "predict", "evaluate"})


def _evaluates_only(src: PySource, ctor: ast.Call) -> bool:
    """A trainer built only to score a trained model: `trainer = pl.Trainer(gpus=1)` then
    `trainer.test(model, datamodule=dm)`, and no other method of it called (an evaluation script trains
    nothing). A trainer whose variable is not known, or that is also fitted, is training."""
    names: set[str] = set()
    for node in src.of_types(ast.Assign):
        if node.value is ctor:
            names |= {t.id for t in node.targets if isinstance(t, ast.Name)}
    if not names:
        return False
    used = {c.name.split(".")[1] for c in calls(src) if c.name.count(".") == 1 and c.name.split(".")[0] in names}
    return bool(used) and used <= _EVALUATION_METHODS


def runs_as_script(src: PySource) -> bool:
    """An `if __name__ == "__main__":` block, or a command-line parser imported (the AST, not the text:
    a docstring that mentions __main__ does not count)."""
    for node in src.tree.body:
        if isinstance(node, ast.If) and main_guard(node.test):
            return True
        if isinstance(node, ast.Import | ast.ImportFrom):
            names = [a.name for a in node.names] if isinstance(node, ast.Import) else [node.module or ""]
            if any(n.split(".")[0] in ("argparse", "click", "typer", "fire", "hydra") for n in names):
                return True
    return False


def _defines_and_trains(src: PySource) -> bool:
    """A script that defines its model class and trains it (PyTorch's MNIST example: `class Net(nn.Module)`,
    a training loop, `main()` under `if __name__ == "__main__"`): a model definition and a training
    entrypoint both (a `__main__` that only checks the output's shape trains nothing)."""
    return runs_as_script(src) and bool(training_calls(src))


def _has_main(src: PySource) -> bool:
    text = src.text
    return (
        "__main__" in text
        or "@hydra.main" in text
        or re.search(r"\b(click|typer|fire|argparse)\b", text) is not None
    )


def hydra_config_dirs(src: PySource) -> list[tuple[str, str | None]]:
    """(config directory relative to the repository, config_name) of @hydra.main / initialize()."""
    out: list[tuple[str, str | None]] = []
    if "hydra" not in src.text:
        return out
    base = parent_dir(src.path)
    for node in src.call_nodes:
        name = dotted(node.func) or ""
        if name.split(".")[-1] not in ("main", "initialize") or (
            "hydra" not in name and name not in ("initialize",)
        ):
            continue
        kw = {k.arg: k.value for k in node.keywords if k.arg}
        cp = kw.get("config_path")
        if isinstance(cp, ast.Constant) and isinstance(cp.value, str):
            path = (
                posixpath.normpath(posixpath.join(base, cp.value)) if base else posixpath.normpath(cp.value)
            )
            cn = kw.get("config_name")
            config: str | None = None
            if isinstance(cn, ast.Constant) and isinstance(cn.value, str):
                config = cn.value
            if config and config.endswith((".yaml", ".yml")):
                config = config.rsplit(".", 1)[0]
            out.append((path if path not in (".", "") else "", config))
    return out


# Training that runs on a managed service: the job definition (estimator, its hyperparameters, the
# training step of a SageMaker or Vertex AI pipeline) is the model's specification, though the file
# imports no ML framework (the framework runs inside the service's container).
_MANAGED_NEEDLES = Needles("sagemaker", "aiplatform")
_MANAGED_TRAINING = {
    "sagemaker": frozenset({"Estimator", "TrainingStep", "TuningStep", "HyperparameterTuner", "XGBoost", "PyTorch",
                            "TensorFlow", "SKLearn", "HuggingFace", "MXNet", "AutoML", "AutoMLV2"}),
    "google": frozenset({"CustomTrainingJob", "CustomContainerTrainingJob", "CustomPythonPackageTrainingJob",
                         "AutoMLTabularTrainingJob", "AutoMLImageTrainingJob", "AutoMLTextTrainingJob",
                         "AutoMLForecastingTrainingJob", "HyperparameterTuningJob"}),
}
_MANAGED_LABEL = {"sagemaker": "SageMaker", "google": "Vertex AI"}


def managed_training(src: PySource) -> tuple[int, str] | None:
    """(line, what) of the first call that defines a training job on a managed service (a SageMaker
    ``Estimator`` or ``TrainingStep``, a Vertex AI ``CustomTrainingJob``), or None."""
    for c in calls(src):
        root, last = c.qualified.split(".")[0], c.qualified.split(".")[-1]
        if last in _MANAGED_TRAINING.get(root, ()) and (root != "google" or ".aiplatform" in c.qualified):
            return c.node.lineno, f"defines a {_MANAGED_LABEL[root]} training job (`{last}`)"
    return None


def managed_entry_script(index: RepoIndex, path: str) -> str | None:
    """The repository script that the managed training job defined at ``path`` runs: the `entry_point` of a
    SageMaker framework estimator (`HuggingFace(entry_point="finetune.py", source_dir=str(finetuning_dir))`, the
    launcher of decodingml/llm-twin-course), or a Vertex AI `CustomTrainingJob`'s `script_path`. Looked for in
    a literal `source_dir` (beside the launcher, or from the repository's top), beside the launcher when there is
    none, and below the launcher's folder when `source_dir` is computed (one file of that name only). None for a
    job that runs a built-in algorithm's container (`image_uri=`), code kept elsewhere (`s3://...`) or a script
    the repository does not hold."""

    def compute() -> str | None:
        src = index.python(path, keep=False) if index.contains(path, _MANAGED_NEEDLES) else None
        if src is None:
            return None
        base = parent_dir(path)
        for c in calls(src):
            root, last = c.qualified.split(".")[0], c.qualified.split(".")[-1]
            if last not in _MANAGED_TRAINING.get(root, ()):
                continue
            kw = {k.arg: k.value for k in c.node.keywords if k.arg}
            entry = kw.get("entry_point") or kw.get("script_path")
            script = entry.value if isinstance(entry, ast.Constant) and isinstance(entry.value, str) else ""
            if not script.endswith(".py") or "://" in script:
                continue
            folder = kw.get("source_dir")
            where = folder.value if isinstance(folder, ast.Constant) and isinstance(folder.value, str) else None
            if folder is None or where is not None:
                where = where or ""
                if "://" in where:
                    continue
                tries = [posixpath.normpath(posixpath.join(base, where, script)),
                         posixpath.normpath(posixpath.join(where, script))]
                found = next((t for t in tries if not t.startswith("..") and index.exists(t)), None)
            else:
                name = script.rsplit("/", 1)[-1]
                near = [f for f in index.named(name) if not base or f.startswith(base + "/")]
                found = near[0] if len(near) == 1 else None
            if found is not None and found != path:
                return found
        return None

    result: str | None = index.memo(f"specs:managed-entry:{path}", compute)
    return result


# A script that says it is a dummy or a check of the setup, and trains on random numbers it draws
# itself: it checks that the machinery runs (a cloud account, a GPU image), it is not the model.
_SETUP_CHECK_DOC = lazyre.compile(r"\b(dummy|smoke[- ]?test|sanity[- ]check|hello[- ]world)\b"
                                  r"|\bverif(y|ies)\b[^.]*\b(setup|set-up|installation|environment|works)\b", re.I)
_RANDOM_DATA = lazyre.compile(r"(^|\.)(random|rand|randn|randint|uniform|normal|make_classification|make_regression"
                              r"|make_blobs|make_moons)$")


def _setup_check(src: PySource) -> str | None:
    doc = ast.get_docstring(src.tree) or ""
    if not _SETUP_CHECK_DOC.search(doc):
        return None
    table = aliases(src)
    for c in calls(src):
        q = qualify(c.name, table)
        if _RANDOM_DATA.search(q) and q.split(".")[0] in ("random", "numpy", "np", "torch", "tensorflow", "tf",
                                                           "sklearn"):
            return "its docstring calls it a dummy or a setup check, and it trains on random numbers it draws"
    return None


def _tooling(index: RepoIndex, path: str, setup_check: str | None) -> str | None:
    """Why ``path`` is tooling rather than model code or a training entrypoint ('' / None when it is not);
    ``setup_check``: why its code is a check of the setup (``_setup_check``), if it is."""
    if library_tooling(index, path):
        where = "its utils/ folder at the top" if path.startswith("utils/") else \
            "its scripts/, tools/, helpers/ or hack/ folder"
        return f"a maintenance script of a published library ({where})"
    return setup_check


def _python_file(index: RepoIndex, path: str
                 ) -> tuple[tuple[str, int | None, str] | None, str | None, bool, list[tuple[str, str | None]]]:
    """What ``spec_files`` reads of one module, from it alone: its kind (``_python_kind``), and if it has one
    why it checks the setup (``_setup_check``) and, for an entrypoint, whether it runs as a script (for a
    model's module, whether it also trains as one: ``_defines_and_trains``); the Hydra config folders it
    names. One memo per file: the base of a comparison computes only the changed files'."""

    def compute() -> tuple[tuple[str, int | None, str] | None, str | None, bool, list[tuple[str, str | None]]]:
        kind = _python_kind(index, path)
        setup_check = script = None
        if kind:
            src = index.python(path, keep=False)
            setup_check = _setup_check(src) if src is not None else None
            if kind[0] == "entrypoint":  # kept already (``_entrypoint``) unless a test
                script = src is not None and runs_as_script(src)
            elif kind[0] == "model" and src is not None and index.contains(path, SCRIPT_NEEDLES):
                script = _defines_and_trains(src)
        hydra: list[tuple[str, str | None]] = []
        if index.contains(path, _HYDRA):
            src = index.python(path, keep=False)
            if src is not None:
                hydra = hydra_config_dirs(src)
        return kind, setup_check, bool(script), hydra

    return index.file_memo(path, "spec-python-file", compute)


def tooling_scripts(index: RepoIndex) -> list[tuple[str, str]]:
    """(path, why) of the scripts that import an ML framework and define or train a model but are tooling,
    not the project's model: a published library's maintenance scripts, dummy flows that check the setup.
    The repository model lists them (mlgate.inventory) so that a user sees what was left out."""
    return _spec_scan(index)[1]


def _python_kind(index: RepoIndex, path: str) -> tuple[str, int | None, str] | None:
    kind = _framework_kind(index, path)
    if kind is None and index.contains(path, _MANAGED_NEEDLES):
        src = index.python(path, keep=False)
        managed = managed_training(src) if src is not None else None
        if managed is not None:
            return "training", managed[0], managed[1]
    return kind


# a framework module that is a part of a model, not one: a loss (`DPOLoss(nn.Module)`), a metric
# (`Perplexity(nn.Module)`), an augmentation or a data transform, named so or kept in a folder or module of such
# parts, its name qualified or not (taming-transformers' taming/data/image_transforms.py
# `Random2dCropReturnCoordinates(nn.Module)`, sam2's training/loss_fns.py); and a detector's label assigner or
# matcher, which pairs predictions with targets for the loss and has no weights to train (YOLOv6's
# yolov6/assigners/atss_assigner.py `ATSSAssigner(nn.Module)`, DETR's models/matcher.py `HungarianMatcher`)
_PART_CLASS = lazyre.compile(r"(Loss|Losses|Criterion|Metric|Metrics|Assigner|Matcher)$")
_PART_MODULE = lazyre.compile(r"(^|/)(?:[a-z0-9]+_)?(loss|losses|metric|metrics|augmentations?|augment|augs?"
                              r"|transforms?|assigners?|matcher|matchers)(?:_[a-z0-9]+)?(/|\.py$)")


def model_part(path: str, name: str) -> bool:
    """A class (deriving from a model base) that is a part a model is trained or measured with, not a model:
    model code (not features), but no model definition to build and train in a test."""
    return bool(_PART_CLASS.search(name) or _PART_MODULE.search(path))


# a call that exports a model to a deployment format: ONNX, torch.export / TorchScript tracing, Core ML, TFLite,
# OpenVINO, TensorRT through torch2trt
_EXPORT_CALL = lazyre.compile(r"^(torch\.onnx\.(export|dynamo_export)|torch\.export\.export|torch\.jit\.trace|"
                              r"coremltools\.convert|tensorflow\.lite\.TFLiteConverter\.from_\w+|"
                              r"openvino\.(tools\.mo\.)?convert_model|torch2trt\.torch2trt)$")
_EXPORT_NEEDLES = Needles("export", "trace", "convert", "TFLiteConverter", "torch2trt")


def exporter(index: RepoIndex, path: str) -> str | None:
    """The export call (``torch.onnx.export``, ``coremltools.convert`` ...) of a module that exports a model to a
    deployment format and trains nothing: its model classes are adapters of a model trained elsewhere (a wrapper
    that L2-normalises a pretrained encoder's output, one that puts NMS after a detector's head), written to be
    exported, not trained. None otherwise."""
    if not index.contains(path, _EXPORT_NEEDLES):
        return None
    src = index.python(path, keep=False)
    if src is None:
        return None
    found = next((c.qualified for c in calls(src) if _EXPORT_CALL.match(c.qualified)), None)
    return found if found is not None and not training_calls(src) else None


def _composing_class(classes: list[ast.ClassDef]) -> ast.ClassDef:
    """The model a module defines: the first model class no other one uses (nanoGPT's `GPT`, built from
    `LayerNorm`, `CausalSelfAttention`, `MLP` and `Block`) and that does not wrap a model it is given, else
    the first. Of several, the one built from most of the module's classes (directly or through the classes it
    uses) comes first: a leftover block that nothing uses any more (consistency_models' cm/unet.py opens with
    `AttentionPool2d`, built on `QKVAttention` alone) is not the module's model beside `UNetModel`, built from all
    its blocks."""
    names = {c.name for c in classes}
    uses = {c.name: {n.id for n in walk_nodes(c) if isinstance(n, ast.Name) and n.id != c.name and n.id in names}
            for c in classes}
    used = set().union(*uses.values())
    composing = [c for c in classes if c.name not in used]

    def built_from(name: str) -> int:
        seen: set[str] = set()
        todo = [name]
        while todo:
            for other in uses.get(todo.pop(), ()):
                if other not in seen and other != name:
                    seen.add(other)
                    todo.append(other)
        return len(seen)

    candidates = sorted(composing, key=lambda c: -built_from(c.name))  # stable: the first of equals stays first
    return next((c for c in candidates if not _wrapper(c)), composing[0] if composing else classes[0])


def _pure_wrapper(cls: ast.ClassDef) -> bool:
    """A wrapper (``_wrapper``) and nothing more: every return of its forward pass is the wrapped module's
    output, and it defines no training of its own (a LightningModule holding the network it is given, with its
    `training_step`, is the model's training code; a library's adapter layer computes its own output when
    enabled)."""
    if not _wrapper(cls):
        return False
    methods = {f.name: f for f in cls.body if isinstance(f, (ast.FunctionDef, ast.AsyncFunctionDef))}
    if methods.keys() & {"training_step", "configure_optimizers"}:
        return False
    if _container_wrapper(cls):
        return True
    forward = next((methods[n] for n in ("forward", "call", "__call__") if n in methods), None)
    returns = [n for n in walk_nodes(forward) if isinstance(n, ast.Return)] if forward is not None else []
    return bool(returns) and all(
        isinstance(r.value, ast.Call) and isinstance(r.value.func, ast.Attribute)
        and isinstance(r.value.func.value, ast.Name) and r.value.func.value.id == "self" for r in returns)


def _wrapper(cls: ast.ClassDef) -> bool:
    """A module whose forward pass returns what a module given to its constructor returns (a hand-written
    `DistributedDataParallel(model)` that syncs gradients, an EMA or a device wrapper, or a container's subclass
    that casts what the modules given to it return, ``_container_wrapper``): it trains the model it wraps, and
    defines none."""
    init = next((f for f in cls.body if isinstance(f, ast.FunctionDef) and f.name == "__init__"), None)
    if init is None:
        return _container_wrapper(cls)
    given = {a.arg for a in init.args.args[1:] + init.args.kwonlyargs}
    held = {t.attr for n in init.body if isinstance(n, ast.Assign) and isinstance(n.value, ast.Name)
            and n.value.id in given for t in n.targets
            if isinstance(t, ast.Attribute) and isinstance(t.value, ast.Name) and t.value.id == "self"}
    for f in cls.body:
        if isinstance(f, ast.FunctionDef) and f.name in ("forward", "call", "__call__") and held:
            for n in walk_nodes(f):
                if isinstance(n, ast.Return) and isinstance(n.value, ast.Call):
                    func = n.value.func
                    if isinstance(func, ast.Attribute) and isinstance(func.value, ast.Name) \
                            and func.value.id == "self" and func.attr in held:
                        return True
    return False


# what a container's subclass may do to the output of the modules it is given: cast it, move it, make it contiguous
_CASTS = frozenset({"to", "float", "half", "bfloat16", "double", "type", "type_as", "contiguous", "cpu", "cuda"})


def _container_wrapper(cls: ast.ClassDef) -> bool:
    """A subclass of ``nn.Sequential`` with no constructor of its own whose forward pass returns the container's
    own output, cast (``return super().forward(x).to(torch.float32)``): the `CastOutputToFloat` of int8 and LoRA
    fine-tuning scripts, built around the model's head (`model.lm_head = CastOutputToFloat(model.lm_head)`). It
    holds the modules it is given and adds no layer: no model of its own."""
    if not any((dotted(b) or "").rsplit(".", 1)[-1] == "Sequential" for b in cls.bases):
        return False
    methods = {f.name: f for f in cls.body if isinstance(f, (ast.FunctionDef, ast.AsyncFunctionDef))}
    forward = methods.get("forward")
    if forward is None or "__init__" in methods:
        return False
    returns = [n for n in walk_nodes(forward) if isinstance(n, ast.Return)]

    def container_output(node: ast.expr | None) -> bool:
        while isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr in _CASTS:
            node = node.func.value
        return isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "forward" \
            and isinstance(node.func.value, ast.Call) and isinstance(node.func.value.func, ast.Name) \
            and node.func.value.func.id == "super"

    return bool(returns) and all(container_output(r.value) for r in returns)


def _entrypoint(index: RepoIndex, path: str, line: int | None, why: str) -> tuple[str, int | None, str]:
    """A training entrypoint: its module becomes a training unit (mlgate.facts.training), which keeps its
    trees, so the parse at hand is kept now rather than dropped and parsed again for the unit."""
    if not is_test_path(path):
        index.python(path)
    return "entrypoint", line, why


# an estimator written from scratch: a class with scikit-learn's fit/predict protocol over NumPy arrays
_SCRATCH_NEEDLES = Needles("def predict")
_SCRATCH_METHODS = ("predict", "predict_proba")
_ARRAY_LIBRARIES = frozenset({"numpy", "scipy"})


def scratch_estimators(src: PySource) -> list[ast.ClassDef]:
    """Classes of a module that imports NumPy (or SciPy) and no ML framework that define ``fit`` and
    ``predict`` (or ``predict_proba``) themselves: a model implemented from scratch (a NumPy decision tree,
    a hand-written logistic regression). A class with ``predict`` alone is a serving wrapper, not a model."""
    table = aliases(src)
    if _framework_imported(table) or not any(v.split(".")[0] in _ARRAY_LIBRARIES for v in table.values()):
        return []
    out = []
    for node in src.of_types(ast.ClassDef):
        methods = {f.name for f in node.body if isinstance(f, (ast.FunctionDef, ast.AsyncFunctionDef))}
        if "fit" in methods and any(m in methods for m in _SCRATCH_METHODS):
            out.append(node)
    return out


def _framework_kind(index: RepoIndex, path: str) -> tuple[str, int | None, str] | None:
    if not index.contains(path, FRAMEWORK_NEEDLES):
        # named like a training script but importing no ML framework: one only if it runs as a script
        # (a helper module named training.py in a library is not an entrypoint)
        if TRAIN_NAME.match(path.rsplit("/", 1)[-1]) and index.contains(path, SCRIPT_NEEDLES):
            src = index.python(path, keep=False)
            if src is not None and runs_as_script(src):
                return _entrypoint(index, path, None, "training script by name")
        if index.contains(path, _SCRATCH_NEEDLES):
            src = index.python(path, keep=False)
            scratch = scratch_estimators(src) if src is not None else []
            if scratch:
                top = _composing_class(scratch)
                return "model", top.lineno, top.name
        return None
    # what is kept is the kind, a line and a name: the tree need not stay in memory for this
    src = index.python(path, keep=False)
    if src is None:
        return None
    classes = model_classes(src)
    # a module whose only model classes wrap a model given to them (tacotron2's distributed.py: a hand-written
    # `DistributedDataParallel(module)` whose forward returns `self.module(...)`) trains models and defines none
    wrappers_only = bool(classes) and all(model_part(path, c.name) or _pure_wrapper(c) for c in classes) and \
        any(_pure_wrapper(c) for c in classes)
    if classes and not wrappers_only:
        top = _composing_class([c for c in classes if not model_part(path, c.name)] or classes)
        return "model", top.lineno, top.name
    train = training_calls(src)
    name = path.rsplit("/", 1)[-1]
    if train and (_has_main(src) or TRAIN_NAME.match(name)):
        return _entrypoint(index, path, train[0].lineno, "trains a model")
    if TRAIN_NAME.match(name):
        return _entrypoint(index, path, None, "training script by name")
    if train:
        run = _module_level(src, train) or _run_by_module(src, train) if not _CHECKS_OR_MEASURES.match(name) \
            else None
        if run is not None:  # `clf.fit(X, y)` in the module's own statements: running the file trains
            return _entrypoint(index, path, run.lineno, "trains a model at module level (a script)")
        return "training", train[0].lineno, "trains a model"
    return None


def _run_by_module(src: PySource, nodes: list[ast.Call]) -> ast.Call | None:
    """The first of ``nodes`` inside a top-level function that the module's own statements run: called at the
    foot of the file with no `__main__` guard (`run()`), or handed to a search as its objective (wine-quality's
    `fmin(fn=objective, ...)`, whose objective calls the function that fits), directly or through another of
    the module's functions. Only names used as a call or as a call's argument count: a function kept in a table
    (`TASKS = {"train": train}`) is not run by importing or running the file."""
    funcs = {f.name: f for f in src.tree.body if isinstance(f, (ast.FunctionDef, ast.AsyncFunctionDef))}
    if not funcs:
        return None

    def inside(fn: ast.FunctionDef | ast.AsyncFunctionDef, node: ast.AST) -> bool:
        return fn.lineno <= getattr(node, "lineno", 0) <= (fn.end_lineno or fn.lineno)

    runs: dict[str, ast.Call] = {}  # function -> the training call it runs, itself or through another
    for node in nodes:
        owner = next((n for n, f in funcs.items() if inside(f, node)), None)
        if owner is not None:
            runs.setdefault(owner, node)

    def handed(tree: ast.AST) -> Iterator[str]:
        """Names of the module's functions that ``tree`` calls or passes to a call."""
        for call in (n for n in ast.walk(tree) if isinstance(n, ast.Call)):
            for expr in (call.func, *call.args, *(k.value for k in call.keywords)):
                if isinstance(expr, ast.Name) and expr.id in funcs:
                    yield expr.id

    grew = bool(runs)
    while grew:
        grew = False
        for name, fn in funcs.items():
            if name not in runs:
                hit = next((runs[n] for n in handed(fn) if n in runs), None)
                if hit is not None:
                    runs[name], grew = hit, True
    for stmt in src.tree.body:
        if isinstance(stmt, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            continue
        hit = next((runs[n] for n in handed(stmt) if n in runs), None)
        if hit is not None:
            return hit
    return None


# a script that runs training steps to time them (nanoGPT's bench.py) or to check that the installation
# works (nogibjj/mlops-template's utils/quickstart_tf2.py, "run tensorflow training test") trains no model
# of the project's: it stays training code, not a training entrypoint
_CHECKS_OR_MEASURES = lazyre.compile(r"^(bench|profil|perf|quickstart|verify|check|smoke)", re.I)


def _module_level(src: PySource, nodes: list[ast.Call]) -> ast.Call | None:
    """The first of ``nodes`` that the module's own statements run (not in a function, class or lambda
    body): what running the file, or importing it, executes."""
    defs: list[ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef | ast.Lambda] = src.of_types(
        ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef, ast.Lambda)
    bodies = [(d.lineno, d.end_lineno or d.lineno) for d in defs]
    for node in nodes:
        if not any(start <= node.lineno <= end for start, end in bodies):
            return node
    return None


def notebook_transformers(sources: list[PySource], table: dict[str, str]) -> set[str]:
    """Names bound to scikit-learn transformers in any cell of a notebook."""
    out: set[str] = set()
    for src in sources:
        out |= _transformer_names(src, table)
    return out


def _notebook_file(index: RepoIndex, path: str) -> tuple[int | None, int | None, str] | None:
    """``_notebook_kind``, one memo per file (see ``_python_file``)."""
    return index.file_memo(path, "spec-notebook-kind", lambda: _notebook_kind(index, path))


def _notebook_kind(index: RepoIndex, path: str) -> tuple[int | None, int | None, str] | None:
    if not index.contains(path, FRAMEWORK_NEEDLES):
        return None
    sources = index.notebook_sources(path, keep=False)  # a line, a cell and a reason are kept
    table: dict[str, str] = {}
    for src in sources:  # a notebook's imports hold for every later cell
        table.update(aliases(src))
    if not _framework_imported(table):
        return None
    fitted = notebook_transformers(sources, table)
    updates = updates_weights(*(s.text for s in sources))
    for src in sources:
        classes = model_classes(src, table)
        hit = classes[0].lineno if classes else None
        if hit is None:
            train = training_calls(src, table, fitted, updates)
            hit = train[0].lineno if train else None
        if hit is not None:
            line, cell = src.where(hit)
            return line, cell, "defines or trains a model"
    return None


# keys of a kustomize transformer configuration (a `configurations:` entry of kustomization.yaml) or of
# a Kubernetes object: a params.yaml made of them configures a deployment, not a model
_KUSTOMIZE_KEYS = frozenset({"varReference", "nameReference", "namePrefix", "commonLabels", "commonAnnotations",
                             "images", "replacements", "fieldSpecs"})


def _kubernetes_config(index: RepoIndex, path: str) -> bool:
    if not path.endswith((".yaml", ".yml")):
        return False
    docs = [d for d in index.yaml(path) if isinstance(d, dict)]
    return bool(docs) and all(bool(_KUSTOMIZE_KEYS & set(d)) or {"apiVersion", "kind"} <= set(d) for d in docs)


def _config_kind(path: str) -> str | None:
    name = path.rsplit("/", 1)[-1]
    parts = path.split("/")
    if name.endswith((".yaml", ".yml")) and any(p in CONFIG_ROOTS for p in parts[:-1]):
        inner = "/".join(parts[next(i for i, p in enumerate(parts) if p in CONFIG_ROOTS) + 1 :])
        if inner.split("/")[0] in NOT_SPEC_CONFIG_DIRS:
            return None
        if CONFIG_TOPIC.search(inner.rsplit(".", 1)[0]):
            return "config"
    return None


def _dvc_train_specs(index: RepoIndex) -> dict[str, SpecFile]:
    from mlgate.facts.features import imports_data_library
    from mlgate.facts.provenance import dvc_stages, is_model_file

    found: dict[str, SpecFile] = {}
    for stage in dvc_stages(index):
        model_out = any(
            is_model_file(o.path) or "/models/" in f"/{o.path}" for o in stage.outs if o.kind == "out"
        )
        if not (TRAIN_STAGE.search(stage.name) or model_out):
            continue
        found.setdefault(
            stage.dvcfile, SpecFile(stage.dvcfile, "pipeline", stage.line, f"stage {stage.name}")
        )
        for p in stage.params_files:
            if index.exists(p):
                found.setdefault(p, SpecFile(p, "params", None, f"params of stage {stage.name}"))
        run = command_scripts(stage.cmd)
        for dep in stage.deps:
            if dep.endswith(".py") and index.exists(dep) and not is_test_file(dep):
                why = f"run by stage {stage.name}"
                if run and not runs_script(run, dep):
                    # a module the stage depends on but does not run: the model it builds when it imports an ML
                    # or data library (src/models/pipeline.py's `create_pipeline()`), else its settings or its
                    # logging (src/config.py, src/logger.py beside the `python -m src.train` it runs)
                    if not imports_data_library(index, dep):
                        continue
                    why = f"used by stage {stage.name}"
                found.setdefault(dep, SpecFile(dep, "entrypoint", None, why))
            elif (
                dep.endswith((".yaml", ".yml", ".json", ".toml"))
                and index.exists(dep)
                and CONFIG_TOPIC.search(dep.rsplit(".", 1)[0])
            ):
                found.setdefault(dep, SpecFile(dep, "config", None, f"config of stage {stage.name}"))
    return found


def spec_files(index: RepoIndex, configured: tuple[str, ...] = ()) -> list[SpecFile]:
    def compute() -> list[SpecFile]:
        found = dict(_spec_scan(index)[0])
        for path in PathSet(configured).filter(index.files):
            found.setdefault(path, SpecFile(path, "configured"))
        return [found[p] for p in sorted(found)]

    return index.memo(f"spec-files:{configured}", compute) if configured else _spec_scan(index)[2]


def _spec_scan(index: RepoIndex) -> tuple[dict[str, SpecFile], list[tuple[str, str]], list[SpecFile]]:
    """The model-spec files found (by path, then sorted) and the tooling scripts left out (see
    ``tooling_scripts``): one memo, so that whoever reads the tooling depends on what the scan read."""

    def compute() -> tuple[dict[str, SpecFile], list[tuple[str, str]], list[SpecFile]]:
        found: dict[str, SpecFile] = {}
        hydra_dirs: list[tuple[str, str | None]] = []
        tooling: list[tuple[str, str]] = []
        for path in index.files:
            name = path.rsplit("/", 1)[-1]
            if PARAMS_NAMES.match(name):
                if not _kubernetes_config(index, path):
                    found[path] = SpecFile(path, "params")
            elif name == "MLproject":
                found[path] = SpecFile(path, "mlproject")
            elif _config_kind(path):
                found[path] = SpecFile(path, "config")
            elif path.startswith(ML_SKIP_DIRS) or is_test_path(path) or library_docs(index, path):
                continue
            elif name.endswith(".py"):
                kind, setup_check, script, hydra = _python_file(index, path)
                why = _tooling(index, path, setup_check) if kind else None
                if why:
                    tooling.append((path, why))
                elif kind and kind[0] in ("entrypoint", "training") and in_library_package(index, path):
                    # a library's own training loops and helpers are its API, not this project's training;
                    # its training command is listed, so that the reader sees it was recognised
                    if script:
                        tooling.append((path, "a published library's training command: its API, not a model "
                                              "this repository trains"))
                elif kind:
                    # a library's module that trains as a script is its API, not a training run of this repository
                    found[path] = SpecFile(path, kind[0], kind[1], kind[2], trains=kind[0] == "model" and script
                                           and not in_library_package(index, path))
                hydra_dirs.extend(hydra)
            elif name.endswith(".ipynb"):
                nb = _notebook_file(index, path)
                why = _tooling(index, path, None) if nb else None
                if why:
                    tooling.append((path, why))
                elif nb:
                    found[path] = SpecFile(path, "notebook", nb[0], nb[2], nb[1])
        for folder, config_name in hydra_dirs:
            for path in index.under(folder) if folder else index.files:
                if not path.endswith((".yaml", ".yml")) or path in found:
                    continue
                inner = path[len(folder) + 1 :] if folder else path
                if inner.split("/")[0] in NOT_SPEC_CONFIG_DIRS:
                    continue
                stem = inner.rsplit(".", 1)[0]
                if CONFIG_TOPIC.search(stem) or (config_name and stem == config_name):
                    found[path] = SpecFile(path, "config", None, "Hydra config")
        for path, spec in _dvc_train_specs(index).items():
            found.setdefault(path, spec)
        return found, tooling, [found[p] for p in sorted(found)]

    return index.memo("spec-scan", compute)


CODE_KINDS = frozenset({"entrypoint", "training", "model"})
CONFIG_KINDS = frozenset({"params", "config", "mlproject", "pipeline"})
