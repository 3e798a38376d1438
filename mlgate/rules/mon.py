"""Monitoring rules: Monitor 1-7, read from alert rules, monitoring code and schedules, serving code
and deployment manifests. Everything but mon-dependency-watch and mon-numeric-guards (which also
concern training) is not applicable when the repository serves nothing."""

from __future__ import annotations

import ast
import dataclasses
import re
from collections.abc import Iterator

from mlgate import lazyre
from mlgate.facts.automation import Run, all_runs_of, prefect_deployments, runs_of
from mlgate.facts.ci import ci_reached
from mlgate.facts.deploy import DeployFact, ServingHandler, bento_builds, deploy_facts
from mlgate.facts.imports import file_imports
from mlgate.facts.monitoring import AlertRule, alert_rules, drift_checks
from mlgate.facts.pycode import dotted, non_test_sources
from mlgate.facts.python import is_test_path
from mlgate.facts.tests import code_files, is_test_file, test_sources
from mlgate.inventory import ONLINE
from mlgate.model import Confidence, Finding, Level, Outcome, Scope, Status
from mlgate.patterns import SAMPLE_CODE
from mlgate.repo import Needles, PySource, RepoIndex
from mlgate.rules.base import Context, RuleFn

_NOT_SERVED = "the repository serves no model (no deployment manifest or serving code) and has no monitoring " \
    "configuration"
_NOT_SERVED_HERE = "the repository serves no model (no deployment manifest or serving code)"


def _watched(ctx: Context) -> bool:
    """Monitoring is judged where a model is served, and wherever monitoring configuration exists (alert
    rules and drift jobs watch a model served elsewhere too): the repository model says which."""
    return ctx.model.serves or (ctx.model.monitored and not ctx.model.is_library)


def _handlers(ctx: Context) -> list[ServingHandler]:
    """Serving handlers of a model this repository serves (a library's servers are its product)."""
    return ctx.serving_handlers()


def _sure_served(ctx: Context) -> Confidence:
    """How sure a "nothing monitors the served model" finding is: high when a deployment manifest shows
    the model is served, medium when only serving code (a web handler that calls a model) suggests it."""
    if any(f.signal == "deploy" for f in deploy_facts(ctx.index, ctx.config.deploy)):
        return Confidence.HIGH
    return Confidence.MEDIUM


def _served_target(ctx: Context) -> tuple[str, int | None, str]:
    """Where a "nothing monitors this" finding goes: the first serving handler or deployment object."""
    handlers = _handlers(ctx)
    if handlers:
        h = handlers[0]
        return h.path, h.line, f"`{h.name}` in {h.path}"
    objects = [f for f in deploy_facts(ctx.index, ctx.config.deploy) if f.signal == "deploy"]
    if objects:
        f = objects[0]
        return f.path, f.line, f"{f.system} `{f.name}`"
    bento = bento_builds(ctx.index)
    if bento:
        return bento[0], None, f"the BentoML service that {bento[0]} builds"
    online = [c for c in ctx.model.serving if c.mode == ONLINE]
    if online:  # an image that starts a server (`CMD ["uvicorn", ...]`): where the repository shows it serves
        return online[0].path, online[0].line, "the service"
    watch = ctx.model.monitoring  # served elsewhere: the monitoring configuration names the model
    if watch:
        return watch[0].path, watch[0].line, f"the model watched by {watch[0].path}"
    return next(iter(ctx.index.files), "."), None, "the service"


def _code_paths(index: RepoIndex, needles: Needles) -> list[str]:
    """Non-test Python modules and notebooks whose text contains one of the needles."""
    tests = set(test_sources(index))
    return list(index.containing((p for p in code_files(index) if p not in tests), needles))


def _code(index: RepoIndex, needles: Needles) -> Iterator[PySource]:
    """Non-test Python sources (modules and notebook cells) whose text contains one of the needles, one at a
    time and not kept: the callers keep lines and names, no node."""
    return index.python_sources(_code_paths(index, needles), keep=False)


# ---------------------------------------------------------------------------- mon-alert-rules
_GROUPS = {"serving performance (latency, errors, memory)": {"latency", "errors", "resources"},
           "model age": {"age"}, "NaN or non-finite values": {"nan"}, "prediction metrics": {"prediction"}}
_GROUP_FIX = {
    "serving performance (latency, errors, memory)": "e.g. `histogram_quantile(0.99, sum by (le) "
    "(rate(request_duration_seconds_bucket[5m]))) > 0.25` with `for: 10m`, and one on container memory.",
    "model age": "e.g. `time() - model_trained_timestamp_seconds > 14 * 86400` with `for: 1h`.",
    "NaN or non-finite values": "e.g. `increase(model_nan_predictions_total[10m]) > 0`.",
    "prediction metrics": "e.g. on the share of positive predictions: `abs(avg_over_time("
    "model_positive_prediction_ratio[6h]) - 0.12) > 0.05`.",
}


def alert_rules_rule(ctx: Context) -> Outcome:
    if not _watched(ctx):
        return Outcome(Status.NOT_APPLICABLE, _NOT_SERVED)
    alerts = alert_rules(ctx.index)
    if not alerts:
        path, line, what = _served_target(ctx)
        return Outcome(Status.FAIL, "the model is served and no alert rule watches it", findings=(
            Finding(path, line, f"{what} is served with no alert rule on latency, errors, memory, model age, NaN "
                    "or prediction metrics", key="no alerts", scope=Scope.REPOSITORY, confidence=_sure_served(ctx),
                    remediation="Add Prometheus alert rules (or CloudWatch alarms) with `for:` windows for serving "
                    "latency and memory, model age, NaN predictions and the prediction distribution."),))
    covered = set().union(*(a.categories for a in alerts))
    have = [g for g, cats in _GROUPS.items() if covered & cats]
    missing = [g for g in _GROUPS if g not in have]
    evidence = tuple(sorted({a.path for a in alerts}))
    detail = ", ".join(sorted(covered)) or "nothing recognisable"
    if not missing:
        return Outcome(Status.PASS, f"{len(alerts)} alert rules cover {detail}", evidence=evidence, automated=True)
    first: AlertRule = alerts[0]
    findings = tuple(Finding(first.path, first.line, f"no alert rule watches {g}", level=Level.PARTIAL,
                             key=f"no alert on {g}", remediation=f"Add an alert on {g}: {_GROUP_FIX[g]}",
                             scope=Scope.REPOSITORY, confidence=Confidence.MEDIUM)
                     for g in missing)
    if not have:
        return Outcome(Status.PARTIAL, f"{len(alerts)} alert rules, none on the model's serving health, age, NaN or "
                       "predictions", findings, evidence)
    return Outcome(Status.PARTIAL, f"{len(alerts)} alert rules cover {detail}; missing: {', '.join(missing)}",
                   findings, evidence)


