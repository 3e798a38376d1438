"""The repository model: what mlgate thinks the repository is, built once per analysis and shared by
every rule (see docs/architecture.md).

A rule asks the model ("is a model served online?", "which feature modules are there?", "is this a
published library?") instead of deciding on its own with a private heuristic, so that two rules can
never disagree about what the repository is, and `not_applicable` means one thing: the model has no
component of the kind the rule judges. `mlgate inventory` prints the model, the JSON report carries it,
and the text report and the PR comment summarise it in one line, so a user sees at once when mlgate
misread the repository (and corrects it with `paths.*`).

Every component carries its evidence: the path, the line where known, and why it was recognised.
Components are collected from the shared facts (mlgate.facts.*), each of which reads a file once.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import field

from mlgate import lazyre
from mlgate.config import Config
from mlgate.facts.features import SHAPE_WHY, training_files
from mlgate.facts.project import (
    installed_from_checkout,
    library_docs_folder,
    nested_projects,
    not_project_dependencies,
    published,
    root_is_project,
    short,
)
from mlgate.patterns import (
    SAMPLE_OR_TEST_CODE,
    conda_environment_name,
    dockerfiles,
    is_dockerfile,
    is_requirements_file,
)
from mlgate.records import dataclass
from mlgate.repo import Needles, RepoIndex, cycle_collector_paused

# ------------------------------------------------------------------------------------------ kinds
APPLICATION = "application"   # trains and/or ships a model (pipelines, scripts, no published package)
SERVICE = "service"           # serves a model online (an API, a model server, a deployment)
LIBRARY = "library"           # a package published for others to install (ranges, not pins)
RESEARCH = "research"         # experiment code (behind a paper): trains, and nothing serves, deploys or tests it
COURSE = "course"             # lessons or modules, each a small project of its own
MONOREPO = "monorepo"         # several independent projects with their own roots
TEMPLATE = "template"         # a generator (cookiecutter, copier) or a sample/starter project meant to be copied
NOTEBOOKS = "notebooks"       # notebooks only
NO_ML = "no-ml"               # nothing that trains, defines or serves a model
KINDS = (APPLICATION, SERVICE, LIBRARY, RESEARCH, COURSE, MONOREPO, TEMPLATE, NOTEBOOKS, NO_ML)

ONLINE = "online"             # answers requests: an HTTP API, a model server, an endpoint deployment
BATCH = "batch"               # scores data in bulk: a scoring script or job, a batch transform
PACKAGED = "packaged"         # a model wrapped for serving (an MLflow PythonModel) with no server found


@dataclass(frozen=True)
class Component:
    """One thing mlgate recognised, with its evidence."""

    # training | training-code | feature | model | data-read | serving | deployment | ci-tests | monitoring |
    # dependencies | vendored | project | tooling
    kind: str
    path: str
    line: int | None
    why: str
    name: str = ""
    # serving: online | batch | packaged; monitoring: alerts | drift; training-code: entrypoint | training |
    # notebook (a script that trains, a module whose functions fit a model, a notebook)
    mode: str = ""
    cell: int | None = None  # the notebook cell of ``line`` (counted from 1), when the path is a notebook


@dataclass(frozen=True)
class RepositoryModel:
    kind: str
    kind_why: str
    training: tuple[Component, ...] = ()
    # every file whose code trains a model (or a notebook that defines or trains one): the training
    # entrypoints' scripts and the modules whose functions fit a model, as the model-spec discovery reads
    # their calls (mlgate.facts.specs); the code mon-numeric-guards, prov-model-data-link and spec-unit-tested
    # judge
    training_code: tuple[Component, ...] = ()
    # the paths of the Python training code (scripts and modules, not notebooks) outside tests, docs, examples,
    # benchmarks and build trees: where a project's own training runs (mlgate.facts.features.training_files,
    # which the feature discovery reads too)
    training_scripts: tuple[str, ...] = ()
    features: tuple[Component, ...] = ()
    models: tuple[Component, ...] = ()
    serving: tuple[Component, ...] = ()
    deployments: tuple[Component, ...] = ()
    ci_tests: tuple[Component, ...] = ()
    monitoring: tuple[Component, ...] = ()
    dependencies: tuple[Component, ...] = ()
    # modules and notebooks that load training data (the first read of each; not a batch scoring job's input,
    # not a benchmark's results): what data-schema asks a schema for
    data_reads: tuple[Component, ...] = ()
    # files that set the model's hyperparameters or configuration: params files, config trees about the
    # model or training, MLproject, dvc.yaml files with a training stage, `paths.model-spec` (mode: params |
    # config | mlproject | pipeline | configured)
    model_config: tuple[Component, ...] = ()
    # multi-step pipelines (dvc.yaml with two stages or more, MLproject, KFP/TFX/ZenML/Kedro/Metaflow code), in
    # the order found
    pipelines: tuple[Component, ...] = ()
    # code that evaluates a model: modules and notebook cells that compute its metrics, scripts a pipeline's
    # evaluation stage runs (one component per module, per cell of a notebook)
    evaluation: tuple[Component, ...] = ()
    projects: tuple[Component, ...] = ()
    skipped: tuple[Component, ...] = field(default=())
    # scripts that define or train a model but are tooling (a library's maintenance scripts, a dummy flow
    # that checks the setup): not training, model definitions or evaluation for any rule
    tooling: tuple[Component, ...] = ()
    published: str = ""  # why it is a package published for others to install ('' when it is not)

    # ------------------------------------------------------------------ questions rules ask
    @property
    def trains(self) -> bool:
        return bool(self.training)

    @property
    def specification(self) -> tuple[Component, ...]:
        """The model's specification, by path: its definitions, the code that trains it and its
        configuration (what the spec-* rules judge: owned, in version control), each file once (a script
        that defines its model and trains it is both a definition and training code)."""
        by_path: dict[str, Component] = {}
        for c in (*self.models, *self.training_code, *self.model_config):
            by_path.setdefault(c.path, c)
        return tuple(sorted(by_path.values(), key=lambda c: c.path))

    @property
    def online(self) -> tuple[Component, ...]:
        """Serving units and deployments that answer requests."""
        return tuple(c for c in (*self.serving, *self.deployments) if c.mode == ONLINE)

    @property
    def batch(self) -> tuple[Component, ...]:
        return tuple(c for c in self.serving if c.mode == BATCH)

    @property
    def serves(self) -> bool:
        """A model is put in front of users: online serving or a deployment of any kind. A published
        library's serving code (a model server's runtimes, a framework's handlers) is its product, not a
        served model: only a deployment counts there."""
        if self.kind == LIBRARY:
            return bool(self.deployments)
        return bool(self.online or self.deployments)

    @property
    def handlers(self) -> tuple[Component, ...]:
        """Online serving units whose code is the repository's own served model (none in a library)."""
        return () if self.kind == LIBRARY else tuple(c for c in self.serving if c.mode == ONLINE)

    @property
    def monitored(self) -> bool:
        """Monitoring configuration exists (alert rules, drift or quality jobs), served here or not."""
        return bool(self.monitoring)

    @property
    def is_library(self) -> bool:
        """Published as a package for others to install (a project generator can be one too)."""
        return self.kind == LIBRARY or bool(self.published)

    def components(self) -> tuple[Component, ...]:
        return (*self.projects, *self.training, *self.training_code, *self.features, *self.models, *self.model_config,
                *self.pipelines, *self.evaluation, *self.data_reads,
                *self.serving, *self.deployments, *self.ci_tests, *self.monitoring, *self.dependencies,
                *self.tooling, *self.skipped)

    @property
    def skipped_what(self) -> str:
        from mlgate.facts.vendored import DOCUMENTATION

        if any(c.why.startswith(DOCUMENTATION) for c in self.skipped):
            return "vendored, generated or documentation"
        return "vendored or generated"

    def summary(self) -> str:
        """One line: what mlgate found, for the text report and the PR comment."""
        label = self.kind + (" project" if self.kind in (NOTEBOOKS, NO_ML, RESEARCH) else "")
        counts = [
            (len(self.training), "training entrypoint"),
            (len(self.features), "feature module"),
            (len(self.models), "model definition"),
            (len([c for c in self.serving if c.mode == ONLINE]), "online serving unit"),
            (len(self.batch), "batch scoring job"),
            (len(self.deployments), "deployment"),
            (len(self.ci_tests), "CI test run"),
            (len(self.monitoring), "monitoring config"),
        ]
        parts = [_plural(n, what) for n, what in counts if n]
        head = f"{_article(label)} {label}" + (" with " + ", ".join(parts) if parts else "")
        if self.skipped:
            head += "; " + _plural(len(self.skipped), f"{self.skipped_what} tree") + " skipped"
        return head


