"""Monitoring facts: alert rules classified by what they watch, scheduled jobs, and which files
something runs automatically (CI, pipeline stages, DAGs, CronJobs).

Alert sources: Prometheus rule files (alone, or as files of a ConfigMap that Prometheus mounts) and
``PrometheusRule`` objects (Helm templates rendered as in deploy.py), Grafana alert provisioning, CloudWatch
alarms in CloudFormation / SAM, Terraform ``aws_cloudwatch_metric_alarm`` and boto3 ``put_metric_alarm``
calls. An alert's categories come
from the metric names in its expression (label matchers and strings left out, except HTTP status
matchers) and from its name: latency, errors, resources (memory, CPU, throughput), model age,
NaN, prediction (distribution, drift, quality).
"""

from __future__ import annotations

import ast
import re
from typing import Any

from mlgate import lazyre
from mlgate.facts.deploy import manifest_documents
from mlgate.facts.pycode import aliases, dotted, qualify
from mlgate.facts.tests import code_files, is_test_file, test_sources
from mlgate.patterns import SAMPLE_CODE
from mlgate.records import dataclass
from mlgate.repo import Needles, RepoIndex, load_yaml_documents, yaml_line

CATEGORIES = ("latency", "errors", "resources", "age", "nan", "prediction")
_PATTERNS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("latency", lazyre.compile(r"latency|duration|response_time|_seconds_bucket|histogram_quantile|p9[59]|slow", re.I)),
    ("errors", lazyre.compile(r"error|5xx|4xx|fail|exception|unavailable|http_status|invocation[45]xx", re.I)),
    ("resources", lazyre.compile(r"memory|_rss|oom|working_set|cpu|gpu|disk|throughput|qps|requests_total|"
                                 r"^invocations$|utili[sz]ation|saturation|replicas|restarts", re.I)),
    # `age` as a word of the name (`model_age_seconds`, `AgeAlert`), not the start of another (`AgentSaturated`)
    ("age", lazyre.compile(r"stale|_age(?![a-z])|^age(?![a-z])|model_age|last_(train|update|success|run)|trained|"
                           r"freshness|model_(created|version)_timestamp|timestamp_seconds", re.I)),
    ("nan", lazyre.compile(r"nan\b|_nan|nans|non_?finite|infinite|\binf\b|_inf_", re.I)),
    ("prediction", lazyre.compile(r"predict|drift|psi\b|kl_div|confidence|accuracy|precision|recall|auc|"
                                  r"outlier|label|distribution|positive_rate|class_ratio|score_mean|model_quality",
                                  re.I)),
)

_ALERTING = Needles("alert", "AWS::CloudWatch::Alarm", "title")
_ALERT_EXPR = Needles("expr", "AWS::CloudWatch::Alarm")
_TF_ALARM = Needles("aws_cloudwatch_metric_alarm")
_PY_ALARM = Needles("put_metric_alarm", "CfnAlarm", "cloudwatch.Alarm(")


_ALERT_DOC = lazyre.compile(r"^\s*-?\s*(alert|expr)\s*:|AWS::CloudWatch::Alarm", re.M)


@dataclass(frozen=True)
class AlertRule:
    path: str
    line: int | None
    name: str
    categories: frozenset[str]
    source: str  # prometheus | grafana | cloudwatch


def classify(name: str, expr: str) -> frozenset[str]:
    found: set[str] = set()
    if re.search(r"(code|status|status_code)\s*=~?\s*\"5", expr):
        found.add("errors")
    if re.search(r"time\(\)\s*-", expr):
        found.add("age")
    bare = re.sub(r"\{[^}]*\}|\"[^\"]*\"|'[^']*'", " ", expr)
    tokens = re.findall(r"[A-Za-z_:][A-Za-z0-9_:]*", bare)
    words = [w for w in re.split(r"(?<=[a-z])(?=[A-Z])", name) if w] if name else []
    named = [*tokens, "_".join(w.lower() for w in words)]
    for token in named:
        for category, pattern in _PATTERNS:
            if pattern.search(token):
                found.add(category)
                break  # a latency metric named `prediction_latency_seconds` is latency, not prediction
    if "age" in found and any(_DATA_AGE.search(t) for t in named) and not any(_MODEL_AGE.search(t) for t in named):
        found.discard("age")
    return frozenset(found)