# ---------------------------------------------------------------------------- mon-drift
_SCHEMA_CODE = Needles("pandera", "pydantic", "great_expectations", "tensorflow_data_validation", "marshmallow",
                       "msgspec")
_NAN_CODE = Needles("NaN", "nan", "finite", "isinf", "numerics", "anomaly", "seterr")
_SCHEDULES = Needles("CronJob", "ScheduleExpression", "CronWorkflow", "ScheduledWorkflow")
_PY_SCHEDULES = Needles("schedule", "create_recurring_run", "PipelineJobSchedule", "cron")
_TRAIN_WORDS = Needles("train", "Train")


# what runs a drift check: a job nobody has to start (a test of the drift code checks no drift), the check
# itself or a script that imports it. A CI step that runs a test module as a script (`python
# test_integration.py`, which calls the PSI on random numbers) is a test of the drift code too: a run reached
# through a file named like a test does not count
_DRIFT_RUNS = ("ci", "dvc", "cronjob", "dag")


def drift(ctx: Context) -> Outcome:
    index = ctx.index
    if not _watched(ctx):
        return Outcome(Status.NOT_APPLICABLE, _NOT_SERVED)
    uses = drift_checks(index)
    serving = {h.path for h in _handlers(ctx)} if uses else set()
    for path, _line, what, scheduled in uses:
        if scheduled:
            return Outcome(Status.PASS, f"{what} runs on its own schedule ({path})", evidence=(path,), automated=True)
        r = runs_of(index, path, _DRIFT_RUNS)
        if r is not None and not is_test_file(r.via or path):
            return Outcome(Status.PASS, f"{what} in {path} is run by {r.what} ({r.path})", evidence=(path, r.path),
                           automated=True)
        if path in serving:
            return Outcome(Status.PASS, f"{what} runs inside the serving code ({path})", evidence=(path,),
                           automated=True)
    # no drift check runs by itself: the served model's metrics measured on a schedule check its quality
    quality = _scheduled_evaluation(ctx)
    if quality is not None:
        path, run = quality
        return Outcome(Status.PASS, f"the model's metrics are computed on a schedule: {path} is run by {run.what} "
                       f"({run.path})", evidence=(path, run.path), automated=True)
    if not uses:
        path, line, what = _served_target(ctx)
        return Outcome(Status.FAIL, "no drift or prediction-quality check exists", findings=(
            Finding(path, line, f"{what} is served, and nothing compares its inputs or predictions with the "
                    "training data", key="no drift check", scope=Scope.REPOSITORY, confidence=_sure_served(ctx),
                    remediation="Schedule a job that compares recent serving inputs and predictions with the training "
                    "reference and fails on drift, e.g. an Evidently `Report(metrics=[DataDriftPreset()])` run from "
                    "a workflow with `on: schedule`."),))
    path, line, what, _ = uses[0]
    where = "a notebook" if path.endswith(".ipynb") else "a script nothing runs automatically"
    return Outcome(Status.PARTIAL, f"{what} exists in {where} ({path})", findings=(
        Finding(path, line, f"the drift check ({what}) lives in {where}: it runs only when someone remembers",
                level=Level.PARTIAL, key="drift check not scheduled", confidence=Confidence.MEDIUM,
                remediation="Run it on a schedule: a workflow with `on: schedule` (or an Airflow/pipeline schedule) "
                f"that executes `python {path}` and fails when drift is found."),), evidence=(path,))


def _scheduled_evaluation(ctx: Context) -> tuple[str, Run] | None:
    """(path, run) of evaluation code that trains nothing and that a clock runs (a DAG's or CronJob's schedule, a
    scheduled CI job): the served model's prediction quality measured on fresh labelled data, as
    Nipun-Malinga/churn-prediction-system's weekly `model_evaluating_dag` does. Monitor 7 asks for that check."""
    index = ctx.index
    training = {c.path for c in ctx.model.training_code} | set(ctx.model.training_scripts)
    # a schedule that also trains evaluates the model it has just trained (a retraining flow's test split), not
    # the one serving
    trainers = {r.path for t in training for r in all_runs_of(index, t)}
    for c in ctx.model.evaluation:
        if c.path in training or c.cell is not None or is_test_path(c.path):
            continue
        for run in all_runs_of(index, c.path, _DRIFT_RUNS):
            if run.scheduled and run.path not in trainers:
                return c.path, run
    return None


# ---------------------------------------------------------------------------- mon-serving-schema
_SCHEMA_BASES = lazyre.compile(r"\b(DataFrameModel|SchemaModel|BaseModel|Schema|TypedDict|Struct)\b")
_SCHEMA_CALLS = lazyre.compile(r"\b(DataFrameSchema|ExpectationSuite|load_schema_text|get_expectation_suite)\b")


def _schema_symbols(index: RepoIndex) -> dict[tuple[str, str], int]:
    """(module path, name) -> line of schema classes and schema objects defined in the repository."""

    def compute() -> dict[tuple[str, str], int]:
        out: dict[tuple[str, str], int] = {}
        for src in _code(index, _SCHEMA_CODE):
            if src.cell is not None or not re.search(r"pandera|pydantic|great_expectations|"
                                                     r"tensorflow_data_validation|marshmallow|msgspec", src.text):
                continue
            local: set[str] = set()  # the module's schema classes: a subclass of one is a schema too
            for node in src.tree.body:
                bases = " ".join(ast.unparse(b) for b in node.bases) if isinstance(node, ast.ClassDef) else ""
                if isinstance(node, ast.ClassDef) and (_SCHEMA_BASES.search(bases) or any(
                        isinstance(b, ast.Name) and b.id in local for b in node.bases)):
                    out[(src.path, node.name)] = node.lineno
                    local.add(node.name)
                elif isinstance(node, ast.Assign) and isinstance(node.value, ast.Call) \
                        and _SCHEMA_CALLS.search(ast.unparse(node.value.func)):
                    for t in node.targets:
                        if isinstance(t, ast.Name):
                            out[(src.path, t.id)] = node.lineno
        return out

    return index.memo("schema-symbols", compute)


