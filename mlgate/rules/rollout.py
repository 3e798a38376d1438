"""Rollout rules: Infra 4 (quality validated before serving), Infra 6 (canary, shadow, serving smoke
test) and Infra 7 (rollback), read from deployment manifests, pipeline code and CI."""

from __future__ import annotations

import ast
import copy
import posixpath
import re

from mlgate import lazyre
from mlgate.facts.ci import (
    CHANGE_EVENTS,
    CiJob,
    Reached,
    TestRun,
    ci_jobs,
    ci_reached,
    runs_tests,
    tests_run_on_change,
)
from mlgate.facts.deploy import RAW_KSERVE_MODES, DeployFact, bento_builds, deploy_facts
from mlgate.facts.features import DATA_LIBRARIES, imports_data_library
from mlgate.facts.imports import file_imports
from mlgate.facts.project import in_library_package, library_packages
from mlgate.facts.pycode import given_baseline
from mlgate.facts.python import Unit, resolve_function, unit_for
from mlgate.facts.tests import python_files, test_files, test_sources
from mlgate.model import Confidence, Finding, Level, Outcome, Scope, Status
from mlgate.patterns import in_folders, is_dockerfile
from mlgate.records import dataclass
from mlgate.repo import Needles, PySource, RepoIndex, walk_nodes, walk_statements, yaml_line
from mlgate.rules.base import Context, RuleFn

_CANARY_FIX = {
    "KServe InferenceService": "Set `canaryTrafficPercent: 10` under `spec.predictor` (Serverless mode) and raise it "
    "only while the new revision's metrics stay healthy; or manage the rollout with Argo Rollouts / Flagger.",
    "Argo Rollout": "Add `setWeight: 10` and `pause` steps followed by an `analysis` step under "
    "`strategy.canary.steps`.",
    "SageMaker Endpoint": "Set `DeploymentConfig.BlueGreenUpdatePolicy.TrafficRoutingConfiguration` to `Type: CANARY` "
    "with `CanarySize: {Type: CAPACITY_PERCENT, Value: 10}` and `AutoRollbackConfiguration` alarms.",
    "SageMaker Endpoint (CDK)": "Pass `deployment_config=CfnEndpoint.DeploymentConfigProperty(blue_green_update_policy="
    "...)` with `traffic_routing_configuration` of type `CANARY` (`canary_size` 10%) and `auto_rollback_configuration` "
    "alarms.",
    "AWS Lambda (CLI)": "Publish a version and shift traffic through a weighted alias (`aws lambda update-alias "
    "--routing-config AdditionalVersionWeights={<new>=0.1}`) or CodeDeploy's `Canary10Percent5Minutes`.",
    "SAM function": "Use `DeploymentPreference: {Type: Canary10Percent5Minutes, Alarms: [...]}`.",
    "Kubernetes Deployment": "Replace the Deployment with an Argo Rollouts `Rollout` whose `strategy.canary.steps` "
    "send 10% of traffic to the new model and run an `analysis` before promotion, or let a Flagger `Canary` "
    "manage it.",
    "Kubernetes StatefulSet": "Serve the model from a Deployment managed by Argo Rollouts or Flagger, so a new model "
    "takes a small traffic share first and is promoted on healthy metrics.",
    "SeldonDeployment": "Add a second predictor for the candidate with `traffic: 10` (the main one keeps 90), or a "
    "Seldon Core v2 `Experiment` with weighted candidates.",
    "Vertex AI endpoint": "Deploy the new model with `traffic_percentage=10` and raise it after checking its metrics.",
    "SageMaker SDK deploy": "Update the endpoint with a `DeploymentConfig` whose traffic routing is CANARY or LINEAR.",
}
_DEFAULT_FIX = "Ship new models to a small traffic share first and promote on healthy metrics."
# KServe without Knative cannot split one InferenceService's traffic (canaryTrafficPercent is ignored)
_KSERVE_RAW_FIX = ("In RawDeployment mode KServe cannot split traffic: serve the new model as a second "
                   "InferenceService and send it a small weighted share of requests (an Istio VirtualService or "
                   "Gateway API HTTPRoute `weight`) while its metrics stay healthy, or switch to Serverless mode "
                   "and set `canaryTrafficPercent: 10`.")


def _canary_fix(f: DeployFact) -> str:
    if f.system == "KServe InferenceService" and f.detail.startswith(tuple(f"{m} mode:" for m in RAW_KSERVE_MODES)):
        return _KSERVE_RAW_FIX
    return _CANARY_FIX.get(f.system, _DEFAULT_FIX)


def _deploy(ctx: Context) -> tuple[list[DeployFact], list[DeployFact]]:
    facts = deploy_facts(ctx.index, ctx.config.deploy)
    return [f for f in facts if f.signal != "unparseable"], [f for f in facts if f.signal == "unparseable"]


def _no_deploy(unparseable: list[DeployFact]) -> Outcome:
    if unparseable:
        return Outcome(Status.UNKNOWN, f"{len(unparseable)} templated manifest(s) could not be read even with "
                       "placeholders filled in", evidence=tuple(sorted({f.path for f in unparseable})))
    return Outcome(Status.NOT_APPLICABLE, "no deployment configuration found")


def _objects(facts: list[DeployFact]) -> list[DeployFact]:
    seen: dict[tuple[str, str, str], DeployFact] = {}
    for f in facts:
        if f.signal == "deploy":
            seen.setdefault((f.path, f.system, f.name), f)
    return list(seen.values())


def _sure(f: DeployFact) -> Confidence:
    """A fact read from a manifest's field is high confidence; one read from SDK calls in Python, JavaScript or
    TypeScript code (whose arguments may be variables) is medium."""
    if f.system.endswith("(CLI)"):  # a shell command: which function serves which model is inferred
        return Confidence.MEDIUM
    if f.system in ("Kubernetes Deployment", "Kubernetes StatefulSet"):  # which image serves the model: inferred
        return Confidence.MEDIUM
    if f.system.endswith("(CDK)"):  # a construct's properties, read as literally as a template's
        return Confidence.HIGH
    return Confidence.MEDIUM if f.path.endswith((".py", ".ipynb", ".js", ".mjs", ".cjs", ".ts")) else Confidence.HIGH


def _label(f: DeployFact) -> str:
    return f"{f.system} `{f.name}`" if f.name not in ("?", "") else f.system