# The age of the data or features a model reads is not the model's: `StaleFeatures` on
# `feature_freshness_seconds`, `time() - feast_last_materialization_timestamp`, `DataFreshnessSLA` on
# `time() - last_ingested_timestamp_seconds` watch a feature store or an ingestion job, and a model trained a
# year ago reads fresh features as well as stale ones. Such an alert is a model-age alert only when its name
# or metrics also speak of the model or its training (`FeatureModelStale`, `model_feature_age_seconds`).
_DATA_AGE = lazyre.compile(r"feature|data|ingest|materiali[sz]|\betl|upstream", re.I)
_MODEL_AGE = lazyre.compile(r"model|train|deploy|reload|checkpoint", re.I)


def _prom_groups(c: list[AlertRule], path: str, groups: Any) -> None:
    for group in groups if isinstance(groups, list) else []:
        rules = group.get("rules") if isinstance(group, dict) else None
        for rule in rules if isinstance(rules, list) else []:
            if not isinstance(rule, dict):
                continue
            if "alert" in rule and "expr" in rule:
                c.append(AlertRule(path, yaml_line(rule, "alert"), str(rule["alert"]),
                                   classify(str(rule["alert"]), str(rule["expr"])), "prometheus"))
            elif "title" in rule and isinstance(rule.get("data"), list):  # Grafana alert provisioning
                exprs = " ".join(str(d.get("model", {}).get("expr", "")) for d in rule["data"]
                                 if isinstance(d, dict) and isinstance(d.get("model"), dict))
                c.append(AlertRule(path, yaml_line(rule, "title"), str(rule["title"]),
                                   classify(str(rule["title"]), exprs), "grafana"))


def _cloudwatch(c: list[AlertRule], path: str, doc: Any) -> None:
    resources = doc.get("Resources") if isinstance(doc, dict) else None
    if not isinstance(resources, dict):
        return
    for name, res in resources.items():
        if isinstance(res, dict) and res.get("Type") == "AWS::CloudWatch::Alarm":
            props: dict[Any, Any] = res["Properties"] if isinstance(res.get("Properties"), dict) else {}
            metric = str(props.get("MetricName", ""))
            metrics = props.get("Metrics")
            if isinstance(metrics, list):
                metric += " " + " ".join(str(m.get("MetricStat", {}).get("Metric", {}).get("MetricName", ""))
                                         for m in metrics if isinstance(m, dict)
                                         and isinstance(m.get("MetricStat"), dict)
                                         and isinstance(m["MetricStat"].get("Metric"), dict))
            c.append(AlertRule(path, yaml_line(resources, name), str(name),
                               classify(str(name), metric.replace(" ", "_ ")), "cloudwatch"))


def _configmap_rules(c: list[AlertRule], path: str, doc: dict[Any, Any]) -> None:
    """Prometheus rule files kept in a Kubernetes ConfigMap that Prometheus mounts (`data: {alerts.yml: |
    groups: ...}`): each file is read as one, its lines those of the manifest (a literal block starts on the
    line after its key)."""
    data = doc.get("data")
    if not isinstance(data, dict):
        return
    for key, value in data.items():
        if not (isinstance(value, str) and "groups" in value and _ALERT_DOC.search(value)):
            continue
        line = yaml_line(data, key) or 0
        for rules in load_yaml_documents("\n" * line + value, path, None):
            if isinstance(rules, dict) and "groups" in rules:
                _prom_groups(c, path, rules.get("groups"))


def _documents(index: RepoIndex, path: str) -> list[Any]:
    if path.endswith(".json"):
        # a JSON file is parsed (and kept) only when an alert or an expression is one of its keys: the words
        # alone are in any text (tatsu-lab/alpaca_eval's twenty 4 MB files of model outputs took 270 MB parsed)
        if not _ALERT_JSON.search(index.text(path) or ""):
            return []
        data = index.json(path)
        return [data] if data is not None else []
    return manifest_documents(index, path, _ALERT_DOC)


_ALERT_JSON = lazyre.compile(r'"(?:alert|expr)"\s*:|AWS::CloudWatch::Alarm')