def serving_schema(ctx: Context) -> Outcome:
    index = ctx.index
    handlers = _handlers(ctx)
    monitors = [u for u in drift_checks(index) if "Model Monitor" in u[2] or "DefaultModelMonitor" in u[2]]
    if not handlers:
        if monitors:
            return Outcome(Status.PASS, f"SageMaker Model Monitor checks serving inputs against the training "
                           f"baseline ({monitors[0][0]})", evidence=(monitors[0][0],), automated=True)
        return Outcome(Status.NOT_APPLICABLE, "no serving code found")
    symbols = _schema_symbols(index)
    serving_files = sorted({h.path for h in handlers})
    # code that could be the training side: not the serving path's own modules (the request model's module,
    # the model wrapper the handler calls), unless training code imports them too
    from mlgate.facts.pycode import import_closure

    serving_side = import_closure(index, serving_files, depth=4)
    model = ctx.model
    training_roots = {*model.training_scripts, *(c.path for c in model.training_code),
                      *(c.path for c in model.data_reads), *(c.path for c in model.features)}
    training_side = import_closure(index, sorted(training_roots), depth=4)
    tests = set(test_sources(index))
    others = [p for p in index.files if p.endswith((".py", ".ipynb")) and p not in serving_files
              and p not in tests and (p not in serving_side or p in training_side)]
    shared: list[tuple[str, str, str]] = []
    own: list[tuple[str, str]] = []
    for path in serving_files:
        for module, name in sorted(file_imports(index, path).used):
            if (module, name) not in symbols or not _validates_with(index, path, name):
                continue
            also = [o for o in others if ((module, name) in file_imports(index, o).used
                                          and not _reexports_only(index, o, name))
                    or (o == module and _used_locally(index, module, name))]
            if also:
                shared.append((path, f"{name} ({module})", also[0]))
            else:
                own.append((path, f"{name} ({module})"))
        own += [(path, name) for (module, name) in symbols if module == path]
        for h in handlers:
            if h.path == path and h.kind == "http" and _typed_params(index, h):
                own.append((path, f"the typed parameters of `{h.name}`"))
        if re.search(r"\.validate\(|jsonschema|validate_statistics|^@input_schema\(", index.text(path) or "", re.M) \
                and not any(p == path for p, _w, _a in shared) and not any(p == path for p, _w in own):
            own.append((path, "validation code"))
    if shared:
        s_path, s_what, s_also = shared[0]
        return Outcome(Status.PASS, f"serving validates inputs with {s_what}, which {s_also} also uses",
                       evidence=(s_path, s_also), automated=True)
    if monitors:
        return Outcome(Status.PASS, f"SageMaker Model Monitor checks serving inputs against the training baseline "
                       f"({monitors[0][0]})", evidence=(monitors[0][0],), automated=True)
    if own:
        path, what = own[0][0], own[0][1]
        h = next(h for h in handlers if h.path == path)
        return Outcome(Status.PARTIAL, f"serving validates inputs with its own schema ({what} in {path})", findings=(
            Finding(path, h.line, f"`{h.name}` validates requests with a serving-only schema ({what}); " + (
                    "the training data is checked by a different definition, so the two can drift apart"
                    if ctx.model.trains else "nothing ties it to the data the served model was trained on"),
                    level=Level.PARTIAL,
                    key="serving-only schema", confidence=Confidence.MEDIUM,
                    remediation="Define the schema once (a pandera `DataFrameModel` or pydantic model in your package) "
                    "and use it both when preparing training data and in the serving handler."),),
            evidence=(path,))
    h = handlers[0]
    return Outcome(Status.FAIL, f"{len(handlers)} serving handler(s) pass requests to the model unvalidated",
                   findings=tuple(Finding(
                       x.path, x.line, f"`{x.name}` passes requests to the model without validating them against "
                       "the training data's schema", key=f"unvalidated {x.name}", confidence=Confidence.MEDIUM,
                       remediation="Import the training schema and validate each request before predicting, e.g. "
                       "`CustomerSchema.validate(pd.DataFrame([payload]))`, answering 422 on failure.")
                       for x in handlers[:5]) if h else ())


def _validates_with(index: RepoIndex, path: str, name: str) -> bool:
    """Is the schema `name` used to check inputs in the serving file: `Name.validate(...)`,
    `Name.model_validate(...)`, `Name(**payload)`, or as a parameter annotation?"""
    text = index.text(path) or ""
    n = re.escape(name)
    if re.search(rf"\b{n}\.(validate|model_validate|parse_obj|parse_raw|model_validate_json|load|"
                 rf"validate_python)\(|\b{n}\(\s*\*\*|:\s*{n}\b|\[{n}\]|validate\([^)]*\b{n}\b", text):
        return True
    # an instance of it that loads or validates (marshmallow's `schema = PredictSchema(); schema.load(payload)`)
    instances = {m.group(1) for m in re.finditer(rf"\b(\w+)\s*=\s*{n}\(", text)}
    return any(re.search(rf"\b{re.escape(v)}\.(load|loads|validate)\(", text) for v in instances)


def _typed_params(index: RepoIndex, h: ServingHandler) -> bool:
    """FastAPI validates typed parameters (`text: str`, `req: Request` models); `dict` or untyped is no check."""
    if "FastAPI" not in (index.text(h.path) or "") and "APIRouter" not in (index.text(h.path) or ""):
        return False
    node = _handler_node(index, h)
    if not isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
        return False
    params = [a for a in node.args.args if a.arg not in ("self", "request")]
    return bool(params) and all(a.annotation is not None and not re.match(
        r"^(dict|Dict|Any|Request|typing\.Any|dict\[.*\])$", ast.unparse(a.annotation)) for a in params)


def _reexports_only(index: RepoIndex, path: str, name: str) -> bool:
    """A package's ``__init__.py`` that imports the name only to re-export it (``from .schemas import
    Request`` and ``__all__``): it validates nothing with it."""
    if not path.endswith("__init__.py"):
        return False
    src = index.python(path)
    if src is None:
        return False
    for node in src.tree.body:
        if isinstance(node, (ast.Import, ast.ImportFrom)):
            continue
        if isinstance(node, (ast.Assign, ast.AnnAssign, ast.AugAssign)) and any(
                isinstance(t, ast.Name) and t.id == "__all__"
                for t in (node.targets if isinstance(node, ast.Assign) else [node.target])):
            continue
        if any(isinstance(n, ast.Name) and n.id == name for n in ast.walk(node)):
            return False
    return True


def _used_locally(index: RepoIndex, module: str, name: str) -> bool:
    """Does the schema's own module use it (e.g. prepare.py defines and applies the schema)?"""
    src = index.python(module)
    if src is None:
        return False
    return sum(1 for n in ast.walk(src.tree) if isinstance(n, ast.Name) and n.id == name) > 0


# ---------------------------------------------------------------------------- mon-prediction-logging
_LOG_CALLS = frozenset({"info", "debug", "warning", "log", "send", "produce", "put_record", "put_records", "insert",
                        "insert_one", "insert_many", "write", "publish", "emit", "log_prediction", "log_predictions",
                        "log_dict", "append", "put_item", "send_message", "log_batch", "track"})
_ID = lazyre.compile(r"request_id|req_id|uuid|trace_id|correlation_id|x-request-id|prediction_id|event_id|\bid\b", re.I)