# ---------------------------------------------------------------------------- rollout-canary
def canary(ctx: Context) -> Outcome:
    facts, unparseable = _deploy(ctx)
    if not facts:
        return _no_deploy(unparseable)
    canaries = [f for f in facts if f.signal == "canary"]
    aao = [f for f in facts if f.signal == "all-at-once"]
    unresolved = [f for f in facts if f.signal == "unresolved"]
    findings: list[Finding] = []
    level = Level.PARTIAL if canaries else Level.FAIL
    for f in aao:
        findings.append(Finding(f.path, f.line, f"{_label(f)}: {f.detail}", level=level,
                                key=f"all at once {f.system} {f.name}", confidence=_sure(f),
                                remediation=_canary_fix(f)))
    evidence = tuple(sorted({f.path for f in canaries}))
    if not canaries and not aao:
        if unresolved:
            return Outcome(Status.UNKNOWN, "the traffic settings come from template values mlgate could not "
                           f"resolve ({unresolved[0].path}); set them in values.yaml to have them checked",
                           evidence=tuple(sorted({f.path for f in unresolved})))
        first = _objects(facts)[0] if _objects(facts) else facts[0]
        findings.append(Finding(first.path, first.line, f"{_label(first)} has no canary: a new model takes all "
                                "traffic at once", key="no canary", scope=Scope.REPOSITORY, confidence=_sure(first),
                                remediation=_canary_fix(first)))
    automated = [f for f in canaries if f.automated]
    if canaries and not automated:
        f = canaries[0]
        findings.append(Finding(f.path, f.line, f"{_label(f)}: {f.detail}: traffic is split, but nothing checks the "
                                "canary's metrics before promotion", level=Level.PARTIAL, key="canary without analysis",
                                confidence=_sure(f),
                                remediation="Gate promotion on metrics: an Argo Rollouts `analysis` step, a Flagger "
                                "`Canary` with `metrics`, or SageMaker traffic routing with rollback alarms."))
    if any(x.level is Level.FAIL for x in findings):
        return Outcome(Status.FAIL, f"{len(aao) or 1} deployment(s) send all traffic to a new model at once",
                       tuple(findings), evidence)
    if findings:
        what = "canary with automated analysis" if automated else "traffic split by weights only"
        return Outcome(Status.PARTIAL, f"{what} ({canaries[0].path}); {len(findings)} finding(s)", tuple(findings),
                       evidence)
    f = automated[0]
    return Outcome(Status.PASS, f"canary with automated checks: {_label(f)}, {f.detail}", (), evidence, automated=True)


# ---------------------------------------------------------------------------- rollout-shadow
def shadow(ctx: Context) -> Outcome:
    facts, unparseable = _deploy(ctx)
    if not facts:
        return _no_deploy(unparseable)
    shadows = [f for f in facts if f.signal == "shadow"]
    if shadows:
        f = shadows[0]
        return Outcome(Status.PASS, f"shadow traffic: {_label(f)}, {f.detail}",
                       evidence=tuple(sorted({s.path for s in shadows})), automated=True)
    objects = _objects(facts) or facts
    first = objects[0]
    return Outcome(Status.FAIL, f"{len(objects)} deployment(s), none mirrors traffic to a candidate", findings=(
        Finding(first.path, first.line, f"{_label(first)} has no shadow deployment: a candidate never sees live "
                "traffic before it serves users", key="no shadow", scope=Scope.REPOSITORY, confidence=_sure(first),
                remediation="Mirror production requests to the candidate: a Seldon predictor with `shadow: true`, "
                "an Istio `mirror` with `mirrorPercentage`, or SageMaker `ShadowProductionVariants`."),))


# ---------------------------------------------------------------------------- rollout-rollback
_BACK = Needles("back", "Back")
_RUNBOOK = lazyre.compile(r"^#{1,4}\s.*\broll(?:ing)?[ -]?back\b", re.I | re.M)


def _runbooks(index: RepoIndex) -> list[str]:
    out = []
    for path in index.with_suffix(".md", ".rst"):
        name = path.rsplit("/", 1)[-1].lower()
        if "rollback" in name or "runbook" in name or (
                index.contains(path, _BACK) and _RUNBOOK.search(index.text(path) or "")):
            out.append(path)
    return out


_ROLLBACK_JOB = lazyre.compile(r"^\s*-?\s*(?:stage|job|deployment|name|displayName)\s*:\s*[\"']?[\w .-]*?"
                               r"\broll[ _-]?back\b|^\s{2}roll[_-]?back\w*\s*:\s*$", re.I | re.M)


def _rollback_jobs(index: RepoIndex) -> list[tuple[str, int]]:
    """CI stages or jobs named for a rollback (`stage: 'Rollback'`, a `rollback:` job): redeploying the
    previous version is scripted, though nothing watches the model to start it."""
    from mlgate.facts.ci import ci_files

    out = []
    for path in ci_files(index):
        text = index.text(path) or ""
        m = _ROLLBACK_JOB.search(text)
        if m:
            out.append((path, text.count("\n", 0, m.start()) + 1))
    return out


def rollback(ctx: Context) -> Outcome:
    facts, unparseable = _deploy(ctx)
    if not facts:
        return _no_deploy(unparseable)
    auto = [f for f in facts if f.signal == "rollback" and f.automated]
    manual = [f for f in facts if f.signal == "rollback" and not f.automated]
    findings: list[Finding] = []
    for f in facts:
        if f.signal == "no-history":
            findings.append(Finding(f.path, f.line, f"{_label(f)}: {f.detail}", level=Level.PARTIAL,
                                    key="no revision history", confidence=_sure(f),
                                    remediation="Keep at least one previous revision "
                                    "(`revisionHistoryLimit: 2` or more)."))
    if auto:
        f = auto[0]
        status = Status.PARTIAL if findings else Status.PASS
        return Outcome(status, f"automated rollback: {_label(f)}, {f.detail}", tuple(findings),
                       tuple(sorted({a.path for a in auto})), automated=status is Status.PASS)
    runbooks = _runbooks(ctx.index)
    jobs = _rollback_jobs(ctx.index)
    objects = _objects(facts) or facts
    first = objects[0]
    if manual or runbooks or jobs:
        how = manual[0].detail if manual else f"documented in {runbooks[0]}" if runbooks else \
            f"a CI rollback job in {jobs[0][0]}, started by hand or on a failed stage"
        where = manual[0] if manual else first
        runbooks = runbooks + [p for p, _line in jobs]
        findings.append(Finding(where.path, where.line, f"rollback is manual ({how}); nothing rolls back on alarms",
                                level=Level.PARTIAL, key="manual rollback", scope=Scope.REPOSITORY,
                                confidence=_sure(where),
                                remediation="Wire rollback to alarms: SageMaker `AutoRollbackConfiguration`, SAM "
                                "`DeploymentPreference.Alarms`, or an Argo Rollouts / Flagger analysis."))
        return Outcome(Status.PARTIAL, f"rollback is possible by hand ({how})", tuple(findings),
                       tuple(runbooks))
    return Outcome(Status.FAIL, f"{len(objects)} deployment(s) with no automated or documented rollback", findings=(
        Finding(first.path, first.line, f"{_label(first)}: no automated rollback and no rollback runbook",
                key="no rollback", scope=Scope.REPOSITORY, confidence=_sure(first),
                remediation="Configure alarm-triggered rollback (SageMaker `AutoRollbackConfiguration.Alarms`, SAM "
                "`DeploymentPreference.Alarms`, Argo Rollouts analysis), and document how to redeploy the previous "
                "model version."),))


# ---------------------------------------------------------------------------- rollout-quality-gate
_METRIC = lazyre.compile(r"(?i)(auc|roc|accuracy|\bacc\b|_acc\b|f1|precision|recall|rmse|(?:\b|_)mse\b|(?:\b|_)mae\b|"
                         r"mape|\br2\b|"
                         r"loss|score|metric|logloss|ndcg|\bmap\b|bleu|rouge|\bwer\b|perplexity|iou)")
_BASELINE = lazyre.compile(r"(?i)(baseline|champion|production|\bprod|current|previous|\bprev|deployed|serving|"
                           r"\bold|\bbest|incumbent|reference|latest)")
_PROMOTE_CALLS = frozenset({"set_registered_model_alias", "transition_model_version_stage", "register_model",
                            "create_model_version", "Pusher", "RegisterModel", "update_model_version", "set_stage",
                            "add_version_aliases"})


