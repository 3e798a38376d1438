"""Model-spec discovery: the files that define a model and its hyperparameters.

A first pass (the spec analysers deepen it): params files, model config trees, MLproject,
DVC pipelines, training entrypoints and model classes, plus the configured ``paths.model-spec``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from mlgate.facts.tests import is_test_file
from mlgate.patterns import PathSet
from mlgate.repo import RepoIndex

PARAMS_NAMES = re.compile(r"^(params|hparams|hyperparams|hyperparameters)\.(ya?ml|json|toml)$")
CONFIG_ROOTS = ("conf", "config", "configs", "cfg")
CONFIG_TOPIC = re.compile(r"(^|[/_.-])(model|models|train|training|trainer|experiment|experiments|hparams|optim"
                          r"|optimizer|network|arch)([/_.-]|$)")
TRAIN_NAME = re.compile(r"^(train|training|finetune|fine_tune|fit)([_-].*)?\.py$|^.*_train\.py$")
FRAMEWORK_IMPORT = re.compile(
    r"^\s*(?:import|from)\s+(torch|tensorflow|keras|sklearn|xgboost|lightgbm|catboost|lightning|"
    r"pytorch_lightning|transformers|jax|flax)\b", re.M)
TRAIN_CALL = re.compile(r"\.fit\(|\.train\(|Trainer\(|\.backward\(\)|optimizer\.step\(|\.fit_generator\(")
MODEL_CLASS = re.compile(r"^class\s+\w+\s*\([^)]*\b(nn\.Module|Module|LightningModule|keras\.Model|Model|"
                         r"PreTrainedModel|BaseEstimator)\b", re.M)
ML_SKIP_DIRS = ("tests/", "test/", "docs/", "doc/", "examples/", "example/", "benchmarks/", "scripts/deprecated/")


@dataclass(frozen=True)
class SpecFile:
    path: str
    kind: str  # params | config | mlproject | pipeline | entrypoint | model | configured


def _kind(index: RepoIndex, path: str) -> str | None:
    name = path.rsplit("/", 1)[-1]
    if PARAMS_NAMES.match(name):
        return "params"
    if name == "MLproject":
        return "mlproject"
    if name == "dvc.yaml":
        return "pipeline"
    parts = path.split("/")
    if name.endswith((".yaml", ".yml")) and any(p in CONFIG_ROOTS for p in parts[:-1]):
        inner = "/".join(parts[next(i for i, p in enumerate(parts) if p in CONFIG_ROOTS) + 1:])
        if CONFIG_TOPIC.search(inner.rsplit(".", 1)[0]):
            return "config"
        return None
    if not name.endswith(".py") or is_test_file(path) or path.startswith(ML_SKIP_DIRS):
        return None
    if TRAIN_NAME.match(name):
        return "entrypoint"
    text = index.text(path) if index.contains(path, "import") else None
    if not text or not FRAMEWORK_IMPORT.search(text):
        return None
    if MODEL_CLASS.search(text):
        return "model"
    if "__main__" in text and TRAIN_CALL.search(text):
        return "entrypoint"
    return None


def spec_files(index: RepoIndex, configured: tuple[str, ...] = ()) -> list[SpecFile]:
    def compute() -> list[SpecFile]:
        found = {}
        for path in index.files:
            kind = _kind(index, path)
            if kind:
                found[path] = SpecFile(path, kind)
        if configured:
            for path in PathSet(configured).filter(index.files):
                found.setdefault(path, SpecFile(path, "configured"))
        return [found[p] for p in sorted(found)]

    return index.memo(f"spec-files:{configured}", compute)