def _handler_node(index: RepoIndex, h: ServingHandler) -> ast.AST | None:
    src = index.python(h.path)
    if src is None:
        return None
    for node in ast.walk(src.tree):
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)) and node.name == h.name \
                and node.lineno <= (h.line or node.lineno) <= getattr(node, "end_lineno", node.lineno):
            return node
    return None


# a client of a deployed endpoint (SageMaker's `invoke_endpoint`, a Vertex AI `Endpoint.predict`) and a write of
# records to storage in the same module: a scoring job that calls the endpoint and keeps its answers with their
# inputs (cchoooots98/mlops-bikeshare's predictor writes each batch's features and predictions to S3 as Parquet)
_ENDPOINT_CALL = Needles("invoke_endpoint", "aiplatform")
_STORE_CALLS = frozenset({"put_object", "upload_fileobj", "to_parquet", "write_table", "to_sql", "insert_rows_json",
                          "insert_rows", "load_table_from_dataframe", "write_dataset"})


def _caller_capture(index: RepoIndex) -> tuple[str, int, str] | None:
    """(path, line, store call) of the first module that calls a deployed model endpoint and writes to storage."""
    for src in non_test_sources(index, _ENDPOINT_CALL, keep=False):
        if src.cell is not None or SAMPLE_CODE.search(src.path):
            continue
        names = [(c.lineno, dotted(c.func) or "") for c in src.call_nodes]
        called = any(n.endswith("invoke_endpoint") or (n.endswith(".predict") and "aiplatform" in src.text)
                     for _l, n in names)
        stored = next(((ln, n.rsplit(".", 1)[-1]) for ln, n in names if n.rsplit(".", 1)[-1] in _STORE_CALLS), None)
        if called and stored is not None:
            return src.path, stored[0], f"`{stored[1]}`"
    return None


# a row written to a database with the DB-API or SQLAlchemy: `cur.execute("INSERT INTO inference_logs (features,
# prediction) VALUES (%s, %s)", (Json(req.features), proba))`, or `conn.execute(text(LOG_SQL), row)` with the
# statement bound to a name in the handler. Only an INSERT keeps a record; a SELECT or an UPDATE does not.
_SQL_INSERT = lazyre.compile(r"^\s*INSERT\s+(?:OR\s+\w+\s+)?INTO\b", re.I)


def _sql_text(value: ast.expr | None) -> str | None:
    """The SQL text of a statement argument: a string, an f-string's literal parts, or `text("...")`."""
    if isinstance(value, ast.Call) and len(value.args) == 1 and (dotted(value.func) or "").split(".")[-1] == "text":
        value = value.args[0]
    if isinstance(value, ast.Constant) and isinstance(value.value, str):
        return value.value
    if isinstance(value, ast.JoinedStr):
        return "".join(v.value for v in value.values if isinstance(v, ast.Constant) and isinstance(v.value, str))
    return None


def _sql_statements(node: ast.AST) -> dict[str, str]:
    """Names a handler binds to SQL text (`log_sql = text("INSERT INTO prediction_logs ...")`)."""
    out: dict[str, str] = {}
    for n in ast.walk(node):
        if isinstance(n, ast.Assign) and len(n.targets) == 1 and isinstance(n.targets[0], ast.Name):
            sql = _sql_text(n.value)
            if sql is not None:
                out[n.targets[0].id] = sql
    return out


def _sql_insert(call: ast.Call, statements: dict[str, str]) -> bool:
    if not (isinstance(call.func, ast.Attribute) and call.func.attr in ("execute", "executemany") and call.args):
        return False
    first = call.args[0]
    sql = statements.get(first.id) if isinstance(first, ast.Name) else _sql_text(first)
    return sql is not None and _SQL_INSERT.search(sql) is not None


# a call that builds what the model is asked, not what it answers: a KServe transformer's
# `output = self.create_inference_request(features)` or `InferRequest(...)` is the predictor's input
_REQUEST_BUILDER = lazyre.compile(r"(request|payload|inputs?)$", re.I)


def _builds_request(value: ast.expr) -> bool:
    name = (dotted(value.func) or "").split(".")[-1] if isinstance(value, ast.Call) else ""
    return _REQUEST_BUILDER.search(name) is not None if name else False


# the request's body, read from the web framework's request object: Flask's `request.json`, `request.form`,
# `request.get_json()`, Starlette's `await request.json()`
_REQUEST_BODY = lazyre.compile(r"^(?:await\s+)?request\.(?:json|form|values|data|get_json|get_data)\b")
_COPY_CALLS = frozenset({"dict", "copy", "deepcopy", "model_dump", "to_dict"})


def _request_copies(node: ast.AST, inputs: set[str]) -> set[str]:
    """Names a handler binds, in source order, to the request's body or to a copy of an input
    (`json_body = request.json`, then `logging_object = dict(json_body)`): a log of such a name logs the inputs."""
    out: set[str] = set()
    assigns = sorted((n for n in ast.walk(node) if isinstance(n, ast.Assign) and len(n.targets) == 1
                      and isinstance(n.targets[0], ast.Name)), key=lambda n: (n.lineno, n.col_offset))
    for n in assigns:
        target, value = n.targets[0], n.value
        if not isinstance(target, ast.Name):
            continue
        copied = isinstance(value, ast.Call) and (dotted(value.func) or "").rsplit(".", 1)[-1] in _COPY_CALLS
        source = value.args[0] if copied and isinstance(value, ast.Call) and value.args else \
            value.func.value if copied and isinstance(value, ast.Call) and isinstance(value.func, ast.Attribute) \
            else value
        if isinstance(value, ast.Dict) and len(value.keys) == 1 and value.keys[0] is None:  # `{**payload}`
            source = value.values[0]
        if _REQUEST_BODY.match(ast.unparse(value)) or (isinstance(source, ast.Name) and source.id in inputs | out):
            out.add(target.id)
    return out