def _article(word: str) -> str:
    return "an" if word[:1] in "aeio" else "a"


def _plural(n: int, what: str) -> str:
    if n == 1:
        return f"1 {what}"
    if what.endswith(("ch", "sh")):
        return f"{n} {what}es"
    if what.endswith("y") and not what.endswith("ey"):
        return f"{n} {what[:-1]}ies"
    return f"{n} {what}s"


# ------------------------------------------------------------------------------------ building it
_MEMO_KEY = "repository-model"


@cycle_collector_paused
def repository_model(index: RepoIndex, config: Config, *, by_attribute: bool = False) -> RepositoryModel:
    """The model of ``index`` under ``config``'s paths, built once and shared. ``by_attribute``: for a rule,
    which reads a few of its attributes (see RepoIndex.memo_by_attribute)."""
    return (index.memo_by_attribute if by_attribute else index.memo)(f"{_MEMO_KEY}:{id(config)}",
                                                                      lambda: _build(index, config))


def _build(index: RepoIndex, config: Config) -> RepositoryModel:
    # The facts the model reads, imported before its first question rather than by each step: the strings
    # they search for are then in the pre-filter's first pass over each file. A module imported after that
    # pass has its strings searched for in each file again (data reads' 15: 0.3 s on diffusers).
    from importlib import import_module

    for fact in ("datareads", "deploy", "evaluation", "monitoring", "pipelines", "specs", "training"):
        import_module(f"mlgate.facts.{fact}")

    training = _training(index, config)
    features = _features(index, config)
    models = _models(index)
    serving, deployments = _serving(index, config)
    ci_tests = _ci_tests(index)
    monitoring = _monitoring(index)
    dependencies = _dependencies(index)
    projects = tuple(Component("project", folder, None, f"its own {name}")
                     for folder, name in nested_projects(index))
    training_code = _training_code(index, config)
    kind, why = _kind(index, training, models, serving, deployments, projects, ci_tests, training_code)
    if kind == LIBRARY:
        # a library's training scripts are examples: what they import is the library's API, not features
        # (and what its modules define is its API: a library of transformers or data modules is no project's
        # feature code)
        features = tuple(c for c in features if not c.why.startswith(("imported by training code", SHAPE_WHY)))
    return RepositoryModel(kind=kind, kind_why=why, training=training, training_code=training_code,
                           training_scripts=tuple(training_files(index)),
                           features=features, models=models, serving=serving, deployments=deployments,
                           ci_tests=ci_tests, monitoring=monitoring, dependencies=dependencies,
                           data_reads=_data_reads(index, serving), model_config=_model_config(index, config),
                           pipelines=_pipelines(index), evaluation=_evaluation(index), projects=projects,
                           skipped=_skipped(index),
                           tooling=_tooling(index), published=published(index))