def alert_rules(index: RepoIndex) -> list[AlertRule]:
    """Every alert rule of the repository."""

    def compute() -> list[AlertRule]:
        out: list[AlertRule] = []
        for path in index.files:
            lower = path.lower()
            if lower.startswith((".github/", ".gitlab/")) or "/tests/" in "/" + lower:
                continue
            if lower.endswith((".yaml", ".yml", ".json")):
                if not index.contains(path, _ALERTING):
                    continue
                if not index.contains(path, _ALERT_EXPR):
                    continue
                for doc in _documents(index, path):
                    if not isinstance(doc, dict):
                        continue
                    if doc.get("kind") == "PrometheusRule":
                        spec = doc.get("spec")
                        _prom_groups(out, path, spec.get("groups") if isinstance(spec, dict) else None)
                    elif "groups" in doc:
                        _prom_groups(out, path, doc.get("groups"))
                    elif "Resources" in doc:
                        _cloudwatch(out, path, doc)
                    elif doc.get("kind") == "ConfigMap":
                        _configmap_rules(out, path, doc)
            elif lower.endswith(".tf") and index.contains(path, _TF_ALARM):
                text = index.text(path) or ""
                for m in re.finditer(r'resource\s+"aws_cloudwatch_metric_alarm"\s+"([^"]+)"\s*\{', text):
                    body = text[m.end(): m.end() + 3000]
                    metric = re.search(r'metric_name\s*=\s*"([^"]+)"', body)
                    out.append(AlertRule(path, text.count("\n", 0, m.start()) + 1, m.group(1),
                                         classify(m.group(1), metric.group(1) if metric else ""), "cloudwatch"))
            elif lower.endswith(".py") and not is_test_file(path) and index.contains(path, _PY_ALARM):
                src = index.python(path)
                in_cdk = src is not None and "aws_cdk" in src.text
                for node in ast.walk(src.tree) if src else []:
                    cdk = _cdk_alarm(node) if in_cdk else None
                    if cdk is not None:
                        out.append(AlertRule(path, getattr(node, "lineno", None), cdk[0], classify(*cdk),
                                             "cloudwatch"))
                    elif isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) \
                            and node.func.attr == "put_metric_alarm":
                        kw = {k.arg: k.value for k in node.keywords if k.arg}
                        metric_node = kw.get("MetricName")
                        name_node = kw.get("AlarmName")
                        metric_s = metric_node.value if isinstance(metric_node, ast.Constant) else ""
                        name_s = name_node.value if isinstance(name_node, ast.Constant) else "put_metric_alarm"
                        out.append(AlertRule(path, node.lineno, str(name_s), classify(str(name_s), str(metric_s)),
                                             "cloudwatch"))
        return out

    return index.memo("alert-rules", compute)


def _cdk_alarm(node: ast.AST) -> tuple[str, str] | None:
    """(name, metric) of a CloudWatch alarm construct in a CDK app: `cloudwatch.CfnAlarm(self, "DriftAlarm",
    metric_name=...)` or `cloudwatch.Alarm(self, "Latency", metric=...)`; the name is the alarm_name when
    it is a literal, else the construct id."""
    if not isinstance(node, ast.Call) or len(node.args) < 2:
        return None
    f = node.func
    name = f.attr if isinstance(f, ast.Attribute) else f.id if isinstance(f, ast.Name) else ""
    owner = ast.unparse(f.value) if isinstance(f, ast.Attribute) else ""
    if name != "CfnAlarm" and not (name == "Alarm" and "cloudwatch" in owner):
        return None
    kw = {k.arg: k.value for k in node.keywords if k.arg}

    def text(key: str) -> str:
        v = kw.get(key)
        return v.value if isinstance(v, ast.Constant) and isinstance(v.value, str) else ""

    ident = node.args[1].value if isinstance(node.args[1], ast.Constant) else ""
    metric = text("metric_name") or (ast.unparse(kw["metric"]) if "metric" in kw else "")
    return (text("alarm_name") or str(ident) or name), metric


# ---------------------------------------------------------------------- drift and quality checks
_DRIFT_IMPORTS = lazyre.compile(r"^(evidently|whylogs|nannyml|alibi_detect|frouros|deepchecks|"
                                r"sagemaker\.model_monitor|google\.cloud\.aiplatform\.model_monitoring|"
                                r"tensorflow_data_validation)")
_DRIFT_CALLS = frozenset({
    "DefaultModelMonitor", "ModelQualityMonitor", "ModelBiasMonitor", "create_monitoring_schedule",
    "ModelDeploymentMonitoringJob", "create_model_deployment_monitoring_job", "Report", "TestSuite", "DataDriftPreset",
    "KSDrift", "MMDDrift", "TabularDrift", "ChiSquareDrift", "DataReconstructionDriftCalculator",
    "UnivariateDriftCalculator", "validate_statistics", "CfnMonitoringSchedule",
    # Evidently before 0.2 (still in the tutorials and courses written on it): a monitor that exports drift metrics
    # to Prometheus (`ModelMonitoring(monitors=[DataDriftMonitor()])`), an HTML dashboard and a JSON profile
    "ModelMonitoring", "Dashboard", "Profile"})