# `run.parent.cancel()`: an Azure ML pipeline step that stops the run before the model is registered
_STOP_CALLS = frozenset({"exit", "abort", "fail", "cancel"}) | _PROMOTE_CALLS
# A file can hold a quality gate or a promotion only if it mentions one of these (a byte search before
# parsing): registry calls, evaluators, or the import of a data or ML library for an `if metric < x`.
_GATE_NEEDLES = Needles("register", "Pusher", "alias", "transition_model", "set_stage", "validate_evaluation_results",
                        "Evaluator", "ConditionStep", "ChoiceRule", "model_version",
                        *(f"import {lib}" for lib in DATA_LIBRARIES),
                        *(f"from {lib}" for lib in DATA_LIBRARIES))


@dataclass(frozen=True)
class _Gate:
    path: str
    line: int | None
    absolute: bool
    comparison: bool
    what: str


def _call_name(node: ast.Call) -> str:
    f = node.func
    return f.attr if isinstance(f, ast.Attribute) else f.id if isinstance(f, ast.Name) else ""


def _promotes(name: str, text: str) -> bool:
    """A model-registry promotion in its library's context: MLflow registry calls, TFX Pusher, SageMaker
    Pipelines RegisterModel, ZenML's Model.set_stage (not KServe's or TorchServe's `register_model` of a
    model server)."""
    if name == "Pusher":
        return "tfx" in text
    if name == "RegisterModel":
        return "sagemaker" in text
    if name == "set_stage":  # ZenML: `model.set_stage("production", force=True)`
        return "zenml" in text
    if name == "add_version_aliases":  # Vertex AI Model Registry: moves an alias such as "default" to a version
        return "aiplatform" in text
    return "mlflow" in text.lower() or "MlflowClient" in text


_BLOCKS = (ast.stmt, ast.excepthandler, ast.match_case)


class _Exits:
    """Whether statements leave the code path (a ``raise``, a ``return`` or a stop call such as ``sys.exit``
    or ``pytest.fail``, anywhere inside them), for the ``if`` statements of one module: each statement is
    judged once and its answer kept, so an ``if``/``elif`` chain (nested ``if`` statements in ``orelse``)
    costs one walk of the module, not one walk of the rest of the chain per branch (yolov5: 6% of its scan).
    Iterative: an ``elif`` chain is as deep as it is long."""

    def __init__(self, stop_calls: bool = True) -> None:
        self._known: dict[int, bool] = {}
        self._held: list[ast.AST] = []  # the nodes judged, so that an id is never reused while kept
        # whether the module makes any stop call: in most it makes none, and no expression need be walked
        self._stop_calls = stop_calls

    def __call__(self, nodes: list[ast.stmt]) -> bool:
        return any(self._judge(n) for n in nodes)

    def _judge(self, root: ast.AST) -> bool:
        known = self._known
        stack: list[tuple[ast.AST, bool]] = [(root, False)]
        while stack:
            node, expanded = stack.pop()
            if id(node) in known:
                continue
            blocks = [c for c in ast.iter_child_nodes(node) if isinstance(c, _BLOCKS)]
            if not expanded:
                if isinstance(node, (ast.Raise, ast.Return)) or (self._stop_calls and any(
                        _stops(c) for c in ast.iter_child_nodes(node) if not isinstance(c, _BLOCKS))):
                    known[id(node)] = True
                    self._held.append(node)
                    continue
                pending = [c for c in blocks if id(c) not in known]
                if pending:
                    stack.append((node, True))
                    stack += [(c, False) for c in pending]
                    continue
            known[id(node)] = any(known[id(c)] for c in blocks)
            self._held.append(node)
        return known[id(root)]


def _stops(expr: ast.AST) -> bool:
    """A stop call (``exit()``, ``sys.exit(1)``, ``pytest.fail(...)``, a promotion) in an expression."""
    return any(isinstance(sub, ast.Call) and _call_name(sub) in _STOP_CALLS for sub in walk_nodes(expr))


# Names that hold a run's configuration: `cfg.lr > 0` or `args.score_threshold < 1` checks a setting,
# not a model's metric.
_CONFIG_ROOTS = frozenset({"cfg", "config", "conf", "configs", "args", "opt", "opts", "options", "hparams",
                           "hp", "hps", "params", "settings", "flags", "environ", "env", "kwargs"})


def _setting(node: ast.expr) -> bool:
    """A configuration value or a count: an attribute or item of a config object (``cfg.lr``,
    ``cfg["eval"]["min_f1"]``, ``self.hparams.lr``, ``os.environ["X"]``), or ``len(...)``."""
    if isinstance(node, ast.Call):
        return (isinstance(node.func, ast.Name) and node.func.id == "len") or (
            isinstance(node.func, ast.Attribute) and node.func.attr == "get" and _setting(node.func.value))
    chain: list[str] = []
    cur: ast.expr = node
    while isinstance(cur, ast.Attribute | ast.Subscript):
        if isinstance(cur, ast.Attribute):
            chain.append(cur.attr.lower())
        cur = cur.value
    if not chain and not isinstance(node, ast.Subscript):
        return False
    if isinstance(cur, ast.Name):
        chain.append(cur.id.lower())
    return bool(set(chain) & _CONFIG_ROOTS)


def _compare_kind(test: ast.expr) -> tuple[bool, bool] | None:
    for node in walk_nodes(test):
        if isinstance(node, ast.Compare) and len(node.ops) == 1 and \
                isinstance(node.ops[0], (ast.Gt, ast.GtE, ast.Lt, ast.LtE)):
            sides = (node.left, node.comparators[0])
            if all(isinstance(side, ast.Constant) or _setting(side) for side in sides):
                continue  # a check of the configuration (`cfg.lr > 0`, `len(splits) < 3`), not of a model
            left, right = ast.unparse(node.left), ast.unparse(node.comparators[0])
            if not (_METRIC.search(left) or _METRIC.search(right)):
                continue
            literal = isinstance(node.comparators[0], ast.Constant) or isinstance(node.left, ast.Constant)
            constant = literal or bool(re.search(r"(?i)thresh|min_|max_|floor|limit", left + right))
            # a score held against a number is a floor, whatever the score is called: `best_model_score < 0.6`
            # checks the best of the candidates, not the serving model's score
            baseline = not literal and bool(_BASELINE.search(left) or _BASELINE.search(right))
            return (constant and not baseline, baseline)
    return None


def _single_assignments(src: PySource) -> dict[str, ast.expr | None]:
    """Name -> the value of its one assignment in a source (None: assigned more than once)."""
    values: dict[str, ast.expr | None] = {}
    for node in src.of_types(ast.Assign):
        if len(node.targets) == 1 and isinstance(node.targets[0], ast.Name):
            name = node.targets[0].id
            values[name] = None if name in values else node.value
    return values


def _expanded(test: ast.expr, values: dict[str, ast.expr | None]) -> ast.expr:
    """An `if flag:` whose flag was assigned a comparison reads as that comparison, with the names it compares
    replaced by what they were assigned: `challenger_wins = challenger_error < champion_error` after
    `champion_error = metrics_champion[metric]` compares the two models' metrics. Only a bare name tested, and
    bare names compared, are replaced (never the root of `args.threshold`), and only names assigned once
    (``values``: _single_assignments of the source)."""
    if not isinstance(test, ast.Name):
        return test
    value = values.get(test.id)
    if value is None:
        return test
    out = copy.deepcopy(value)
    for cmp in ast.walk(out):
        if isinstance(cmp, ast.Compare):
            operands = [cmp.left, *cmp.comparators]
            swapped = [copy.deepcopy(v) if isinstance(o, ast.Name) and (v := values.get(o.id)) is not None else o
                       for o in operands]
            cmp.left, cmp.comparators = swapped[0], swapped[1:]
    return out