def _sorted(items: Iterable[Component]) -> tuple[Component, ...]:
    seen: dict[tuple[str, str, str], Component] = {}
    for c in items:
        seen.setdefault((c.path, c.name, c.mode), c)
    return tuple(sorted(seen.values(), key=lambda c: (c.path, c.line or 0, c.name)))


def _training(index: RepoIndex, config: Config) -> tuple[Component, ...]:
    from mlgate.facts.training import training_units

    out = []
    for unit in training_units(index, config.model_spec):
        why = "a notebook that imports an ML framework and fits a model" if unit.is_notebook \
            else "a script that trains a model"
        out.append(Component("training", unit.path, None, why))
    return _sorted(out)


_TRAINING_CODE_WHY = {"entrypoint": "a script that trains a model", "training": "a module whose code fits a model",
                      "notebook": "a notebook that defines or trains a model"}


def _training_code(index: RepoIndex, config: Config) -> tuple[Component, ...]:
    """Every file whose code trains a model, from the model-spec discovery; ``why`` keeps its reading
    ("trains a model", "training script by name", "run by stage train", ...), ``mode`` its kind."""
    from mlgate.facts.specs import managed_entry_script, spec_files

    specs = spec_files(index, config.model_spec)
    trains = {s.path for s in specs if s.trains or s.kind in _TRAINING_CODE_WHY}
    out = []
    for s in specs:
        entry = managed_entry_script(index, s.path) if s.kind == "training" and s.detail.startswith("defines a ") \
            else None
        if entry in trains:
            # a managed job's launcher whose job runs a training script of the repository: ``name`` keeps that
            # script, the code that trains in the job (the one to test; spec-unit-tested judges it there)
            out.append(Component("training-code", s.path, s.line, f"{s.detail}, which runs {entry}", entry,
                                 mode=s.kind))
            continue
        if s.trains:  # a model's module that trains as a script: its line and detail are the model class's
            out.append(Component("training-code", s.path, None, f"a script that defines its model `{s.detail}` "
                                 "and trains it", mode="entrypoint"))
        elif s.kind in _TRAINING_CODE_WHY:
            out.append(Component("training-code", s.path, s.line, s.detail or _TRAINING_CODE_WHY[s.kind],
                                 mode=s.kind, cell=s.cell))
    return _sorted(out)


_CONFIG_WHY = {"params": "a hyperparameters file", "config": "a model or training config", "mlproject":
               "an MLflow project", "pipeline": "a pipeline with a training stage", "configured": "paths.model-spec"}


def _model_config(index: RepoIndex, config: Config) -> tuple[Component, ...]:
    """The model's configuration files, from the model-spec discovery (``why`` keeps its reading)."""
    from mlgate.facts.specs import spec_files

    return _sorted(Component("model-config", s.path, s.line,
                             _CONFIG_WHY[s.kind] + (f" ({s.detail})" if s.detail else ""), mode=s.kind)
                   for s in spec_files(index, config.model_spec) if s.kind in _CONFIG_WHY)


def _pipelines(index: RepoIndex) -> tuple[Component, ...]:
    from mlgate.facts.pipelines import pipeline_declarations

    return tuple(Component("pipeline", path, line, what) for path, line, what in pipeline_declarations(index))


def _evaluation(index: RepoIndex) -> tuple[Component, ...]:
    from mlgate.facts.evaluation import evaluation_sources

    out = []
    for e in evaluation_sources(index):
        out.append(Component("evaluation", e.path, e.line, "computes the model's metrics", cell=e.cell))
    return tuple(out)


# reads that load no training data: benchmark results and run logs (a batch scoring job's input is the other)
_NOT_TRAINING_READS = lazyre.compile(r"(^|/)(benchmarks?|bench)/")


def _data_reads(index: RepoIndex, serving: tuple[Component, ...]) -> tuple[Component, ...]:
    """Modules and notebooks that load training data (mlgate.facts.datareads): the first read of each, with
    the call; a batch scoring job's reads are its input, a benchmark folder's its own results."""
    from mlgate.facts.datareads import data_reads

    scoring = {c.path for c in serving if c.mode == BATCH}
    return _sorted(Component("data-read", path, line, f"`{name}()` loads data", name, cell=cell)
                   for path, line, cell, name in data_reads(index)
                   if path not in scoring and not _NOT_TRAINING_READS.search(path))


def _features(index: RepoIndex, config: Config) -> tuple[Component, ...]:
    from mlgate.facts.features import feature_modules

    return _sorted(Component("feature", m.path, m.functions[0].line if m.functions else None, m.why)
                   for m in feature_modules(index, config.features))



def _models(index: RepoIndex) -> tuple[Component, ...]:
    from mlgate.facts.specs import spec_files

    return _sorted(Component("model", s.path, s.line, f"defines the model class `{s.detail}`" if s.detail
                             else "defines a model class", s.detail)
                   for s in spec_files(index) if s.kind == "model" and not s.model_part)