_SCHEDULED_CALLS = frozenset({"create_monitoring_schedule", "ModelDeploymentMonitoringJob",
                              "create_model_deployment_monitoring_job", "CfnMonitoringSchedule"})
_MONITOR_RESOURCES = Needles("AWS::SageMaker::MonitoringSchedule", "AWS::SageMaker::DataQualityJobDefinition",
                             "AWS::SageMaker::ModelQualityJobDefinition")
_TF_MONITOR = Needles("aws_sagemaker_monitoring_schedule")
_ALIBI = Needles("alibi-detect", "alibi_detect")
_SERVING_KINDS = Needles("InferenceService", "SeldonDeployment")
_MONITOR_CODE = Needles("evidently", "whylogs", "nannyml", "alibi_detect", "frouros", "deepchecks", "model_monitor",
                        "ModelMonitor", "monitoring_schedule", "model_monitoring", "ModelDeploymentMonitoringJob",
                        "tensorflow_data_validation", "CfnMonitoringSchedule")


_STAT_TESTS = frozenset({"ks_2samp", "chisquare", "chi2_contingency", "wasserstein_distance", "jensenshannon",
                         "anderson_ksamp", "mannwhitneyu", "energy_distance"})
_DRIFT_NAME = lazyre.compile(r"drift", re.I)
# the Population Stability Index or a divergence written by hand (`(actual - expected) * np.log(actual / expected)`
# in cchoooots98/mlops-bikeshare's publish_psi.py), in a module or function named for it or for drift
_DIVERGENCE_NAME = lazyre.compile(r"drift|(^|[_/])psi([_.]|$)|population_stability|divergence", re.I)
_LOG_CALLS = frozenset({"numpy.log", "math.log", "scipy.special.rel_entr", "scipy.special.kl_div",
                        "scipy.stats.entropy"})


def _statistical_drift_tests(index: RepoIndex, tests: set[str]) -> list[tuple[str, int | None, str, bool]]:
    """Drift checks written by hand: a two-sample statistical test from scipy (Kolmogorov-Smirnov,
    chi-square, Wasserstein ...) in a module or function named for drift, or the Population Stability Index
    (or a divergence) computed with a logarithm in a module or function named for it or for drift."""
    out: list[tuple[str, int | None, str, bool]] = []
    paths = [p for p in index.containing(index.containing((p for p in code_files(index) if p not in tests),
                                                          _STATS_LIBS), _DRIFT_WORD)
             if _DRIFT_NAME.search(p) or _DIVERGENCE_NAME.search(p.rsplit("/", 1)[-1])
             or _NAMED_FUNCTION.search(index.text(p) or "")]
    for src in index.python_sources(paths, keep=False):  # a path, a line and a label are kept
        if SAMPLE_CODE.search(src.path):
            continue
        table = aliases(src)
        for fn in [src.tree, *src.of_types(ast.FunctionDef)]:
            fn_name = fn.name if isinstance(fn, ast.FunctionDef) else ""
            named = _DRIFT_NAME.search(src.path) or _DRIFT_NAME.search(fn_name)
            by_hand = _DIVERGENCE_NAME.search(src.path.rsplit("/", 1)[-1]) or _DIVERGENCE_NAME.search(fn_name)
            if not named and not by_hand:
                continue
            hit, what = None, ""
            for c in ast.walk(fn):
                if not isinstance(c, ast.Call):
                    continue
                q = qualify(dotted(c.func) or "", table)
                last = (dotted(c.func) or "").rsplit(".", 1)[-1]
                if named and q.startswith("scipy.") and last in _STAT_TESTS:
                    hit, what = c, f"{last} (scipy.stats, a two-sample drift test)"
                    break
                if by_hand and q in _LOG_CALLS:
                    inner = [f.name for f in src.of_types(ast.FunctionDef)
                             if f.lineno <= c.lineno <= (f.end_lineno or f.lineno)]
                    where = f"{inner[-1]}()" if inner else src.path.rsplit("/", 1)[-1]
                    hit, what = c, f"{where} (a stability index or divergence computed by hand)"
                    break
            if hit is not None:
                out.append((src.path, src.where(hit.lineno)[0], what, False))
                break
    return out