def _assigned_calls(tree: ast.AST) -> dict[str, list[ast.Call]]:
    """Names bound to a call's result (``ok = f(x)``, ``ok, report = f(x)``), with the calls."""
    out: dict[str, list[ast.Call]] = {}
    for node in walk_statements(tree):  # assignments are statements: ast.walk's order without the expressions
        if isinstance(node, ast.Assign) and isinstance(node.value, ast.Call):
            for target in node.targets:
                for name in walk_nodes(target):
                    if isinstance(name, ast.Name):
                        out.setdefault(name.id, []).append(node.value)
    return out


def _metric_checks(fn: ast.FunctionDef | ast.AsyncFunctionDef) -> tuple[bool, bool] | None:
    """The metric comparisons a function makes, each compared local name read through its assignment
    (``gain = candidate_auc - champion_auc`` then ``gain >= min_gain`` compares with the champion):
    (absolute floor, comparison with a baseline), or None when it compares no metric."""
    values: dict[str, ast.expr] = {}
    for node in walk_statements(fn):
        if isinstance(node, ast.Assign) and len(node.targets) == 1 and isinstance(node.targets[0], ast.Name):
            values[node.targets[0].id] = node.value
        elif isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name) and node.value is not None:
            values[node.target.id] = node.value
    found: tuple[bool, bool] | None = None
    for node in walk_nodes(fn):
        if isinstance(node, ast.Compare) and len(node.ops) == 1:
            left, right = (values.get(side.id, side) if isinstance(side, ast.Name) else side
                           for side in (node.left, node.comparators[0]))
            kind = _compare_kind(ast.Compare(left=left, ops=node.ops, comparators=[right]))
            if kind:
                found = (kind[0] or bool(found and found[0]), kind[1] or bool(found and found[1]))
    return found


def _decision_checks(index: RepoIndex, unit: Unit, fn: ast.FunctionDef | ast.AsyncFunctionDef,
                     seen: set[tuple[str, str]]) -> tuple[bool, bool] | None:
    """What a repository function that returns a promotion decision checks: its own metric comparisons,
    or those of the repository function whose result it returns (followed up to three calls deep)."""
    if (unit.path, fn.name) in seen or len(seen) > 3:
        return None
    seen.add((unit.path, fn.name))
    returned = [n.value for n in walk_statements(fn) if isinstance(n, ast.Return) and n.value is not None
                and not (isinstance(n.value, ast.Constant) and n.value.value is None)]
    if not returned:
        return None
    own = _metric_checks(fn)
    if own:
        return own
    names = {n.id for r in returned for n in walk_nodes(r) if isinstance(n, ast.Name)}
    calls = [n for r in returned for n in walk_nodes(r) if isinstance(n, ast.Call)]
    calls += [c for name, found in _assigned_calls(fn).items() if name in names for c in found]
    for call in calls:
        qualified = unit.qualname(call.func)
        target = resolve_function(index, unit, qualified) if qualified else None
        if target is not None and (kind := _decision_checks(index, *target, seen)):
            return kind
    return None


def _followed_decision(index: RepoIndex, path: str, node: ast.If,
                       assigned: dict[str, list[ast.Call]]) -> tuple[bool, bool, str] | None:
    """A branch on a decision that a repository function returned (``if accepted:`` after ``accepted, _ =
    challenger_beats_champion(run)``, or ``if is_better(run):``) when that function compares metrics."""
    unit = unit_for(index, path)
    if unit is None:
        return None
    calls = [n for n in walk_nodes(node.test) if isinstance(n, ast.Call)]
    calls += [c for n in walk_nodes(node.test) if isinstance(n, ast.Name) for c in assigned.get(n.id, [])]
    for call in calls:
        qualified = unit.qualname(call.func)
        target = resolve_function(index, unit, qualified) if qualified else None
        if target is not None and (kind := _decision_checks(index, *target, set())):
            return kind[0], kind[1], f"the decision of `{target[1].name}` ({target[0].path})"
    return None


# Azure ML, ZenML and Vertex AI code evaluates and registers models
_ML_PLATFORM = lazyre.compile(r"^\s*(?:from|import)\s+(?:azureml|zenml|google\.cloud(?:\.aiplatform|\s+import\s+"
                              r"aiplatform))\b", re.M)
# a library's code outside its package: its examples and docs, and its benchmarks and scripts too (a
# benchmark that checks a score promotes no model); samples/ and tutorials/ are left as they were judged
_EXAMPLE_DIRS = in_folders("examples?", "docs?", "benchmarks?", "scripts?")


_NUMERIC_CHOICES = frozenset({"NumericLessThan", "NumericLessThanEquals", "NumericGreaterThan",
                              "NumericGreaterThanEquals"})
# the calls ``_gates_of`` judges by their name (a promotion, an evaluator, a condition)
_GATE_CALLS = _PROMOTE_CALLS | _NUMERIC_CHOICES | {"validate_evaluation_results", "evaluate", "Evaluator",
                                                   "ConditionStep"}


def _gate_candidates(index: RepoIndex) -> list[str]:
    """The modules and notebooks that may hold a quality gate or a promotion: one memo, which the base of a
    comparison takes from the working tree when the changed files' answers to the pre-filter are the same."""

    def compute() -> list[str]:
        tests = set(test_sources(index))
        library = bool(library_packages(index))
        return [p for p in index.containing((p for p in python_files(index) if p not in tests), _GATE_NEEDLES)
                # a library's package and its examples promote no model of the library's own
                if not (library and (in_library_package(index, p) or _EXAMPLE_DIRS.search(p)))]

    return index.memo("quality-gate-candidates", compute)


_GatesFound = tuple[list[_Gate], list[tuple[str, int | None, str]]]


def _gates_and_promotions(index: RepoIndex) -> _GatesFound:
    def compute() -> _GatesFound:
        gates: list[_Gate] = []
        promotions: list[tuple[str, int | None, str]] = []
        for path in _gate_candidates(index):
            found = _gates_in(index, path)
            gates += found[0]
            promotions += found[1]
        return gates, promotions

    return index.memo("quality-gates", compute)


def _gates_in(index: RepoIndex, path: str, at_hand: list[PySource] | None = None) -> _GatesFound:
    """The gates and promotions of one candidate module or notebook, read once: from its parse at hand (a drop,
    ``_gates_at_drop``) or one not kept (what is kept of them is paths and lines)."""
    return index.memo(f"rollout:gates:{path}", lambda: _gates_of(
        index, at_hand if at_hand is not None else list(index.python_sources([path], keep=False))))