# CMD / ENTRYPOINT of an image that serves a model (shared with rollout-serving-smoke): `serve` as a word
# (`mlflow models serve`, `bentoml serve`), not `mlflow server`, MLflow's tracking server, nor the start of an
# option (its `--serve-artifacts`, `--no-serve-artifacts`), nor `feast serve` (`CMD ["feast", "serve"]`),
# Feast's feature server, which serves stored feature values and no model
SERVE_IMAGE = lazyre.compile(r"(?im)^\s*(CMD|ENTRYPOINT)\b.*\b(uvicorn|gunicorn|bentoml|"
                             r"(?<!feast\W)(?<!feast\W\W\W)(?<!feast\W\W\W\W)serve\b(?!-)|mlserver|torchserve|"
                             r"tritonserver|kserve|flask|app\.py|server\.py|serve\.py)")
# the base image of a model server, whose own command starts it (a Dockerfile FROM pytorch/torchserve that only
# adds the model archive and scripts serves that model)
SERVER_BASE = lazyre.compile(r"(?im)^\s*FROM\s+(?:--\S+\s+)*(?:[\w.-]+(?::\d+)?/)*(torchserve|serving|tritonserver|"
                             r"mlserver)[:@\s]")
# a command that runs a script by a generic name (`python app.py`, `streamlit run app.py`): a model server only
# when that script, or a repository module it imports, has something to do with a model (rocket9-code's
# mlflow-deployment-controller runs a Dash dashboard of its Kubernetes deployments so: `CMD ["python", "app.py"]`)
_GENERIC_SCRIPTS = frozenset({"app.py", "server.py", "serve.py"})
_MODEL_SIGNS = Needles("predict", "load_model", "joblib", "pickle", "torch", "tensorflow", "keras", "sklearn",
                       "from_pretrained", "pipeline(", "onnxruntime", "InferenceSession", "mlflow.pyfunc", "bentoml",
                       "transformers", "xgboost", "lightgbm", "catboost", "invoke_endpoint", "inference", "infer(",
                       "generate(", "embed", "classif", "/invocations", ".pkl", ".pt", ".onnx", ".h5", ".joblib")


def serving_image(index: RepoIndex, path: str, base: bool = True) -> re.Match[str] | None:
    """What in the Dockerfile at ``path`` starts a model server (shared with rollout-serving-smoke): a command
    that starts one, or a model server's base image. A command that runs a script by a generic name counts
    unless the script is in the repository beside the Dockerfile and neither it nor the repository modules it
    imports has anything to do with a model; a script mlgate cannot find is taken at its word. ``base``: a model
    server's base image counts too."""
    text = index.text(path) or ""
    m = SERVE_IMAGE.search(text)
    if m is not None:
        word = m.group(2).lower()
        if word in _GENERIC_SCRIPTS and _runs_no_model(index, path, m.group(2)):
            return None
        if word in ("uvicorn", "gunicorn"):
            # the ASGI/WSGI server's application (`CMD ["uvicorn", "api:app"]`), judged as a generic script, and no
            # model server either when its module only sends prompts to a hosted model (facts.deploy.hosted_model_only)
            target = _APP_SERVER_TARGET.search(text, m.start(), _line_end(text, m.end()))
            module = target.group(1).replace(".", "/") + ".py" if target is not None else ""
            if module and _runs_no_model(index, path, module):
                return None
    return m or (SERVER_BASE.search(text) if base else None)


def _line_end(text: str, at: int) -> int:
    end = text.find("\n", at)
    return len(text) if end < 0 else end


def _beside(index: RepoIndex, dockerfile: str, script: str) -> list[str]:
    """The files named ``script`` (a name, or a path such as `app/main.py`) in the Dockerfile's folder or below."""
    folder = dockerfile.rsplit("/", 1)[0] + "/" if "/" in dockerfile else ""
    name = script.rsplit("/", 1)[-1]
    return [f for f in index.named(name) if f.startswith(folder) and (f == script or f.endswith("/" + script))]


# what a module that the served script imports must do to have something to do with a model: import a framework
# that runs one, or load, call or name one. Words are not enough there: allenai/open-instruct's code sandbox
# (`uvicorn api:app`, running a model's code against tests) imports a module that unpickles test cases and lists
# `"import torch"` among the imports it forbids
_MODEL_IMPORTS = frozenset({"torch", "tensorflow", "keras", "sklearn", "transformers", "xgboost", "lightgbm",
                            "catboost", "onnxruntime", "joblib", "mlflow", "bentoml", "vllm", "diffusers",
                            "sentence_transformers", "tflite_runtime", "jax", "flax", "paddle", "timm", "ultralytics",
                            "spacy", "fastai", "statsmodels", "prophet", "openai", "anthropic", "langchain",
                            "llama_index", "tritonclient", "sagemaker", "boto3", "google", "ray", "cv2", "PIL"})
_MODEL_CALLS = Needles(".predict(", "predict_proba", "load_model", "from_pretrained", "InferenceSession",
                       "invoke_endpoint", "/invocations", "pickle.load(", "torch.load(", "joblib.load(", ".generate(",
                       "pipeline(", ".pkl", ".onnx", ".joblib", ".h5", ".pth", "mlflow.pyfunc", "/predict", ":predict")


def _runs_no_model(index: RepoIndex, dockerfile: str, script: str) -> bool:
    """Whether the script the image at ``dockerfile`` runs is in the repository (beside the Dockerfile) and has
    nothing to do with a model: no word of one in it (`predict`, `torch`, `.pkl` ...), and no module it imports
    runs one (``_MODEL_IMPORTS``, ``_MODEL_CALLS``); or it only sends prompts to a hosted model."""
    from mlgate.facts.deploy import hosted_model_only
    from mlgate.facts.python import import_names, repo_imports

    found = _beside(index, dockerfile, script)
    if not found:
        return False

    def runs_one(module: str) -> bool:
        return index.contains(module, _MODEL_CALLS) or any(
            n.split(".", 1)[0] in _MODEL_IMPORTS for n in import_names(index, module))

    return not any(index.contains(f, _MODEL_SIGNS) or any(runs_one(i) for i in repo_imports(index, f))
                   for f in found) or all(hosted_model_only(index, f) for f in found)