# a function named for drift, the PSI or a divergence (what ``_DRIFT_NAME`` or ``_DIVERGENCE_NAME`` may find in a
# function's name): a module that neither its path nor any of its functions names so is not parsed for them (trl's
# trainers compute KL divergences with `log(`: 1M characters parsed again for nothing)
_NAMED_FUNCTION = lazyre.compile(r"\bdef\s+\w*(?:drift|psi|population_stability|divergence)", re.I)
# not "psi" alone: it is in every "epsilon"
_STATS_LIBS = Needles("scipy", "log(")
_DRIFT_WORD = Needles("drift", "Drift", "DRIFT", "_psi", "psi_", "psi(", "PSI", "population_stability", "divergence")


def drift_checks(index: RepoIndex) -> list[tuple[str, int | None, str, bool]]:
    """(path, line, what, scheduled by itself) of drift and prediction-quality checks: drift libraries'
    reports and detectors, SageMaker / Vertex model monitors, deployed Alibi Detect detectors (non-test
    code outside docs and examples)."""

    def compute() -> list[tuple[str, int | None, str, bool]]:
        out: list[tuple[str, int | None, str, bool]] = []
        tests = set(test_sources(index))
        paths = list(index.containing((p for p in code_files(index) if p not in tests), _MONITOR_CODE))
        out += _statistical_drift_tests(index, tests)
        for src in index.python_sources(paths):
            if SAMPLE_CODE.search(src.path):
                continue  # tutorials and sample code are not the repository's monitoring
            if not re.search(r"evidently|whylogs|nannyml|alibi_detect|frouros|deepchecks|model_monitor|"
                             r"ModelMonitor|monitoring_schedule|model_monitoring|ModelDeploymentMonitoringJob|"
                             r"tensorflow_data_validation|CfnMonitoringSchedule", src.text):
                continue
            lib = None
            # the shared walk of the module (``of_types`` keeps ``ast.walk`` order), not two more walks of it:
            # in a drift library every module names one, and these walks were a fifth of its scan
            for node in src.of_types(ast.Import, ast.ImportFrom):
                if isinstance(node, ast.Import):
                    lib = lib or next((a.name for a in node.names if _DRIFT_IMPORTS.match(a.name)), None)
                elif isinstance(node, ast.ImportFrom) and node.module and _DRIFT_IMPORTS.match(node.module):
                    lib = lib or node.module
            hits: list[tuple[int | None, str]] = []
            for call in src.call_nodes:
                f = call.func
                name = f.attr if isinstance(f, ast.Attribute) else f.id if isinstance(f, ast.Name) else ""
                if name in _DRIFT_CALLS and (lib or name in _SCHEDULED_CALLS):
                    if name == "validate_statistics" and "serving" not in src.text:
                        continue
                    hits.append((src.where(call.lineno)[0], name))
            if hits:
                hits.sort(key=lambda h: h[0] or 0)
                scheduled = any(name in _SCHEDULED_CALLS for _l, name in hits)
                label = lib or "SDK"
                if hits[0][1] == "CfnMonitoringSchedule":
                    # with baseline constraints it checks the captured inputs against the training data's
                    # schema (what mon-serving-schema accepts); without, it is a schedule of some other check
                    label = "SageMaker Model Monitor, CDK" if "constraints_resource" in src.text \
                        else "SageMaker monitoring schedule, CDK"
                out.append((src.path, hits[0][0], f"{hits[0][1]} ({label})", scheduled))
            elif lib and (lib.split(".")[0] in ("whylogs", "nannyml", "frouros") or lib.startswith("alibi_detect.cd")):
                out.append((src.path, None, lib, False))
        for path in index.files:
            if path.endswith((".yaml", ".yml", ".json")) and index.contains(path, _MONITOR_RESOURCES):
                out.append((path, None, "SageMaker Model Monitor schedule", True))
            elif path.endswith(".tf") and index.contains(path, _TF_MONITOR):
                m = re.search(r'^\s*resource\s+"aws_sagemaker_monitoring_schedule"', index.text(path) or "", re.M)
                if m:
                    line = (index.text(path) or "").count("\n", 0, m.start()) + 1
                    out.append((path, line, "SageMaker Model Monitor schedule (Terraform)", True))
            elif path.endswith((".yaml", ".yml")) and index.contains(path, _ALIBI) \
                    and index.contains(path, _SERVING_KINDS):
                out.append((path, None, "a deployed Alibi Detect drift detector", True))
        return out

    return index.memo("drift-uses", compute)