def _gates_of(index: RepoIndex, sources: list[PySource]) -> _GatesFound:
    gates: list[_Gate] = []
    promotions: list[tuple[str, int | None, str]] = []
    for src in sources:
        text = src.text
        # an `if metric < x: exit` counts only in code that handles models or data: elsewhere a
        # comparison of a "score" (a lint score, a readiness score) is no quality gate
        ml_code = imports_data_library(index, src.path) or _ML_PLATFORM.search(text) is not None
        # code that promotes models may act on a decision made elsewhere: `ok, report = compare(run)`
        # then `if ok: ...`, with the metric comparison inside `compare` (another module's function)
        called = {_call_name(c) for c in src.call_nodes}
        promotes_here = any(_promotes(name, text) for name in called & _PROMOTE_CALLS)
        assigned = _assigned_calls(src.tree) if promotes_here else {}
        assignments: dict[str, ast.expr | None] | None = None
        exits_in = _Exits(not called.isdisjoint(_STOP_CALLS))
        stop_flags: set[str] | None = None  # names an exiting `if` tests: asked once per source, when needed
        mlflow = "mlflow" in text
        for node in src.of_types(ast.Call, ast.If, ast.Assert):
            if isinstance(node, ast.Call):
                name = _call_name(node)
                if name not in _GATE_CALLS and not (mlflow and node.keywords):
                    continue  # nearly every call: none of the names below, nor `registered_model_name=` with MLflow
            line = src.where(getattr(node, "lineno", None))[0]
            if isinstance(node, ast.Call):
                kws = {k.arg for k in node.keywords if k.arg}
                # `mlflow.sklearn.log_model(..., registered_model_name=...)` (or autolog) registers; a response
                # model or a table row given that field (`ModelVersionRead(...)`, SQLAlchemy `.values(...)`) does not
                if (name in _PROMOTE_CALLS and _promotes(name, text)) or (
                        "registered_model_name" in kws and mlflow and name in ("log_model", "autolog")):
                    promotions.append((src.path, line, name if name in _PROMOTE_CALLS else "log_model"))
                if name == "validate_evaluation_results" or (name == "evaluate" and "validation_thresholds" in kws):
                    # `baseline_model=None` compares with nothing: only a given baseline counts
                    comparison = given_baseline(node, name)
                    absolute = "threshold=" in text or "MetricThreshold(" in text
                    gates.append(_Gate(src.path, line, absolute, comparison, "MLflow model validation"))
                elif name == "Evaluator" and ("value_threshold" in text or "change_threshold" in text
                                              or "MetricThreshold" in text):
                    gates.append(_Gate(src.path, line, "value_threshold" in text or "GenericValueThreshold" in text,
                                       "change_threshold" in text or "GenericChangeThreshold" in text,
                                       "TFX Evaluator thresholds"))
                elif name == "ConditionStep":
                    gates.append(_Gate(src.path, line, True, False, "SageMaker Pipelines ConditionStep"))
                elif name in _NUMERIC_CHOICES and "stepfunctions" in text and re.search(r"\bFail\(", text):
                    # AWS Step Functions Data Science SDK: a Choice state that sends the workflow to a Fail
                    # state unless a metric of the training job is below (or above) a constant
                    gates.append(_Gate(src.path, line, True, False, "Step Functions Choice on a metric"))
            elif isinstance(node, ast.If) and (ml_code or promotes_here):
                exits = exits_in(node.body) or exits_in(node.orelse)
                if not exits and ml_code and (recorded := _recorded_failures(node.body)):
                    # `if rmse > cfg.rmse_threshold: errors.append(...)` and later `if errors: return`: the check
                    # stops the run through the list (or flag) it records its failure in
                    if stop_flags is None:
                        stop_flags = _stop_flags(src, exits_in)
                    exits = not recorded.isdisjoint(stop_flags)
                if exits and ml_code and isinstance(node.test, ast.Name) and assignments is None:
                    assignments = _single_assignments(src)  # once per source, and only when asked
                kind = _compare_kind(_expanded(node.test, assignments or {})) if ml_code and exits else None
                if kind and exits:
                    gates.append(_Gate(src.path, line, kind[0], kind[1], "metric check in code"))
                elif exits and promotes_here and (followed := _followed_decision(index, src.path, node, assigned)):
                    gates.append(_Gate(src.path, line, *followed))
            elif isinstance(node, ast.Assert):
                kind = _compare_kind(node.test)
                if kind:
                    gates.append(_Gate(src.path, line, kind[0], kind[1], "metric assertion"))
    return gates, promotions


def _recorded_failures(body: list[ast.stmt]) -> set[str]:
    """Names a branch records a failure in rather than stopping: `errors.append(...)`, `failures.extend(...)`,
    `problems += [...]`, or a flag set to a constant (`passed = False`)."""
    out: set[str] = set()
    for stmt in body:
        if isinstance(stmt, ast.Expr) and isinstance(stmt.value, ast.Call):
            f = stmt.value.func
            if isinstance(f, ast.Attribute) and f.attr in ("append", "extend", "add") and isinstance(f.value, ast.Name):
                out.add(f.value.id)
        elif isinstance(stmt, ast.AugAssign) and isinstance(stmt.target, ast.Name):
            out.add(stmt.target.id)
        elif isinstance(stmt, ast.Assign) and isinstance(stmt.value, ast.Constant) \
                and isinstance(stmt.value.value, bool):
            out.update(t.id for t in stmt.targets if isinstance(t, ast.Name))
    return out


def _stop_flags(src: PySource, exits_in: _Exits) -> set[str]:
    """The names that the test of an `if` leaving the code path reads (`if errors:`, `if len(failures) > 0:`,
    `if not passed: return`)."""
    return {n.id for node in src.of_types(ast.If) if exits_in(node.body) or exits_in(node.orelse)
            for n in walk_nodes(node.test) if isinstance(n, ast.Name)}


def _gates_at_drop(index: RepoIndex, path: str, sources: list[PySource]) -> None:
    """A candidate's gates from its first parse, when a sweep drops it: the rule reads the candidates (nearly
    every module of an ML project: karunru/kaggle_monorepo 10M characters) after the sweeps, and parsed again
    each one they had dropped, keeping them all to the end."""
    if sources and "rollout-quality-gate" in index.rules \
            and path in index.memo("quality-gate-candidate-set", lambda: frozenset(_gate_candidates(index))):
        _gates_in(index, path, sources)


RepoIndex.at_drop(_gates_at_drop)


_COMMENT_ACTION = lazyre.compile(r"comment", re.I)
_METRIC_FILE = lazyre.compile(r"eval|metric|accuracy", re.I)  # not a coverage or lint report


def _metric_comments(index: RepoIndex) -> list[tuple[str, int | None]]:
    """Pull-request workflow steps that post evaluation results as a comment (a comment action whose body
    or file names evaluation or metric results): people review the numbers before merging."""
    out: list[tuple[str, int | None]] = []
    for path in index.under(".github/workflows"):
        if not path.endswith((".yml", ".yaml")):
            continue
        for doc in index.yaml(path):
            on = doc.get("on", doc.get(True)) if isinstance(doc, dict) else None
            if not isinstance(on, (dict, list, str)) or not {"pull_request", "pull_request_target"} & (
                    set(on) if isinstance(on, (dict, list)) else {on}):
                continue
            jobs = doc.get("jobs") if isinstance(doc, dict) else None
            for job in jobs.values() if isinstance(jobs, dict) else []:
                steps = job.get("steps") if isinstance(job, dict) else None
                for step in steps if isinstance(steps, list) else []:
                    if isinstance(step, dict) and isinstance(step.get("uses"), str) \
                            and _COMMENT_ACTION.search(step["uses"].split("@")[0]) \
                            and _METRIC_FILE.search(str(step.get("with"))):
                        out.append((path, yaml_line(step, "uses")))
    return out


def _test_metric_asserts(index: RepoIndex) -> dict[str, tuple[int, bool, bool]]:
    """Test files that assert a model metric against a floor or a baseline (`assert acc > 0.7`): path ->
    (line, absolute, comparison) of the first such assertion."""

    def compute() -> dict[str, tuple[int, bool, bool]]:
        out: dict[str, tuple[int, bool, bool]] = {}
        for src in index.python_sources(sorted(test_sources(index))):
            if src.cell is not None or src.path in out:
                continue
            for node in src.of_types(ast.Assert):
                kind = _compare_kind(node.test) if isinstance(node, ast.Assert) else None
                if kind:
                    out[src.path] = (node.lineno, kind[0], kind[1])
                    break
        return out

    return index.memo("quality-gate-test-asserts", compute)