_BATCH_NAME = lazyre.compile(r"(^|/)(batch|score|scoring|predict|prediction|inference|infer)[\w-]*\.py$", re.I,
                              needs=(".py", ".PY", ".Py", ".pY"))
_BATCH_WRITES = Needles(".to_csv(", ".to_parquet(", ".write.", "to_sql(", "save_predictions", ".to_json(")
_BATCH_PREDICTS = Needles(".predict(", ".predict_proba(", "spark_udf", ".transform(")


def _serving(index: RepoIndex, config: Config) -> tuple[tuple[Component, ...], tuple[Component, ...]]:
    from mlgate.facts.deploy import bento_builds, deploy_facts, serving_handlers
    from mlgate.facts.tests import is_test_file

    serving: list[Component] = []
    for h in serving_handlers(index):
        if h.kind == "model-server" and _only_mlflow_wrapper(index, h.path):
            serving.append(Component("serving", h.path, h.line, "an MLflow PythonModel: packages the model "
                                     "for serving; no server or endpoint deploys it here", h.name, PACKAGED))
        else:
            serving.append(Component("serving", h.path, h.line, f"{h.kind} prediction handler", h.name, ONLINE))
    for path in index.files:
        if (_BATCH_NAME.search(path) and not is_test_file(path) and index.contains(path, _BATCH_PREDICTS)
                and index.contains(path, _BATCH_WRITES) and not any(c.path == path for c in serving)):
            serving.append(Component("serving", path, None, "a scoring script: predicts on stored data and "
                                     "writes the predictions", mode=BATCH))
    facts = [f for f in deploy_facts(index, config.deploy) if f.signal != "unparseable"]
    for path in dockerfiles(index):
        if not SAMPLE_OR_TEST_CODE.search(path):
            text = index.text(path) or ""
            m = serving_image(index, path)
            if m:
                line = text[: m.start()].count("\n") + 1
                serving.append(Component("serving", path, line, f"an image that starts a server "
                                         f"(`{' '.join(m.group(0).split())[:60]}`)", mode=ONLINE))
    serving += _compose_serving(index, serving)
    deployments = [Component("deployment", f.path, f.line, f"{f.system} `{f.name}`", f.name, ONLINE)
                   for f in facts if f.signal == "deploy"]
    named = {(c.path, c.name) for c in deployments}
    deployments += [Component("deployment", f.path, f.line, f"{f.system} `{f.name}` ({f.signal})", f.name, ONLINE)
                    for f in facts if (f.path, f.name) not in named]
    for path in bento_builds(index):
        deployments.append(Component("deployment", path, None, "a BentoML service build", mode=ONLINE))
    if any(c.mode == ONLINE for c in serving) or deployments:
        # an MLflow wrapper is served once anything here serves or deploys a model
        serving = [Component(c.kind, c.path, c.line, c.why, c.name, ONLINE) if c.mode == PACKAGED else c
                   for c in serving]
    return _sorted(serving), _sorted(deployments)


# a compose service's command that starts a model server, or an ASGI/WSGI server on a module (`uvicorn
# src.api:app`), which serves the model when that module is a prediction handler's
_MODEL_SERVER_COMMAND = lazyre.compile(r"\b(models\s+serve|bentoml\s+serve|torchserve|tritonserver|mlserver\s+start)\b")
_APP_SERVER_TARGET = lazyre.compile(r"\b(?:uvicorn|gunicorn)\b.*?\b([A-Za-z_][\w.]*):[A-Za-z_]\w*")


_COMPOSE_WHY = "compose service"


def _compose_serving(index: RepoIndex, serving: list[Component]) -> list[Component]:
    """Compose services that run the model server: the service builds an image that starts a server (an
    online serving unit already) and keeps its command, or its own command starts a model server or an
    ASGI/WSGI server on a prediction handler's module. A compose stack is how the service is run locally, not
    a deployment (no rollout, no canary): it is listed with the serving units."""
    from mlgate.facts.deploy import compose_services

    images = {c.path for c in serving if c.mode == ONLINE and is_dockerfile(c.path)}
    handlers = {c.path for c in serving if c.mode == ONLINE and c.path.endswith(".py")}
    out: list[Component] = []
    for svc in compose_services(index):
        why = ""
        if svc.command:
            target = _APP_SERVER_TARGET.search(svc.command)
            module = target.group(1).replace(".", "/") if target else ""
            if _MODEL_SERVER_COMMAND.search(svc.command):
                why = f"its command starts a model server (`{short(svc.command, 60)}`)"
            elif module and any(h == f"{module}.py" or h.endswith(f"/{module}.py") for h in handlers):
                why = f"its command serves {module}.py (`{short(svc.command, 60)}`)"
        elif svc.dockerfile in images:
            why = f"it runs the image that {svc.dockerfile} builds, which starts a server"
        if why:
            out.append(Component("serving", svc.path, svc.line, f"{_COMPOSE_WHY} `{svc.name}`: {why}", svc.name,
                                 ONLINE))
    return out


_SERVER_WORDS = Needles("mlflow models serve", "serve_model", "uvicorn", "FastAPI", "Flask(", "sagemaker",
                        "deploy(", "InferenceService", "model_server", "mlflow.deployments")