def _logs(node: ast.AST, stdout: bool = False) -> tuple[bool, bool, bool]:
    """(logs inputs, logs outputs, has a request id) for a handler. ``stdout``: what the handler prints is
    kept (AWS Lambda sends it to CloudWatch Logs), so `print` is a log call too."""
    params: set[str] = set()
    outputs: set[str] = set()
    built: set[str] = set()  # the request a transformer builds for the predictor: its `output` is no prediction
    for n in ast.walk(node):
        if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef)):
            params |= {a.arg for a in n.args.args + n.args.kwonlyargs if a.arg not in ("self", "cls")}
        # the prediction: a model's output, the answer of the model endpoint a proxy handler forwards to, or
        # the response model the handler answers with (`RecommendationResponseV5.model_validate(...)`)
        if isinstance(n, ast.Assign) and re.search(r"predict|model\(|forward|infer|score|(?i:endpoint)|"
                                                   r"(?:Predict|Inferen|Scor|Classif|Recommend|Forecast|Detect|Rank)\w*Response\w*[.(]",
                                                   ast.unparse(n.value)):
            (built if _builds_request(n.value) else outputs).update(t.id for t in n.targets if isinstance(t, ast.Name))
    params |= _request_copies(node, params)
    ins = outs = False
    statements = _sql_statements(node)
    for n in ast.walk(node):
        if isinstance(n, ast.Call) and ((isinstance(n.func, ast.Attribute) and n.func.attr in _LOG_CALLS)
                                        or (stdout and isinstance(n.func, ast.Name) and n.func.id == "print")
                                        or _sql_insert(n, statements)):
            names = {x.id for x in ast.walk(n) if isinstance(x, ast.Name)}
            text = ast.unparse(n)
            ins = ins or bool(names & params) or bool(re.search(r"features|payload|inputs?\b|request", text))
            outs = outs or bool(names & outputs) or (bool(re.search(r"prediction|score|proba|output", text))
                                                     and not names & built)
    has_id = bool(_ID.search(ast.unparse(node)))
    return ins, outs, has_id


def _wrapper_methods(index: RepoIndex, path: str, handler: ast.AST) -> list[ast.FunctionDef | ast.AsyncFunctionDef]:
    """The methods of repository classes that a handler calls on an instance it names by type or builds
    (`model: HousePriceModel = request.app.state.model; model.predict(payload)`, `scorer = Scorer(path)`):
    where the prediction is made, and logged, when the handler only forwards the request."""
    classes: dict[str, str] = {}  # local name -> class name
    for n in ast.walk(handler):
        if isinstance(n, ast.AnnAssign) and isinstance(n.target, ast.Name) and isinstance(n.annotation, ast.Name):
            classes[n.target.id] = n.annotation.id
        elif isinstance(n, ast.Assign) and len(n.targets) == 1 and isinstance(n.targets[0], ast.Name) \
                and isinstance(n.value, ast.Call) and isinstance(n.value.func, ast.Name):
            classes[n.targets[0].id] = n.value.func.id
    called = {(n.func.value.id, n.func.attr) for n in ast.walk(handler) if isinstance(n, ast.Call)
              and isinstance(n.func, ast.Attribute) and isinstance(n.func.value, ast.Name)
              and n.func.value.id in classes}
    if not called:
        return []
    where = {name: module for module, name in file_imports(index, path).used}
    out: list[ast.FunctionDef | ast.AsyncFunctionDef] = []
    for var, method in sorted(called):
        module = where.get(classes[var])
        src = index.python(module) if module else None
        for stmt in src.tree.body if src is not None else []:
            if isinstance(stmt, ast.ClassDef) and stmt.name == classes[var]:
                out += [f for f in stmt.body if isinstance(f, (ast.FunctionDef, ast.AsyncFunctionDef))
                        and f.name == method]
    return out


def prediction_logging(ctx: Context) -> Outcome:
    index = ctx.index
    if not ctx.model.serves:
        return Outcome(Status.NOT_APPLICABLE, _NOT_SERVED_HERE)
    captures: list[DeployFact] = [f for f in deploy_facts(index, ctx.config.deploy) if f.signal == "capture"]
    full = [f for f in captures if f.automated]
    if full:
        f = full[0]
        return Outcome(Status.PASS, f"{f.system} `{f.name}` captures requests and responses ({f.detail})",
                       evidence=(f.path,), automated=True)
    partial: list[Finding] = [Finding(f.path, f.line, f"{f.system} `{f.name}` captures only part of the traffic "
                                      f"({f.detail})", level=Level.PARTIAL, key="partial capture",
                                      remediation="Capture both requests and responses (`mode: all`, or "
                                      "`CaptureOptions` with Input and Output).") for f in captures]
    for h in _handlers(ctx):
        if "bentoml.monitor" in (index.text(h.path) or ""):
            return Outcome(Status.PASS, f"{h.path} logs inputs and outputs with `bentoml.monitor`",
                           evidence=(h.path,), automated=True)
        node = _handler_node(index, h)
        if node is None:
            continue
        ins, outs, has_id = _logs(node, stdout=h.kind == "lambda")
        if not ins and not outs:
            # the handler hands the request to a model wrapper of the repository, which may log
            for method in _wrapper_methods(index, h.path, node):
                m_ins, m_outs, m_id = _logs(method)
                ins, outs, has_id = ins or m_ins, outs or m_outs, has_id or m_id
        if ins and outs and has_id:
            return Outcome(Status.PASS, f"`{h.name}` logs inputs and predictions with a request id ({h.path})",
                           evidence=(h.path,), automated=True)
        if ins or outs:
            missing = "a request id" if ins and outs else ("the prediction" if ins else "the inputs")
            logged = "inputs and predictions" if ins and outs else ("inputs" if ins else "predictions")
            partial.append(Finding(h.path, h.line, f"`{h.name}` logs {logged} but not {missing}",
                                   level=Level.PARTIAL, key=f"partial logging {h.name}",
                                   confidence=Confidence.MEDIUM,
                                   remediation="Log the features, the prediction and a request id in one record so "
                                   "skew and quality can be measured later."))
    caller = _caller_capture(index)
    if caller is not None and not partial:
        at, stored, how = caller
        return Outcome(Status.PASS, f"{at}:{stored} calls the model endpoint and stores what it answers ({how}): "
                       "its caller captures the predictions", evidence=(at,), automated=True)
    if partial:
        return Outcome(Status.PARTIAL, "serving traffic is only partly captured", tuple(partial),
                       tuple(sorted({f.path for f in partial})))
    path, line, what = _served_target(ctx)
    return Outcome(Status.FAIL, "the model is served and neither its inputs nor its predictions are captured",
                   findings=(Finding(path, line, f"{what} captures neither inputs nor predictions", key="no capture",
                                     scope=Scope.REPOSITORY, confidence=_sure_served(ctx),
                                     remediation="Turn on request/response capture: a KServe predictor `logger: "
                                     "{mode: all, url: <sink>}`, SageMaker `DataCaptureConfig`, or log features, "
                                     "prediction and request id together in the handler."),))


# ---------------------------------------------------------------------------- mon-staleness
_TRAINS = lazyre.compile(r"\btrain\w*|\bdvc\s+(repro|exp\s+run)\b|\bmlflow\s+run\b|\bkedro\s+run\b|\bretrain|"
                         r"\bpipeline\b|\bfit\b", re.I)


_SCHEDULE_DOC = lazyre.compile(r"^\s*kind:\s*[\"']?(CronJob|CronWorkflow|ScheduledWorkflow)\b|ScheduleExpression", re.M)