def _runs_file(run: TestRun, path: str) -> bool:
    """Does the test run reach ``path`` (its whole suite, or a file or folder it names)?"""
    if not run.paths:
        return True
    for p in run.paths:
        named = posixpath.normpath(posixpath.join(run.cwd, p)) if run.cwd else posixpath.normpath(p)
        if path == named or named in (".", "") or path.startswith(named.rstrip("/") + "/"):
            return True
    return False


def _tested_before(index: RepoIndex, job: CiJob, r: Reached) -> _Gate | None:
    """A metric assertion in a test that CI runs before the step ``r`` of ``job``: earlier in the same job,
    or in a job it needs (a push job that runs only when the job testing the trained model passed)."""
    asserts = _test_metric_asserts(index)
    if not asserts:
        return None
    runs = [t for t in job.tests if t.chain and r.line is not None and (t.chain[0].line or 0) < r.line]
    jobs = {j.name: j for j in ci_jobs(index) if j.path == job.path}
    pending, seen = list(job.needs), {job.name}
    while pending:
        name = pending.pop()
        needed = jobs.get(name)
        if needed is None or name in seen:
            continue
        seen.add(name)
        runs += needed.tests
        pending += needed.needs
    for run in runs:
        for path, (line, absolute, comparison) in sorted(asserts.items()):
            if _runs_file(run, path):
                return _Gate(path, line, absolute, comparison, f"metric assertion in {path} (run by CI before "
                             f"the push, {run.chain[0].where() if run.chain else job.path})")
    return None


def _image_pushes(ctx: Context) -> list[tuple[str, int | None, str, _Gate | None]]:
    """Workflow steps run on push that publish a container image (`docker push`, `docker/build-push-action`
    with `push: true`), in a repository whose own image serves the model (a Dockerfile that starts a model
    server: the repository model's serving units), each with the test assertion on a metric that CI runs
    before it, if any."""
    if ctx.model.is_library or not any(is_dockerfile(c.path) for c in ctx.model.serving):
        return []
    out: list[tuple[str, int | None, str, _Gate | None]] = []
    for job, r in ci_reached(ctx.index):
        if "push" in job.triggers and re.search(r"\bdocker\s+push\b", r.command) \
                and not any(o[:2] == (r.path, r.line) for o in out):  # one per step
            out.append((r.path, r.line, "docker push", _tested_before(ctx.index, job, r)))
    # the jobs' triggers as the CI facts read them: a workflow's own `on:`, a reusable workflow's callers', and
    # the pushes of the workflow a `workflow_run` follows
    triggers = {(j.path, j.name): j.triggers for j in ci_jobs(ctx.index) if j.system == "github"}
    for path in ctx.index.under(".github/workflows"):
        if not path.endswith((".yml", ".yaml")):
            continue
        for doc in ctx.index.yaml(path):
            jobs = doc.get("jobs") if isinstance(doc, dict) else None
            for name, job in jobs.items() if isinstance(jobs, dict) else []:
                if "push" not in triggers.get((path, str(name)), frozenset()):
                    continue
                steps = job.get("steps") if isinstance(job, dict) else None
                for step in steps if isinstance(steps, list) else []:
                    if isinstance(step, dict) and str(step.get("uses", "")).startswith("docker/build-push-action@") \
                            and isinstance(step.get("with"), dict) and step["with"].get("push") in (True, "true"):
                        out.append((path, yaml_line(step, "uses"), "docker/build-push-action", None))
    return out


def quality_gate(ctx: Context) -> Outcome:
    index = ctx.index
    gates, promotions = _gates_and_promotions(index)
    facts, _unparseable = _deploy(ctx)
    manual = [(r.path, r.line) for _job, r in ci_reached(index)
              if re.search(r"\bdvc\s+metrics\s+diff\b|\bcml\s+(comment|send-comment)", r.command)]
    manual += _metric_comments(index)
    # deploying from code (boto3, SageMaker SDK, Vertex SDK) is a promotion too
    promotions = promotions + [(f.path, f.line, f"{f.name}") for f in facts
                               if f.signal == "deploy" and f.path.endswith((".py", ".ipynb"))
                               and f.name != "create_endpoint_config"]
    # publishing the image that serves the model (built with it, or loading it) on every push is a release,
    # gated when CI first runs a test that asserts a metric of the model
    for p_path, p_line, what, tested in _image_pushes(ctx):
        if tested is None:
            promotions.append((p_path, p_line, what))
        elif tested not in gates:
            gates = [*gates, tested]
    if not promotions and not _objects(facts) and not gates:
        return Outcome(Status.NOT_APPLICABLE, "the repository neither promotes nor deploys a model")
    if ctx.model.is_library and not _objects(facts):
        return Outcome(Status.NOT_APPLICABLE, "a published library: it neither promotes nor deploys a model of "
                       "its own (metric checks in its examples and tests gate nothing)")
    if not promotions and not gates and not manual and not ctx.model.trains:
        return Outcome(Status.UNKNOWN, "deployment manifests only: the pipeline that trains and promotes models "
                       "is not in this repository, so its quality gate cannot be seen here",
                       evidence=tuple(sorted({f.path for f in _objects(facts)})))
    absolute = [g for g in gates if g.absolute]
    comparison = [g for g in gates if g.comparison]
    evidence = tuple(sorted({g.path for g in gates}))
    if absolute and comparison:
        return Outcome(Status.PASS, f"promotion is gated on a metric floor ({absolute[0].what}, {absolute[0].path}) "
                       f"and a comparison with the serving model ({comparison[0].what}, {comparison[0].path})",
                       evidence=evidence, automated=True)
    if gates:
        g = gates[0]
        missing = "a comparison with the serving model" if absolute else "an absolute metric floor"
        return Outcome(Status.PARTIAL, f"{g.what} at {g.path}, but not {missing}", findings=(
            Finding(g.path, g.line, f"{g.what} checks {'a floor' if absolute else 'against a baseline'} but not "
                    f"{missing}", level=Level.PARTIAL, key="gate incomplete",
                    confidence=Confidence.MEDIUM,
                    remediation="Check both: an absolute floor for slow degradation and a comparison with the "
                    "current production model for sudden drops, e.g. `mlflow.validate_evaluation_results(... "
                    "MetricThreshold(threshold=0.8, min_absolute_change=0.002) ..., baseline_result=...)`."),),
            evidence=evidence)
    if manual:
        m_path, m_line = manual[0]
        return Outcome(Status.PARTIAL, "metrics are compared in CI for people to review, but nothing blocks "
                       "promotion on them", findings=(
                           Finding(m_path, m_line, "metrics are reported for review (no failing threshold)",
                                   level=Level.PARTIAL, key="manual metrics review", confidence=Confidence.MEDIUM,
                                   remediation="Fail the job when the candidate is below a floor or worse than the "
                                   "production model, before registering or deploying it."),),
                       evidence=(m_path,))
    # promotion by hand in a notebook, where someone looks at the numbers first, is manual review at best
    findings = [Finding(p, line, f"`{what}` promotes a model by hand in a notebook; nothing checks its metrics "
                        "automatically" if p.endswith(".ipynb") else
                        f"`{what}` promotes a model with no evaluation gate before it",
                        level=Level.PARTIAL if p.endswith(".ipynb") else Level.FAIL, key=f"ungated {what}",
                        confidence=Confidence.MEDIUM,  # gates are recognised by their shape in code
                        remediation="Evaluate the candidate against a floor and against the serving model first, "
                        "and promote only when both pass (`mlflow.validate_evaluation_results(...)`).")
                for p, line, what in promotions]
    if not findings:
        first = _objects(facts)[0]
        findings.append(Finding(first.path, first.line, f"{_label(first)} is deployed with no evaluation gate "
                                "in the repository", key="ungated deploy", scope=Scope.REPOSITORY,
                                confidence=Confidence.MEDIUM,
                                remediation="Add a pipeline step that blocks deployment unless the candidate "
                                "meets a metric floor and does not fall behind the serving model."))
    if all(f.level is Level.PARTIAL for f in findings):
        return Outcome(Status.PARTIAL, f"{len(findings)} promotion(s) by hand in notebooks, no automated gate",
                       tuple(findings))
    return Outcome(Status.FAIL, f"{len(findings)} promotion(s) without a quality gate", tuple(findings))