def _only_mlflow_wrapper(index: RepoIndex, path: str) -> bool:
    """The handler is an MLflow ``PythonModel`` (a packaging interface, used for batch `spark_udf` as
    much as for serving) and nothing else in the repository starts a server for it."""
    text = index.text(path) or ""
    if "PythonModel" not in text or "mlflow" not in text:
        return False
    return not any(index.contains(p, _SERVER_WORDS) for p in index.files
                   if p.endswith((".py", ".sh", ".yaml", ".yml", "Dockerfile", "Makefile")))


def _ci_tests(index: RepoIndex) -> tuple[Component, ...]:
    """The test runs CI jobs reach (the ci_jobs fact feat-tests-in-ci judges), at the step that starts
    each, with the chain that leads to the runner."""
    from mlgate.facts.ci import ci_jobs

    out = []
    for job in ci_jobs(index):
        if not job.tests:
            continue
        run, more = job.tests[0], job.tests[1:]  # one line per job: its first test run, and how many more
        at = run.chain[0] if run.chain else None
        rest = " -> ".join([*(link.where() for link in run.chain[1:]), run.command])  # after the step
        why = f"runs the tests: `{short(rest, 80)}`"
        if more:
            also = ", ".join(dict.fromkeys(p for t in more for p in t.paths))
            why += f" and {len(more)} more test run{'s' if len(more) != 1 else ''}" \
                + (f" ({short(also, 60)})" if also else "")
        out.append(Component("ci-tests", at.path if at else job.path, at.line if at else job.line, why,
                             job.name, job.system))
    return _sorted(out)


_PIPELINE = lazyre.compile(r"train|job|pipeline|etl|batch|cron|backup", re.I)


def _pipeline_alert(name: str, categories: frozenset[str]) -> bool:
    """An alert on a failing or slow pipeline job (training, ETL): it watches the pipeline, not the model."""
    return categories <= {"errors", "resources", "latency"} and _PIPELINE.search(name) is not None


def _monitoring(index: RepoIndex) -> tuple[Component, ...]:
    from mlgate.facts.monitoring import alert_rules, drift_checks

    # alerts on the model (latency, errors, memory, age, NaN, predictions); an alert on a failed training
    # job watches the pipeline, not a model
    out = [Component("monitoring", a.path, a.line, f"{a.source} alert `{a.name}` on {', '.join(sorted(a.categories))}",
                     a.name, "alerts")
           for a in alert_rules(index) if a.categories and not _pipeline_alert(a.name, a.categories)]
    out += [Component("monitoring", path, line, f"drift or quality check: {what}", mode="drift")
            for path, line, what, _scheduled in drift_checks(index)]
    return _sorted(out)


# pip-compile inputs (`requirements.in`, `requirements/dev.in`) and the other manifests; requirements files
# are the ones repro-deps-pinned judges (mlgate.patterns.is_requirements_file: any prefix or suffix,
# constraints, a requirements/ folder)
_DEPENDENCY_FILES = lazyre.compile(r"(^|/)(([\w.-]*[-_.])?requirements[\w.-]*\.in|requirements/[\w.-]+\.in"
                                   r"|pyproject\.toml|setup\.py|setup\.cfg|Pipfile"
                                   r"|environment[\w.-]*\.ya?ml|conda[\w.-]*\.ya?ml|uv\.lock|poetry\.lock|Pipfile\.lock"
                                   r"|pixi\.toml|MLproject|DESCRIPTION|renv\.lock)$",
                                   needs=("requirements", ".toml", "setup.", "Pipfile", "environment", "conda", ".lock",
                                          "MLproject", "DESCRIPTION"))


def _declares_dependencies(path: str) -> bool:
    return is_requirements_file(path) or _DEPENDENCY_FILES.search(path) is not None


def _conda_environment(index: RepoIndex, path: str) -> bool:
    """Whether a YAML file declares a conda environment: a `dependencies` list at its top."""
    docs = index.yaml(path)
    return bool(docs) and isinstance(docs[0], dict) and isinstance(docs[0].get("dependencies"), list)


def _dependencies(index: RepoIndex) -> tuple[Component, ...]:
    """One memo (as ``_projects``): a model the base of a comparison builds again (a changed file altered a
    part) takes this part from the working tree when the files it read are the same, not a sweep of the files."""
    return index.memo("model-dependencies", lambda: _find_dependencies(index))


def _find_dependencies(index: RepoIndex) -> tuple[Component, ...]:
    """The project's dependency declarations; not a documentation build's (docs/requirements.txt,
    requirements-docs.txt, a Jupyter Book's folder), those of the samples its documentation shows, nor the
    environments its tests read as input (mlgate.facts.project.not_project_dependencies)."""
    from mlgate.facts.project import conda_explicit_specs, image_packages

    return _sorted([*(Component("dependencies", p, None, "declares dependencies")
                      for p in index.files if _declares_dependencies(p) and not not_project_dependencies(index, p)),
                    *(Component("dependencies", p, None, "a conda environment (its `dependencies`)")
                      for p in index.files if conda_environment_name(p) == "prefixed"
                      and not _declares_dependencies(p) and not p.startswith(".github/")
                      and not not_project_dependencies(index, p) and _conda_environment(index, p)),
                    *(Component("dependencies", p, None, "a conda explicit spec: the exact build of every package")
                      for p in conda_explicit_specs(index)
                      if not _declares_dependencies(p) and not not_project_dependencies(index, p)),
                    *(Component("dependencies", p, line, "declares the packages of a service image in code "
                                f"(`{method}`)") for p, line, _specs, method in image_packages(index)
                      if not not_project_dependencies(index, p))])