# a training run cut to a check: one epoch, a few steps, a dry run
_SMOKE = lazyre.compile(r"(--?|\b)(epochs?|max[_-]epochs|num[_-]train[_-]epochs)[= ]+1\b|fast[_-]dev[_-]run|"
                        r"--max[_-]steps[= ]+\d{1,2}\b|--(smoke|dry[_-]run|debug|limit[_-]train[_-]batches)\b", re.I)
_REVIEW_EVENTS = frozenset({"pull_request", "pull_request_target", "merge_group", "merge_request_event"})


def _smoke_run(command: str, triggers: frozenset[str]) -> bool:
    """A CI job that trains to test the code, not to refresh a served model: it also runs on pull requests
    (code under review is never what serves), or it trains for one epoch or a few steps."""
    return bool(triggers & _REVIEW_EVENTS) or _SMOKE.search(command) is not None


def _retraining_schedules(ctx: Context) -> list[tuple[str, int | None, str]]:
    index = ctx.index
    out: list[tuple[str, int | None, str]] = []
    for job, r in ci_reached(index):
        if job.scheduled and _TRAINS.search(r.command) and not _smoke_run(r.command, job.triggers) \
                and (r.path, r.line) not in {(p, ln) for p, ln, _ in out}:
            out.append((r.path, r.line, "a scheduled CI job retrains"))
    for path in index.files:
        if path.endswith((".yaml", ".yml")) and index.contains(path, _SCHEDULES) \
                and _SCHEDULE_DOC.search(index.text(path) or ""):
            for doc in index.yaml(path):
                if isinstance(doc, dict) and doc.get("kind") in ("CronJob", "CronWorkflow", "ScheduledWorkflow") \
                        and _TRAINS.search(str(doc.get("spec")) + str(doc.get("metadata"))):
                    out.append((path, None, f"a Kubernetes {doc.get('kind')} retrains"))
                elif isinstance(doc, dict) and isinstance(doc.get("Resources"), dict):
                    for name, res in doc["Resources"].items():
                        props = res.get("Properties") if isinstance(res, dict) else None
                        if isinstance(props, dict) and ("ScheduleExpression" in props) and \
                                _TRAINS.search(str(name) + str(props)):
                            out.append((path, None, f"a scheduled rule `{name}` starts training"))
        elif path.endswith(".py") and not is_test_file(path) and index.contains(path, _PY_SCHEDULES) \
                and index.contains(path, _TRAIN_WORDS):
            line = _schedule_line(index, path)
            if line is not None:
                out.append((path, line, "a scheduled DAG or pipeline retrains"))
    out += _prefect_schedules(index)
    return out


def _prefect_schedules(index: RepoIndex) -> list[tuple[str, int | None, str]]:
    """Prefect deployments (prefect.yaml) that run a training or retraining flow on a cron, interval or
    rrule schedule."""
    return [(d.path, d.schedule_line, f"the Prefect deployment `{d.name}` runs {d.entry.split(':')[-1]} on a schedule")
            for d in prefect_deployments(index) if d.scheduled and _TRAINS.search(f"{d.entry} {d.name}")]


def _clock_loop(src: PySource) -> int | None:
    """The line of a scheduler written by hand: `while True:` around a call that trains and a sleep in the
    module (lich2000117/streaming-feature-store's training-scheduler service runs `scheduler.py --interval
    600`, whose loop calls `self._run_training_job()`, which runs train.py, then waits out the interval)."""
    if not any((dotted(c.func) or "").rsplit(".", 1)[-1] == "sleep" for c in src.call_nodes):
        return None
    for node in src.of_types(ast.While):
        if not (isinstance(node.test, ast.Constant) and node.test.value in (True, 1)):
            continue
        for stmt in node.body:
            for c in ast.walk(stmt):
                if isinstance(c, ast.Call) and re.search(r"train", ast.unparse(c.func) + " ".join(
                        a.value for a in ast.walk(c) if isinstance(a, ast.Constant) and isinstance(a.value, str)),
                                                         re.I):
                    return node.lineno
    return None


def _schedule_line(index: RepoIndex, path: str) -> int | None:
    """The line of a real schedule in Python (a `schedule=`/`cron=` argument that is not None, or a
    recurring-run call); commented-out schedules do not count."""
    src = index.python(path, keep=False)  # a line is kept
    if src is None:
        return None
    loop = _clock_loop(src)
    if loop is not None:
        return loop
    for node in src.call_nodes:
        f = node.func
        name = f.attr if isinstance(f, ast.Attribute) else f.id if isinstance(f, ast.Name) else ""
        if name in ("create_recurring_run", "PipelineJobSchedule", "create_schedule"):
            return node.lineno
        # a clock loop: `schedule.every().day.at("02:00").do(run_ml_training)`, APScheduler's
        # `scheduler.add_job(retrain, "cron", hour=2)` or `@scheduler.scheduled_job("interval", hours=24)`
        if name == "do" and "schedule.every(" in ast.unparse(f):
            return node.lineno
        if name in ("add_job", "scheduled_job") and any(
                isinstance(a, ast.Constant) and a.value in ("cron", "interval") for a in [*node.args, *(
                    k.value for k in node.keywords if k.arg == "trigger")]):
            return node.lineno
        if "profil" in name.lower():  # a profiler's `schedule=` picks the steps it traces, not when to retrain
            continue
        for k in node.keywords:
            if k.arg in ("schedule", "schedule_interval", "cron", "interval", "schedules") and not (
                    isinstance(k.value, ast.Constant) and k.value.value in (None, "", "@once")):
                return node.lineno
    return None


def staleness(ctx: Context) -> Outcome:
    if not _watched(ctx):
        return Outcome(Status.NOT_APPLICABLE, _NOT_SERVED)
    age = [a for a in alert_rules(ctx.index) if "age" in a.categories]
    if age:
        a = age[0]
        return Outcome(Status.PASS, f"alert `{a.name}` fires on model age ({a.path})", evidence=(a.path,),
                       automated=True)
    schedules = _retraining_schedules(ctx)
    if schedules:
        path, line, what = schedules[0]
        return Outcome(Status.PARTIAL, f"{what} ({path}), but no alert fires when the serving model gets old",
                       findings=(Finding(path, line, "models are retrained on a schedule, but nothing alerts when a "
                                         "retraining fails and the serving model grows old", level=Level.PARTIAL,
                                         key="schedule without age alert", confidence=Confidence.MEDIUM,
                                         remediation="Export the serving model's training time as a metric and "
                                         "alert on it: `time() - model_trained_timestamp_seconds > 14 * 86400`."),),
                       evidence=(path,))
    path, line, what = _served_target(ctx)
    return Outcome(Status.FAIL, "no model-age alert and no retraining schedule", findings=(
        Finding(path, line, f"{what} can serve an arbitrarily old model: no age alert and no retraining schedule",
                key="no staleness check", scope=Scope.REPOSITORY, confidence=_sure_served(ctx),
                remediation="Alert on model age (`time() - model_trained_timestamp_seconds > 14 * 86400`) and "
                "retrain on a schedule."),))