# ---------------------------------------------------------------------------- rollout-serving-smoke
_BUILD = lazyre.compile(r"\bdocker(?:-compose|\s+compose)?\s+(?:build|buildx|run|compose|up)\b|\bbentoml\s+"
                        r"(?:build|containerize|serve)\b|\buvicorn\b|\bgunicorn\b|\bmlserver\s+start\b|"
                        r"\btorchserve\s+--start\b|\bkserve\b|\bflask\s+run\b|\bmlflow\s+models\s+serve\b|"
                        r"\baz\s+ml\s+(?:model\s+deploy|online-deployment\s+create)\b|"
                        # a serving deployment applied (or waited for) on the cluster by the job
                        r"\bkubectl\s+(?:apply|create|wait|rollout\s+status)\b")
_CLIENT_CALLS = Needles("TestClient", "test_client(", ".post(", "predict")
_CURL = Needles("curl", "http POST", "https POST")  # curl, or HTTPie (`http POST localhost:8000/predict text=...`)
_REQUEST = lazyre.compile(r"\bcurl\b[^\n]*(?:predict|invocations|infer|score|classify|v1/models|v2/models|-d\s|"
                          r"--data|-X\s*POST)|"
                          r"\bwget\b[^\n]*(?:predict|invocations|infer)|\bhttp\s+POST\b|requests\.post\(|"
                          r"\bsmoke\b|\bhealth[-_]?check\b")
# what every match of _REQUEST starts with: a document is searched from these alone (lazyre.search_from), not from
# every position of its text (a README that mentions curl: 2% of a check of Made-With-ML)
_REQUEST_STARTS = ("curl", "wget", "http", "requests.post(", "smoke", "health")
# searched in whole test and helper files: answered at once for a text without the words every match holds
_POSTING = lazyre.compile(r"requests\.post\(|httpx\.post\(|urlopen\(|\.invoke\(",
                          needs=("requests.post(", "httpx.post(", "urlopen(", ".invoke("))
_HTTP_POST = lazyre.compile(r"\b(?:requests|httpx)\.post\(|urlopen\(",  # an HTTP request, not a chain's .invoke(
                            needs=("requests.post(", "httpx.post(", "urlopen("))
_COMPOSE_ACTION = lazyre.compile(r"(^|/)[\w.-]*compose[\w.-]*action@|^isbang/compose-action@", re.I)
_LOCAL_POST = lazyre.compile(r"(requests|httpx|session|client)\.post\(|urlopen\(")
_LOCAL_URL = lazyre.compile(r"https?://(localhost|127\.0\.0\.1|0\.0\.0\.0)[:/]")


def _compose_then_tests(index: RepoIndex) -> tuple[str, list[str]] | None:
    """A GitHub workflow job, run on every change, that starts the compose stack with a compose action
    (`hoverkraft-tech/compose-action`, `isbang/compose-action`, ...) and then runs the test suite, where
    a test posts a request to the stack on localhost: a serving smoke test (workflow, tests)."""
    posting = [t for t in test_sources(index) if t.endswith(".py")
               and _LOCAL_POST.search(index.text(t) or "") and _LOCAL_URL.search(index.text(t) or "")]
    if not posting:
        return None
    for path in index.under(".github/workflows"):
        if not path.endswith((".yml", ".yaml")):
            continue
        for doc in index.yaml(path):
            on = doc.get("on", doc.get(True)) if isinstance(doc, dict) else None
            events = set(on) if isinstance(on, (dict, list)) else {on} if isinstance(on, str) else set()
            jobs = doc.get("jobs") if isinstance(doc, dict) else None
            if not events & CHANGE_EVENTS or not isinstance(jobs, dict):
                continue
            for job in jobs.values():
                steps = job.get("steps") if isinstance(job, dict) else None
                started = False
                for step in steps if isinstance(steps, list) else []:
                    if not isinstance(step, dict):
                        continue
                    if isinstance(step.get("uses"), str) and _COMPOSE_ACTION.search(step["uses"]):
                        started = True
                    elif started and isinstance(step.get("run"), str) and runs_tests(step["run"]):
                        return path, posting
    return None


# a test or script that sends a deployed endpoint a prediction (Vertex AI and SageMaker SDKs, HTTP)
_ENDPOINT_CALL = lazyre.compile(r"\.predict\(|\binvoke_endpoint\(|\.raw_predict\(|requests\.post\(|httpx\.post\(")
_SCRIPT_PATH = lazyre.compile(r"([\w./-]+\.py)\b")  # a script a command names (`tests/x.py::test_y` too)


def _endpoint_smoke(ctx: Context) -> Outcome | None:
    """A model deployed from code to a managed endpoint (Vertex AI, SageMaker: no serving app or image of the
    repository's own), and a CI pipeline that runs the deploying script and, in a later step, a test or
    script that sends the endpoint a prediction: every deployment is smoke-tested where it serves, whatever starts the
    pipeline. None when there is no such deployment or no such step."""
    facts, _unparseable = _deploy(ctx)
    deployers = {f.path for f in facts if f.signal == "deploy" and f.path.endswith(".py")}
    if not deployers:
        return None
    index = ctx.index
    by_file: dict[str, list[Reached]] = {}
    for _job, r in ci_reached(index):
        by_file.setdefault(r.path, []).append(r)
    for ci_path, reached in sorted(by_file.items()):
        # a script named relative to the directory its step runs in (`working-directory: deploy`)
        named = [(i, posixpath.normpath(posixpath.join(r.cwd, path))) for i, r in enumerate(reached)
                 for path in _SCRIPT_PATH.findall(r.command)]
        deployed_at = min((i for i, path in named if path in deployers), default=None)
        if deployed_at is None:
            continue
        for i, path in named:
            if i <= deployed_at or path in deployers or not index.exists(path):
                continue
            text = index.text(path) or ""
            # a prediction sent to the deployed endpoint, not a model scored in the test's own process
            if _ENDPOINT_CALL.search(text) and ("endpoint" in text.lower() or "requests.post(" in text):
                return Outcome(Status.PASS, f"{ci_path} deploys the model and then sends the endpoint a prediction "
                               f"({path})", evidence=(ci_path, path), automated=True)
    return None


_TEST_CLIENT = Needles("TestClient", "test_client(")
_POSTS = Needles(".post(")


def _fixture_client_tests(index: RepoIndex, serving_paths: set[str]) -> list[str]:
    """Test modules that post to the serving app through a client built elsewhere: the test posts
    (`client.post(...)`), a `TestClient` / Flask `test_client()` is made in it or in a conftest.py of its folder
    or a parent folder (a pytest fixture), and the app is reached through imports (`from app.main import
    get_app` in conftest.py, main.py including the router whose route predicts)."""
    from mlgate.facts.pycode import import_closure

    out = []
    for t in test_files(index):
        if not t.endswith(".py") or not index.contains(t, _POSTS):
            continue
        parts = t.split("/")[:-1]
        conftests = [p for p in ("/".join([*parts[:i], "conftest.py"]) for i in range(len(parts), -1, -1))
                     if index.exists(p)]
        roots = [t, *conftests]
        if any(index.contains(r, _TEST_CLIENT) for r in roots) \
                and import_closure(index, roots, depth=4) & serving_paths:
            out.append(t)
    return out