_COURSE_DIR = lazyre.compile(r"^(\d{1,2}[-_.]|week[-_ ]?\d|module[-_ ]?\d|lesson[-_ ]?\d|chapter[-_ ]?\d|unit[-_ ]?\d"
                             r"|lecture[-_ ]?\d|day[-_ ]?\d)", re.I)


_CHAPTER_DIR = lazyre.compile(r"^(?:(?:ch|chapter|lesson|lecture|week|module|unit|part|day)[-_ ]?\d{1,2}"
                              r"|appendix[-_ ]?[A-Za-z\d])(?:[-_ .].*)?$", re.I)


def _tooling(index: RepoIndex) -> tuple[Component, ...]:
    """Scripts left out of training and model code because they are tooling (mlgate.facts.specs), and a
    published library's examples and documentation, a line per folder (``library_docs``)."""
    from mlgate.facts.specs import tooling_scripts
    from mlgate.facts.tests import python_files

    folders: dict[str, int] = {}
    for path in python_files(index):
        folder = library_docs_folder(index, path)
        if folder is not None:
            folders[folder] = folders.get(folder, 0) + 1
    docs = [Component("tooling", folder, None, f"a published library's examples or documentation ({n} "
                      f"{'script or notebook' if n == 1 else 'scripts and notebooks'}, teaching material): not "
                      "judged as its training") for folder, n in folders.items()]
    return _sorted([*(Component("tooling", path, None, why) for path, why in tooling_scripts(index)), *docs])


def _skipped(index: RepoIndex) -> tuple[Component, ...]:
    """Vendored and generated trees the index left out (mlgate.facts.vendored)."""
    return tuple(Component("vendored", t.path, None, f"{t.reason} ({_plural(t.files, 'file')})")
                 for t in index.vendored)


_PAPER = Needles("arxiv.org", "@inproceedings", "@article", "@misc{", "Citation", "citation")
_TEMPLATE_FILES = ("cookiecutter.json", "copier.yml", "copier.yaml")


def _kind(index: RepoIndex, training: tuple[Component, ...], models: tuple[Component, ...],
          serving: tuple[Component, ...], deployments: tuple[Component, ...],
          projects: tuple[Component, ...], ci_tests: tuple[Component, ...] = (),
          training_code: tuple[Component, ...] = ()) -> tuple[str, str]:
    """The project kind, with its reason. Only `library` changes how rules judge (see the catalogue's
    kinds.yaml); the others say what mlgate took the repository to be, so that a misreading shows. Code that
    fits a model with no entrypoint found for it (a Kubeflow pipeline's components, launched by a cloud function
    that CI deploys) still makes an ML project: "no-ml" beside "code that trains a model" contradicts itself."""
    for name in _TEMPLATE_FILES:
        if index.exists(name):
            return TEMPLATE, f"{name} makes it a project generator"
    if any("{{cookiecutter." in f or "{{ cookiecutter." in f for f in index.files[:2000]):
        return TEMPLATE, "its folders are named by cookiecutter placeholders"
    why = published(index)
    if why:
        return LIBRARY, why
    course_dirs = [p for p in projects if _COURSE_DIR.match(p.path.split("/", 1)[0])]
    if len(course_dirs) >= 3:
        return COURSE, f"{len(course_dirs)} numbered lesson or module folders with their own projects " \
                       f"({', '.join(p.path for p in course_dirs[:3])} …)"
    notebooks = index.with_suffix(".ipynb")
    chapters = sorted(p for p in notebooks if _CHAPTER_NOTEBOOK.match(p))
    if len(chapters) >= 5:
        return COURSE, f"{len(chapters)} numbered chapter notebooks ({', '.join(chapters[:2])} …)"
    # a book's or a course's chapter folders with code in them (rasbt/LLMs-from-scratch: ch02/ ... appendix-E/)
    chapter_dirs = sorted({f.split("/", 1)[0] for f in index.files
                           if "/" in f and f.endswith((".ipynb", ".py")) and _CHAPTER_DIR.match(f.split("/", 1)[0])})
    if len(chapter_dirs) >= 3:
        return COURSE, f"{len(chapter_dirs)} chapter folders with code ({', '.join(chapter_dirs[:3])} …)"
    if len(projects) >= 3 and not root_is_project(index):
        names = ", ".join(p.path for p in projects[:3])
        return MONOREPO, f"{len(projects)} folders with their own projects ({names} …)"
    code = [f for f in index.files if f.endswith(".py")]
    if notebooks and len(notebooks) >= len(code):
        return NOTEBOOKS, f"{_plural(len(notebooks), 'notebook')} and {_plural(len(code), 'Python file')}"
    readme = next((f for f in ("README.md", "README.rst", "README") if index.exists(f)), None)
    sample = _sample_words(index.text(readme) or "") if readme else None
    if sample:
        return TEMPLATE, f"{readme} presents it as a sample or starter project to copy (\"{sample}\")"
    online = [c for c in (*serving, *deployments) if c.mode == ONLINE]
    if online:  # the server itself rather than the compose service that runs it
        c = next((c for c in online if not c.why.startswith(_COMPOSE_WHY)), online[0])
        return SERVICE, f"serves a model: {c.why} in {c.path}"
    if not training and not models and not serving and not training_code:
        # a package its README installs from the checkout into its users' environments, with no model of its
        # own (openai/human-eval's harness, `pip install -e human-eval`; thu-ml/zhusuan's library, `pip install
        # .`): what it declares are a package's ranges, as a published library's are
        installed = installed_from_checkout(index)
        if installed:
            return LIBRARY, f"{installed}, and nothing in it trains, defines or serves a model"
        return NO_ML, "no training code, model definition or serving code found"
    if readme and index.contains(readme, _PAPER) and not deployments and "arxiv" in (index.text(readme) or "").lower():
        return RESEARCH, f"{readme} cites a paper, and nothing deploys the model"
    if training and not deployments and not ci_tests and not any(c.mode in (ONLINE, PACKAGED) for c in serving):
        return RESEARCH, f"trains models ({training[0].path}), and nothing serves, deploys or tests them in CI"
    what = training[0] if training else serving[0] if serving else models[0] if models else training_code[0]
    return APPLICATION, f"trains or ships a model ({what.path}) and publishes no package"