# ---------------------------------------------------------------------------- mon-numeric-guards
_DL = lazyre.compile(r"^\s*(?:import|from)\s+(torch|tensorflow|keras|jax|flax|lightning|pytorch_lightning|mxnet|"
                     r"paddle|optax)\b", re.M)
_GUARD_CALLS = frozenset({"TerminateOnNaN", "check_numerics", "enable_check_numerics", "set_detect_anomaly",
                          "detect_anomaly", "assert_all_finite", "check_finite"})
_FINITE_WORDS = ("isfinite", "isnan", "isinf", "isneginf", "isposinf", "all_finite", "has_nan")
_FINITE = lazyre.compile(rf"\b({'|'.join(_FINITE_WORDS)})\b")


def _guards(src: PySource) -> int | None:
    """The line of the first numeric guard in a source, if any."""
    # a test can only spell a finiteness check that the source's text spells (an identifier, attribute or
    # string of it): without one in the text, no condition is unparsed
    tests = (ast.If, ast.Assert, ast.IfExp) if lazyre.search_from(_FINITE, src.text, _FINITE_WORDS) else ()
    for node in src.of_types(ast.Call, *tests):
        if isinstance(node, ast.Call):
            f = node.func
            name = f.attr if isinstance(f, ast.Attribute) else f.id if isinstance(f, ast.Name) else ""
            if name in _GUARD_CALLS:
                return src.where(node.lineno)[0]
            for k in node.keywords:
                if k.arg in ("detect_anomaly", "terminate_on_nan") and isinstance(k.value, ast.Constant) \
                        and k.value.value is True:
                    return src.where(node.lineno)[0]
            if name == "seterr" and any(isinstance(k.value, ast.Constant) and k.value.value == "raise"
                                        for k in node.keywords):
                return src.where(node.lineno)[0]
        elif isinstance(node, (ast.If, ast.Assert, ast.IfExp)) and _FINITE.search(ast.unparse(node.test)):
            return src.where(node.lineno)[0]
    return None


# what a source's text spells when _guards finds a guard: a guard call's name, a keyword that switches one on,
# `seterr`, or a finiteness test (_FINITE); "nan" alone is also in "maintenance", "nano", "finance"
_GUARD_WORDS = sorted({*_GUARD_CALLS, "detect_anomaly", "terminate_on_nan", "seterr", "isfinite", "isnan", "isinf",
                       "isneginf", "isposinf", "all_finite", "has_nan"})
# the same words for the pre-filter: a file that spells none has no guard, known from the first search of the
# files (searching each module's text for them at its parse was 2-3% of darts: "nan" is in most of its modules)
_GUARD_NEEDLES = Needles(*_GUARD_WORDS)


def _first_guard(path: str, sources: list[PySource]) -> int | None:
    """The line of a module's (or notebook's) first numeric guard: a summary, so that its tree need not be
    kept or parsed again for mon-numeric-guards."""
    for src in sources:
        if not any(word in src.text for word in _GUARD_WORDS):  # one search per word: the alternation was
            # tried at every position of the text (1% of peft, whose notebooks' cells are each a source)
            continue
        line = _guards(src)
        if line is not None:
            return line
    return None


def _may_ask_guard(index: RepoIndex, path: str) -> bool:
    """Whether mon-numeric-guards may ask a file's "mon-guard" summary: it asks the code paths only, never a test
    module (``_code_paths``: a test module is one of ``test_sources``, which holds every ``.py`` file
    ``is_test_path`` names). Made at every drop, the summary walked the tests that spell a guard word (diffusers 42
    of 49 summaries, darts 15 of 21, peft 13 of 50; ~1 ms each), which no one asks."""
    return "mon-numeric-guards" in index.rules and not (path.endswith(".py") and is_test_path(path))


RepoIndex.summariser("mon-guard", _first_guard, needles=(_GUARD_NEEDLES,), absent=None, at_drop=_may_ask_guard)


def numeric_guards(ctx: Context) -> Outcome:
    index = ctx.index
    serving = {h.path for h in _handlers(ctx)}
    is_served = ctx.model.serves
    # numeric instability is a concern of gradient training: trees and linear solvers fail loudly on NaN input.
    # The training code is the repository model's (scripts and modules that fit a model)
    training = [p for p in ctx.model.training_scripts if _DL.search(index.text(p) or "")]
    if not training and not is_served:
        return Outcome(Status.NOT_APPLICABLE, "no gradient-trained model code (PyTorch, TensorFlow, JAX) and no "
                       "serving code found")
    train_guard: tuple[str, int | None] | None = None
    serve_guard: tuple[str, int | None] | None = None
    training_side: set[str] | None = None  # read when a guard outside serving asks
    for path in _code_paths(index, _NAN_CODE):
        line = index.summary("mon-guard", path)  # the file's first guard, read at its first parse
        if line is None:
            continue
        if path in serving:
            serve_guard = serve_guard or (path, line)
        elif train_guard is None:
            # a guard guards training where training runs: the training code or a module it imports, not a
            # data-validation script that rejects NaN inputs (SalisMaxima/ct_scan_mlops's validate.py)
            if training_side is None:
                from mlgate.facts.pycode import import_closure

                model = ctx.model
                training_side = import_closure(index, sorted({*model.training_scripts,
                                                              *(c.path for c in model.training_code)}), depth=4)
            if path in training_side or not training:
                train_guard = (path, line)
    nan_alerts = [a for a in alert_rules(index) if "nan" in a.categories]
    if nan_alerts and serve_guard is None:
        serve_guard = (nan_alerts[0].path, nan_alerts[0].line)
    findings: list[Finding] = []
    if training and train_guard is None:
        findings.append(Finding(training[0], None, "training never checks for NaN or Inf: a diverged run still saves "
                                "a model", key="training unguarded", scope=Scope.REPOSITORY,
                                confidence=Confidence.MEDIUM,
                                remediation="Stop on the first non-finite loss: `if not torch.isfinite(loss): raise "
                                "FloatingPointError(...)`, Keras `callbacks=[TerminateOnNaN()]`, or Lightning "
                                "`Trainer(detect_anomaly=True)`."))
    if is_served and serve_guard is None:
        path, line, what = _served_target(ctx)
        findings.append(Finding(path, line, f"{what} returns whatever the model outputs, NaN included",
                                key="serving unguarded", scope=Scope.REPOSITORY, confidence=_sure_served(ctx),
                                remediation="Reject non-finite scores (`if not np.isfinite(score): raise ...`) and "
                                "count them in a metric you alert on."))
    sides = int(bool(training)) + int(is_served)
    if findings and len(findings) < sides:
        findings = [dataclasses.replace(f, level=Level.PARTIAL) for f in findings]
    evidence = tuple(g[0] for g in (train_guard, serve_guard) if g)
    if not findings:
        return Outcome(Status.PASS, "numeric guards in " + " and ".join(
            w for w, g in (("training", train_guard), ("serving", serve_guard)) if g), evidence=evidence,
            automated=True)
    status = Status.PARTIAL if all(f.level is Level.PARTIAL for f in findings) else Status.FAIL
    summary = "only one side checks for NaN/Inf" if status is Status.PARTIAL else "nothing checks for NaN or Inf"
    return Outcome(status, summary, tuple(findings), evidence)