_ENDPOINT_NEEDLES = Needles("invoke_endpoint(", "Predictor(", "Endpoint(")


def _scores_endpoint(text: str) -> bool:
    """A notebook that sends the deployed endpoint a prediction request (boto3 `invoke_endpoint`, a SageMaker
    `Predictor(...)` or Vertex `aiplatform.Endpoint(...)` then `.predict(`): a smoke test run by hand."""
    return "invoke_endpoint(" in text or (".predict(" in text and re.search(r"\b(?:Predictor|Endpoint)\(", text)
                                          is not None)


def serving_smoke(ctx: Context) -> Outcome:
    index = ctx.index
    model = ctx.model
    handlers = ctx.serving_handlers()
    dockerfiles = sorted({c.path for c in model.serving if is_dockerfile(c.path)})
    bento = bento_builds(index)
    if not handlers and not dockerfiles and not bento:
        endpoint = _endpoint_smoke(ctx)
        if endpoint is not None:
            return endpoint
        return Outcome(Status.NOT_APPLICABLE, "no serving code found")
    # run on every change, on a schedule, or when the pipeline that trains the model completes
    auto = [r for job, r in ci_reached(index) if job.on_change or job.scheduled or "pipeline" in job.triggers]

    answered: dict[str, bool] = {}
    searched: dict[tuple[str, str], bool] = {}  # (pattern, file): commands name the same tests and helpers

    def search(pattern: re.Pattern[str], path: str) -> bool:
        key = (pattern.pattern, path)
        if key not in searched:
            searched[key] = pattern.search(index.text(path) or "") is not None
        return searched[key]

    def requests(command: str) -> bool:
        if command not in answered:
            answered[command] = posts(command)
        return answered[command]

    def posts(command: str) -> bool:
        if _REQUEST.search(command):
            return True
        # `python integration_test.py`: a script that posts to the service
        modules = [m.replace(".", "/") + ".py" for m in re.findall(r"\bpython[\d.]*\s+-m\s+([\w.]+)", command)]
        for script in _SCRIPT_PATH.findall(command) + modules:
            name = script.rsplit("/", 1)[-1]
            hits = [f for f in index.named(name) if f == script or f.endswith("/" + name)]
            if 0 < len(hits) <= 5 and any(search(_POSTING, h) for h in hits):
                return True
            # a test that posts through a client helper of the repository (`from client.scoring import score`)
            if 0 < len(hits) <= 5 and any(search(_POSTING, m) for h in hits
                                          for m in file_imports(index, h).modules if m.endswith(".py")):
                return True
        # `pytest -v tests/web_service`: a test folder whose tests post, themselves or through a helper module
        # of the repository they import (poprox-recommender's tests post to the container the job started)
        if runs_tests(command):
            folders = {tok.strip("'\"").rstrip("/") + "/" for tok in command.split() if not tok.startswith("-")}
            under = [t for t in test_files(index) if t.endswith(".py") and any(t.startswith(f) for f in folders)]
            if 0 < len(under) <= 50 and any(
                    search(_HTTP_POST, m) for t in under
                    for m in (t, *(x for x in file_imports(index, t).modules if x.endswith(".py")))):
                return True
        return False

    starts: dict[str, bool] = {}  # by command, and (below) by CI file: jobs reach the same commands many times

    def builds(command: str) -> bool:
        if command not in starts:
            starts[command] = _BUILD.search(command) is not None
        return starts[command]

    smoke = [c for c in auto if builds(c.command) and requests(c.command)]
    if not smoke:
        # a job that starts the server in one step and sends a request in another
        by_file: dict[str, list[str]] = {}
        for c in auto:
            by_file.setdefault(c.path, []).append(c.command)
        file_builds: dict[str, bool] = {}

        def builds_in(path: str) -> bool:
            if path not in file_builds:
                file_builds[path] = any(builds(other) for other in by_file[path])
            return file_builds[path]

        smoke = [c for c in auto if requests(c.command) and builds_in(c.path)]
    if smoke:
        c = smoke[0]
        return Outcome(Status.PASS, f"CI starts the serving app and sends it a request ({c.path})",
                       evidence=(c.path,), automated=True)
    composed = _compose_then_tests(index)
    if composed:
        workflow, tests = composed
        return Outcome(Status.PASS, f"CI starts the serving stack with a compose action and runs tests that post "
                       f"to it ({workflow}, {tests[0]})", evidence=(workflow, *tests), automated=True)
    serving_paths = {h.path for h in handlers}
    client_tests = [t for t in test_sources(index)
                    if file_imports(index, t).modules & serving_paths
                    and index.contains(t, _CLIENT_CALLS)] or _fixture_client_tests(index, serving_paths)
    tests_in_ci = tests_run_on_change(index)
    if client_tests and tests_in_ci:
        return Outcome(Status.PASS, f"a test in CI loads the serving app and scores a request ({client_tests[0]})",
                       evidence=tuple(client_tests), automated=True)
    target_path, target_line = (handlers[0].path, handlers[0].line) if handlers else \
        ((dockerfiles or bento)[0], None)
    if client_tests:
        return Outcome(Status.PARTIAL, f"{client_tests[0]} scores a request against the serving app, but CI does "
                       "not run it on every change", findings=(
                           Finding(client_tests[0], None, "the serving smoke test is not run by CI on every change",
                                   level=Level.PARTIAL, key="smoke test not in CI", confidence=Confidence.MEDIUM,
                                   remediation="Run the test suite (including this test) in CI on every pull "
                                   "request."),), evidence=tuple(client_tests))
    docs = [p for p in index.with_suffix(".md", ".rst")
            if index.contains(p, _CURL) and lazyre.search_from(_REQUEST, index.text(p) or "", _REQUEST_STARTS)]
    docs += [p for p in index.with_suffix(".ipynb") if index.contains(p, _ENDPOINT_NEEDLES)
             and _scores_endpoint(index.text(p) or "")]
    if docs:
        return Outcome(Status.PARTIAL, f"a manual smoke test is documented in {docs[0]}", findings=(
            Finding(target_path, target_line, f"the smoke test is manual ({docs[0]}): CI never loads the model in "
                    "the serving app", level=Level.PARTIAL, key="manual smoke test", scope=Scope.REPOSITORY,
                    confidence=Confidence.MEDIUM,
                    remediation="Run the documented request in CI against the built serving container."),),
            evidence=tuple(docs))
    return Outcome(Status.FAIL, "no CI step loads the model in the serving app and scores an example", findings=(
        Finding(target_path, target_line, "no CI step starts this serving code and sends it a prediction request",
                key="no serving smoke test", scope=Scope.REPOSITORY, confidence=Confidence.MEDIUM,
                remediation="Add a CI step that builds and starts the serving container and scores one example, "
                "e.g. `docker run -d -p 8080:8080 <image>` then `curl --fail -X POST localhost:8080/predict -d "
                "@tests/example.json`, or a test with FastAPI's `TestClient` that posts to the predict route."),))


RULES: dict[str, RuleFn] = {
    "rollout-canary": canary,
    "rollout-shadow": shadow,
    "rollout-rollback": rollback,
    "rollout-quality-gate": quality_gate,
    "rollout-serving-smoke": serving_smoke,
}