# 01_the_landscape.ipynb, chapter-3.ipynb: a book's or a course's notebooks, at the top or one folder down
_CHAPTER_NOTEBOOK = lazyre.compile(r"^(?:[^/]+/)?(?:\d{1,2}[-_.]|chapter[-_ ]?\d|lesson[-_ ]?\d)[^/]*\.ipynb$", re.I)
_MARKUP = lazyre.compile(r"<[^>]*>|\[!\[.*?\]\(.*?\)\]\(.*?\)|!\[[^\]]*\]\([^)]*\)")
# "a sample" names a sample project, not a sample request, input or dataset of a service's README
_SAMPLE_WORDS = lazyre.compile(r"(?i)\b(templates?|(?:this|a|an) sample\b(?! (?:from|of|size|requests?|responses?|"
                               r"inputs?|outputs?|payloads?|calls?|quer(?:y|ies)|records?|images?|data(?:set)?s?|"
                               r"predictions?|commands?)\b)"
                               r"|example (?:[\w-]+ )?project|get started|starter (?:kit|project))\b")
_SAMPLE_PAGE = lazyre.compile(r"(?m)\A---[ \t]*\n(?:.*\n){0,20}?page_type:[ \t]*sample\b")


def _sample_words(readme: str) -> str | None:
    """What in a README's title and first lines says the repository is a sample, template or getting-started
    project (Microsoft's `page_type: sample` front matter too); None when nothing does."""
    if _SAMPLE_PAGE.search(readme):
        return "page_type: sample"
    lines = 0
    for raw in readme.splitlines()[:80]:
        if raw.count("](") >= 2:  # a row of badges or a navigation bar (torchtune's "[**Get Started**](#...) |")
            continue
        line = _MARKUP.sub("", raw).strip()
        if not line or set(line) <= set("-=_*|#") or line.startswith(("```", "|")):
            continue
        m = _SAMPLE_WORDS.search(line)
        if m:
            return m.group(0)
        lines += 1
        if lines >= 4:
            break
    return None


# ------------------------------------------------------------------------------------ rendering
def to_json(model: RepositoryModel) -> dict[str, object]:
    def comp(c: Component) -> dict[str, object]:
        out: dict[str, object] = {"path": c.path, "line": c.line, "why": c.why}
        if c.name:
            out["name"] = c.name
        if c.mode:
            out["mode"] = c.mode
        if c.cell is not None:
            out["cell"] = c.cell
        return out

    return {
        "kind": model.kind,
        "kind_why": model.kind_why,
        "summary": model.summary(),
        "projects": [comp(c) for c in model.projects],
        "training": [comp(c) for c in model.training],
        "training_code": [comp(c) for c in model.training_code],
        "features": [comp(c) for c in model.features],
        "models": [comp(c) for c in model.models],
        "serving": [comp(c) for c in model.serving],
        "deployments": [comp(c) for c in model.deployments],
        "ci_tests": [comp(c) for c in model.ci_tests],
        "monitoring": [comp(c) for c in model.monitoring],
        "dependencies": [comp(c) for c in model.dependencies],
        "data_reads": [comp(c) for c in model.data_reads],
        "model_config": [comp(c) for c in model.model_config],
        "pipelines": [comp(c) for c in model.pipelines],
        "evaluation": [comp(c) for c in model.evaluation],
        "tooling": [comp(c) for c in model.tooling],
        "skipped": [comp(c) for c in model.skipped],
    }


_SECTIONS = (("projects", "nested projects"), ("training", "training"),
             ("training_code", "code that trains a model (entrypoints and the modules they train with)"),
             ("features", "feature code"), ("models", "model definitions"),
             ("model_config", "model configuration (hyperparameters, configs, pipelines)"),
             ("pipelines", "pipelines"), ("evaluation", "evaluation code"), ("data_reads", "training data reads"),
             ("serving", "serving"), ("deployments", "deployments"),
             ("ci_tests", "CI test runs"), ("monitoring", "monitoring"), ("dependencies", "dependency declarations"),
             ("tooling", "not the model (maintenance scripts, setup checks, a library's own commands)"),
             ("skipped", "left out (vendored or generated)"))


def to_text(model: RepositoryModel, limit: int = 12) -> str:
    lines = [f"kind: {model.kind} ({model.kind_why})", f"found: {model.summary()}", ""]
    for attr, title in _SECTIONS:
        items: tuple[Component, ...] = getattr(model, attr)
        if attr == "skipped":
            title = f"left out ({model.skipped_what})"
        lines.append(f"{title}: {len(items) or 'none'}")
        for c in items[:limit]:
            where = f"{c.path}:{c.line}" if c.line else c.path
            extra = f" [{c.mode}]" if c.mode and attr in ("serving", "deployments") else ""
            lines.append(f"  {where}{extra}  {c.why}")
        if len(items) > limit:
            lines.append(f"  … {len(items) - limit} more (--format json lists all)")
    lines.append("")
    lines.append("Misread? Point mlgate at the right files with `paths.model-spec`, `paths.features`, "
                 "`paths.deploy` or `exclude` in .mlgate.yaml.")
    return "\n".join(lines) + "\n"