# ---------------------------------------------------------------------------- mon-dependency-watch
_DATA_CONTRACT = lazyre.compile(r"(^|/)([\w.-]*\.)?datacontract\.ya?ml$")
_RENOVATE = (".github/renovate.json", ".github/renovate.json5", "renovate.json", "renovate.json5", ".renovaterc",
             ".renovaterc.json", ".gitlab/renovate.json", ".renovaterc.json5")
# a JavaScript project's manifest, watched as well: the Python declarations are the repository model's
_PACKAGE_JSON = lazyre.compile(r"(^|/)package\.json$", needs=("package.json",))


_LOCK_FILE = lazyre.compile(r"(^|/)(poetry\.lock|uv\.lock|Pipfile\.lock|pdm\.lock|pixi\.lock|conda-lock\.ya?ml"
                            r"|[\w.-]+\.conda-lock\.ya?ml)$")
_TOOL_REQUIREMENTS = lazyre.compile(r"(^|/)([\w.-]*[-_.]requirements[\w.-]*\.(txt|in)|requirements/[^/]+)$")


_DEPENDENCY_AUDIT = lazyre.compile(
    r"\b(uv\s+(lock\s+(-U|--upgrade)\b|audit\b|pip\s+list\s+--outdated)|pip-audit\b|safety\s+(check|scan)\b"
    r"|osv-scanner\b|pip\s+list\s+--outdated|poetry\s+(show\s+--outdated|update)\b"
    r"|pip-compile\b.*\s(-U|--upgrade)\b)")


def dependency_watch(ctx: Context) -> Outcome:
    index = ctx.index
    # the dependency declarations of the repository model (conda environment files included)
    declared = {c.path for c in ctx.model.dependencies}
    dep_files = [p for p in index.files if (p in declared or _PACKAGE_JSON.search(p))
                 and not re.search(r"(^|/)(tests?|examples?|docs?)/", p)]
    imports: list[str] = []
    for path in index.with_suffix(".dvc"):
        for doc in index.yaml(path):
            deps = doc.get("deps") if isinstance(doc, dict) else None
            if isinstance(deps, list) and any(isinstance(d, dict) and isinstance(d.get("repo"), dict) for d in deps):
                imports.append(path)
    if not dep_files and not imports:
        return Outcome(Status.NOT_APPLICABLE, "no declared dependencies and no imported data")
    watchers: list[str] = []
    for path in (".github/dependabot.yml", ".github/dependabot.yaml"):
        if index.exists(path):
            docs = index.yaml(path)
            updates = docs[0].get("updates") if docs and isinstance(docs[0], dict) else None
            if isinstance(updates, list) and updates:
                watchers.append(path)
    watchers += [p for p in _RENOVATE if index.exists(p)]
    # a scheduled job that resolves the newest versions or audits them (`uv lock -U` then `uv audit`,
    # pip-audit, safety): its failure notifies the maintainers, as a Dependabot alert does
    watchers += list(dict.fromkeys(r.path for job, r in ci_reached(index) if job.scheduled
                                   and _DEPENDENCY_AUDIT.search(r.command)))
    # a `dvc update`/`dvc status` job watches data sources only when there are imports to watch: without
    # one it checks that dvc.lock matches the pipeline's own stages (poprox-recommender, on pull requests)
    data_watch = list(dict.fromkeys(r.path for job, r in ci_reached(index) if (job.scheduled or job.on_change)
                                    and re.search(r"\bdvc\s+(update|status|data\s+status)\b", r.command))) \
        if imports else []
    data_watch += [p for p in index.files if p.endswith(("datacontract.yaml", "datacontract.yml"))
                   and _DATA_CONTRACT.search(p)]
    evidence = tuple(watchers + data_watch)
    if watchers and (not imports or data_watch):
        what = "code dependencies" + (" and imported data" if imports else "")
        return Outcome(Status.PASS, f"{what} are watched ({', '.join(evidence)})", evidence=evidence, automated=True)
    if watchers:
        return Outcome(Status.PARTIAL, f"code dependencies are watched ({watchers[0]}); {len(imports)} imported "
                       "dataset(s) are not", findings=(
                           Finding(imports[0], None, "this DVC import is never checked against its upstream "
                                   "repository: upstream data can change without anyone hearing of it",
                                   level=Level.PARTIAL, key="data import unwatched",
                                   remediation="Add a scheduled workflow that runs `dvc update --no-download` on "
                                   "your imports and opens a pull request when upstream data changed."),),
                       evidence=evidence)
    # the project's own declaration: before a tooling one (dev-requirements.txt, requirements/docs.txt), a lock
    # file or a package.json, and the shallowest (a frontend's web/package.json sorts before pyproject.toml)
    target = min(dep_files, key=lambda p: (bool(_TOOL_REQUIREMENTS.search(p)), bool(_LOCK_FILE.search(p)),
                                           bool(_PACKAGE_JSON.search(p)), p.count("/"))) if dep_files \
        else imports[0]
    level = Level.PARTIAL if data_watch else Level.FAIL
    return Outcome(Status.PARTIAL if data_watch else Status.FAIL,
                   "no Dependabot or Renovate configuration watches the dependencies", findings=(
                       Finding(target, None, "dependency updates and advisories arrive only when someone looks: no "
                               "Dependabot or Renovate configuration", level=level, key="no dependency watch",
                               scope=Scope.REPOSITORY,
                               remediation="Add .github/dependabot.yml with a weekly `pip` (and `github-actions`) "
                               "update, or a renovate.json."),), evidence=evidence)


RULES: dict[str, RuleFn] = {
    "mon-alert-rules": alert_rules_rule,
    "mon-drift": drift,
    "mon-serving-schema": serving_schema,
    "mon-prediction-logging": prediction_logging,
    "mon-staleness": staleness,
    "mon-numeric-guards": numeric_guards,
    "mon-dependency-watch": dependency_watch,
}
