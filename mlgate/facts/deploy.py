"""Deployment facts: what the repository's deployment configuration says about how a new model
reaches traffic, read from the real formats without running anything.

Formats: KServe ``InferenceService``, Argo Rollouts ``Rollout``, Flagger ``Canary``, Istio
``VirtualService``, Seldon Core v1 ``SeldonDeployment`` and v2 ``Experiment`` / ``Model``, SageMaker
in CloudFormation / SAM (``AWS::SageMaker::Endpoint``, ``EndpointConfig``, ``InferenceExperiment``,
``AWS::Serverless::Function`` ``DeploymentPreference``), boto3 and SageMaker SDK calls in Python, the
AWS SDK for JavaScript's SageMaker calls in .js/.ts code (a Lambda that creates the endpoint), Vertex AI
SDK calls (``traffic_percentage``, ``traffic_split``) and ``gcloud ... --traffic-split``, and plain Kubernetes
``Deployment`` / ``StatefulSet`` objects of the image built from the serving Dockerfile.

Templates (Helm, Jinja, Go templates): whole-line directives are blanked (line numbers are kept),
``{{ .Values.x }}`` placeholders take their value from the chart's ``values.yaml`` (or the
template's ``default``); anything else becomes an unresolved placeholder. A value that stays
unresolved is reported as such (``unresolved``), and a template that still does not parse is
``unparseable``: rules say ``unknown`` about them, never ``fail``.

Serving code (FastAPI/Flask prediction routes, KServe/MLServer/Seldon/Triton/TorchServe/Cog model
classes, BentoML and Ray Serve services, SageMaker inference handlers) is discovered here too.
"""

from __future__ import annotations

import ast
import posixpath
import re
from typing import Any

from mlgate import lazyre
from mlgate.facts.tests import code_files, is_test_file
from mlgate.patterns import SAMPLE_DIRS, SAMPLE_OR_TEST_CODE, PathSet, by_folder, in_folders
from mlgate.patterns import dockerfiles as all_dockerfiles
from mlgate.records import dataclass
from mlgate.repo import MAX_TEXT_BYTES, Needles, RepoIndex, load_yaml_documents, parent_dir, yaml_line

UNRESOLVED = "MLGATE_UNRESOLVED"
_MARKERS = Needles("serving.kserve.io", "argoproj.io", "flagger.app", "networking.istio.io",
                   "machinelearning.seldon.io", "mlops.seldon.io", "AWS::SageMaker::", "AWS::Serverless::Function",
                   "trafficSplit", "ProductionVariants", "ray_serve_config")
_CLOUD_SDKS = Needles("sagemaker", "aiplatform")
_TRAFFIC_SPLIT = Needles("--traffic-split")
# (a Flask Blueprint's module imports `flask`, not `Flask`: its routes are found by "Blueprint")
_SERVING_MARKERS = Needles("FastAPI", "Flask", "Blueprint", "kserve", "bentoml", "serve.deployment", "model_fn",
                           "predict_fn", "context)", "TritonPythonModel", "BaseHandler", "mlserver", "BasePredictor",
                           "def predict(self", "APIRouter", "ModelServer", "azureml", "AZUREML_MODEL_DIR")
# a document's own (top-level, unindented) kind: the CustomResourceDefinitions of these kinds name them
# indented under `names:`, and are large, so they are not parsed
_OBJECT_PATTERN = lazyre.compile(r"^[\"']?kind[\"']?\s*:\s*[\"']?(InferenceService|Rollout|Canary|VirtualService|"
                     r"SeldonDeployment|Experiment|Model|Pipeline|List)\b|AWS::SageMaker::(Endpoint|EndpointConfig|"
                     r"InferenceExperiment)\b|AWS::Serverless::Function|trafficSplit|traffic_split|"
                     r"^ray_serve_config\s*:", re.M)
_KIND_WRITTEN = lazyre.compile(r"kind[\"']?\s*:\s*[\"']?(?:InferenceService|Rollout|Canary|VirtualService|"
                               r"SeldonDeployment|Experiment|Model|Pipeline|List)\b")
_ANYSCALE_SERVICE = lazyre.compile(r"^ray_serve_config\s*:", re.M)
_AWS_OBJECT = lazyre.compile(r"AWS::SageMaker::(?:Endpoint|EndpointConfig|InferenceExperiment)\b"
                             r"|AWS::Serverless::Function")


class _DeploymentObject:
    """``_OBJECT_PATTERN.search`` as a yes/no, found the fast way: each branch searched on its own from its
    literal (`kind`, `AWS::S`, `traffic`), the start of a line checked by hand for `kind`. One pattern
    whose branches begin differently is tried at every position: 60 ms for each 3.6 MB install manifest
    of kserve, searched for every file and again for every document."""

    pattern = _OBJECT_PATTERN.pattern

    def search(self, text: str, /) -> bool:
        if "trafficSplit" in text or "traffic_split" in text or _AWS_OBJECT.search(text):
            return True
        if "ray_serve_config" in text and _ANYSCALE_SERVICE.search(text):
            return True
        # `kind` at the start of a line (^ of a MULTILINE pattern), or after a quote there: found from the line
        # start, since most `kind:` keys of a manifest are indented (a CRD's schema names hundreds)
        for written in ("kind", "\"kind", "'kind"):
            if text.startswith(written) and _KIND_WRITTEN.match(text, len(written) - 4):
                return True
            at = text.find("\n" + written)
            while at >= 0:
                if _KIND_WRITTEN.match(text, at + len(written) - 3):
                    return True
                at = text.find("\n" + written, at + 1)
        return False


_OBJECT = _DeploymentObject()
_SKIP = lazyre.compile(r"(^|/)(\.github|\.gitlab|\.circleci|tests?|testdata|test[-_][\w-]+|[\w-]+[-_]tests?|"
                       r"[\w-]+[-_]test[-_][\w-]+|e2e|hack|fixtures|node_modules|\.venv|venv)/",
                       needs=(".github", ".gitlab", ".circleci", "test", "e2e", "hack", "fixtures", "node_modules",
                              "venv"))
_SKIP_NAMES = frozenset({".gitlab-ci.yml", ".pre-commit-config.yaml", "dependabot.yml", "mkdocs.yml",
                         "environment.yml", "environment.yaml", "conda.yaml", "Chart.yaml", "values.yaml"})


@dataclass(frozen=True)
class DeployFact:
    path: str
    line: int | None
    system: str  # "KServe InferenceService", "Argo Rollout", ...
    name: str  # the object, resource or call it is about
    signal: str  # deploy | canary | all-at-once | shadow | rollback | no-history | capture | unresolved | unparseable
    automated: bool = False  # canary with analysis/alarms; rollback on alarms; capture of inputs and outputs
    detail: str = ""


# ---------------------------------------------------------------------- templates
_ACTION = lazyre.compile(r"\{\{-?(.*?)-?\}\}")
_WHOLE_LINE = lazyre.compile(r"^\s*(\{\{-?.*?-?\}\}\s*|\{%-?.*?-?%\}\s*|\{#.*?#\}\s*)+$")


def chart_values(index: RepoIndex, path: str) -> Any:
    parts = path.split("/")
    if "templates" not in parts:
        return None
    root = "/".join(parts[: parts.index("templates")])
    values = (root + "/" if root else "") + "values.yaml"
    docs = index.yaml(values) if index.exists(values) else []
    return docs[0] if docs else None


def _lookup(values: Any, dotted: str) -> Any:
    node = values
    for key in dotted.strip(".").split("."):
        if not isinstance(node, dict) or key not in node:
            return None
        node = node[key]
    return node


def render_template(text: str, values: Any) -> str:
    """Template text made parseable YAML with the same line numbers (see the module docstring)."""
    out = []
    for line in text.split("\n"):
        if _WHOLE_LINE.match(line):
            out.append("")
            continue
        line = re.sub(r"\{%-?.*?-?%\}|\{#.*?#\}", "", line)

        def sub(m: re.Match[str]) -> str:
            expr = m.group(1).strip()
            ref = re.search(r"\$?\.Values((?:\.[\w-]+)+)", expr)
            value = _lookup(values, ref.group(1)) if ref and values is not None else None
            if value is None:
                default = re.search(r"\|\s*default\s+(\"[^\"]*\"|'[^']*'|[\w.-]+)", expr) or \
                    re.match(r"default\s+(\"[^\"]*\"|'[^']*'|[\w.-]+)", expr)
                if default:
                    return default.group(1).strip("\"'")
                return UNRESOLVED
            if isinstance(value, (dict, list)):
                return UNRESOLVED
            return str(value).lower() if isinstance(value, bool) else str(value)

        out.append(_ACTION.sub(sub, line))
    return "\n".join(out)


def is_template(text: str) -> bool:
    return "{{" in text or "{%" in text


_DOC_SEP = lazyre.compile(r"^---[ \t]*(?:#.*)?$", re.M)
MAX_DOC_BYTES = 1_000_000


def manifest_documents(index: RepoIndex, path: str, wanted: re.Pattern[str] | _DeploymentObject) -> list[Any]:
    """The YAML documents of a (possibly templated, possibly multi-document) manifest that match
    ``wanted``: the file is split at `---` and only matching documents are parsed (an install bundle
    of CRDs is not parsed at all), each padded so that line numbers stay those of the file."""
    return _manifest(index, path, wanted)[0]


def manifest_unparseable(index: RepoIndex, path: str, wanted: re.Pattern[str] | _DeploymentObject) -> bool:
    """Whether ``manifest_documents`` found none because the manifest is templated and could not be read even
    with placeholders filled in (rules say ``unknown`` about it, never ``fail``)."""
    return _manifest(index, path, wanted)[1]


def _manifest(index: RepoIndex, path: str, wanted: re.Pattern[str] | _DeploymentObject) -> tuple[list[Any], bool]:
    def compute() -> tuple[list[Any], bool]:
        text = index.text(path)
        if text is None:
            return [], False
        template = is_template(text)
        values = chart_values(index, path) if template else None
        out: list[Any] = []
        failed = False
        starts = [0] + [m.end() for m in _DOC_SEP.finditer(text)]
        ends = [m.start() for m in _DOC_SEP.finditer(text)] + [len(text)]
        for start, end in zip(starts, ends, strict=False):
            chunk = text[start:end]
            if not wanted.search(chunk) or len(chunk) > MAX_DOC_BYTES:
                continue
            if template:
                chunk = render_template(chunk, values)
            pad = "\n" * text.count("\n", 0, start)
            docs = load_yaml_documents(pad + chunk, path, None if template else index.notice)
            failed = failed or (template and not docs)
            out.extend(docs)
        return out, failed and not out

    return index.memo(f"manifest:{path}:{wanted.pattern}", compute)


# ---------------------------------------------------------------------- helpers
def _num(value: Any) -> float | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, (int, float)):
        return float(value)
    if isinstance(value, str):
        try:
            return float(value.strip().rstrip("%"))
        except ValueError:
            return None
    return None


def _unresolved(value: Any) -> bool:
    return (isinstance(value, str) and UNRESOLVED in value) or str(value).strip().startswith("${")


def _dict(node: Any) -> dict[Any, Any]:
    return node if isinstance(node, dict) else {}


def _get(node: Any, *keys: str) -> Any:
    for key in keys:
        if not isinstance(node, dict):
            return None
        node = node.get(key)
    return node


def _name(doc: Any) -> str:
    meta = _get(doc, "metadata", "name")
    return str(meta) if meta is not None and UNRESOLVED not in str(meta) else "?"


# ---------------------------------------------------------------------- Kubernetes objects
class _Collector:
    def __init__(self, path: str) -> None:
        self.path = path
        self.facts: list[DeployFact] = []

    def add(self, line: int | None, system: str, name: str, signal: str, automated: bool = False,
            detail: str = "") -> None:
        self.facts.append(DeployFact(self.path, line, system, name, signal, automated, detail))


# KServe's deployment modes without Knative (RawDeployment, renamed Standard in 0.15): a plain Deployment per
# component, rolled over by Kubernetes; canaryTrafficPercent is ignored there
RAW_KSERVE_MODES = ("RawDeployment", "Standard")


def _kserve(c: _Collector, doc: Any) -> None:
    system, name = "KServe InferenceService", _name(doc)
    spec = doc.get("spec")
    c.add(yaml_line(doc, "kind"), system, name, "deploy")
    pred = spec.get("predictor") if isinstance(spec, dict) else None
    if not isinstance(pred, dict):
        return
    mode = str(_get(doc, "metadata", "annotations", "serving.kserve.io/deploymentMode") or "")
    ctp = pred.get("canaryTrafficPercent")
    where = yaml_line(pred, "canaryTrafficPercent") if ctp is not None else yaml_line(spec, "predictor")
    pct = _num(ctp)
    if ctp is not None and _unresolved(ctp):
        c.add(where, system, name, "unresolved", detail="canaryTrafficPercent comes from a template value")
    elif ctp is None and mode in RAW_KSERVE_MODES:  # KServe's canary needs Knative: not the field to ask for
        c.add(where, system, name, "all-at-once",
              detail=f"{mode} mode: every update rolls the predictor's pods over to the new model, with no "
                     "traffic split (canaryTrafficPercent works in Serverless mode only)")
    elif ctp is None:
        c.add(where, system, name, "all-at-once",
              detail="no canaryTrafficPercent: every update sends all traffic to the new revision at once")
    elif mode in RAW_KSERVE_MODES:
        c.add(where, system, name, "all-at-once",
              detail=f"{mode} mode: canaryTrafficPercent is ignored (canary rollout needs Serverless)")
    elif pct is not None and pct >= 100:
        c.add(where, system, name, "all-at-once", detail=f"canaryTrafficPercent: {ctp:g}"
              if isinstance(ctp, (int, float)) else f"canaryTrafficPercent: {ctp}")
    elif pct is not None:
        c.add(where, system, name, "canary", detail=f"canaryTrafficPercent: {pct:g} (promotion by hand)")
        c.add(where, system, name, "rollback",
              detail="the previous revision keeps serving; roll back by setting canaryTrafficPercent: 0")
    logger = pred.get("logger")
    if isinstance(logger, dict):
        mode_l = str(logger.get("mode", "all"))
        c.add(yaml_line(pred, "logger"), system, name, "capture", automated=mode_l == "all",
              detail=f"logger mode {mode_l}")


def _argo(c: _Collector, doc: Any) -> None:
    system, name = "Argo Rollout", _name(doc)
    spec = _dict(doc.get("spec"))
    strategy = _dict(spec.get("strategy"))
    c.add(yaml_line(doc, "kind"), system, name, "deploy")
    history = spec.get("revisionHistoryLimit")
    analysis = False
    canary = strategy.get("canary")
    blue_green = strategy.get("blueGreen")
    if isinstance(canary, dict):
        steps = canary.get("steps")
        analysis = bool(canary.get("analysis")) or (isinstance(steps, list) and any(
            isinstance(s, dict) and "analysis" in s for s in steps))
        weights = [s.get("setWeight") for s in steps if isinstance(s, dict) and "setWeight" in s] \
            if isinstance(steps, list) else []
        where = yaml_line(canary, "steps") if steps is not None else yaml_line(strategy, "canary")
        if not weights:
            c.add(where, system, name, "all-at-once", detail="a canary strategy without setWeight steps moves all "
                  "traffic to the new version at once")
        elif any(_unresolved(w) for w in weights):
            c.add(where, system, name, "unresolved", detail="setWeight comes from a template value")
        elif any(0 < (_num(w) or 0) < 100 for w in weights):
            c.add(where, system, name, "canary", automated=analysis,
                  detail="steps " + ", ".join(f"{_num(w):g}%" for w in weights if _num(w) is not None)
                  + (" with analysis" if analysis else " without analysis (promotion is not checked)"))
        else:
            c.add(where, system, name, "all-at-once", detail="the only setWeight step is 100%")
    elif isinstance(blue_green, dict):
        analysis = bool(blue_green.get("prePromotionAnalysis") or blue_green.get("postPromotionAnalysis"))
        c.add(yaml_line(strategy, "blueGreen"), system, name, "canary", automated=False,
              detail="blue-green: the preview is checked, but traffic then switches all at once")
    if analysis:
        c.add(yaml_line(doc, "kind"), system, name, "rollback", automated=True,
              detail="a failed analysis aborts the rollout back to the stable version")
    if history == 0:
        c.add(yaml_line(spec, "revisionHistoryLimit"), system, name, "no-history",
              detail="revisionHistoryLimit: 0 keeps no previous version to roll back to once a rollout is promoted")


def _flagger(c: _Collector, doc: Any) -> None:
    system, name = "Flagger Canary", _name(doc)
    spec = _dict(doc.get("spec"))
    key = "analysis" if "analysis" in spec else "canaryAnalysis"
    analysis = spec.get(key)
    c.add(yaml_line(doc, "kind"), system, name, "deploy")
    if not isinstance(analysis, dict):
        return
    where = yaml_line(spec, key)
    checked = bool(analysis.get("metrics") or analysis.get("webhooks"))
    if analysis.get("mirror") is True:
        c.add(yaml_line(analysis, "mirror"), system, name, "shadow", detail="traffic mirroring before the shift")
    if any(k in analysis for k in ("stepWeight", "stepWeights", "maxWeight")):
        values = [analysis.get("stepWeight"), analysis.get("maxWeight")]
        if any(_unresolved(v) for v in values if v is not None):
            c.add(where, system, name, "unresolved", detail="weights come from a template value")
        else:
            c.add(where, system, name, "canary", automated=checked,
                  detail="progressive traffic shift" + (" checked by metrics" if checked else " without metrics"))
    elif analysis.get("match"):
        c.add(where, system, name, "canary", automated=checked, detail="A/B test on matched requests")
    else:
        c.add(where, system, name, "canary", automated=False,
              detail="blue-green iterations: checked, then traffic switches all at once")
    if checked:
        c.add(where, system, name, "rollback", automated=True,
              detail="Flagger rolls back when the analysis fails its threshold")


def _istio(c: _Collector, doc: Any) -> None:
    system, name = "Istio VirtualService", _name(doc)
    http = _get(doc, "spec", "http")
    before = len(c.facts)
    for rule in http if isinstance(http, list) else []:
        if not isinstance(rule, dict):
            continue
        routes = rule.get("route")
        if isinstance(routes, list) and len(routes) >= 2:
            weights = [r.get("weight") for r in routes if isinstance(r, dict)]
            if any(_unresolved(w) for w in weights):
                c.add(yaml_line(rule, "route"), system, name, "unresolved", detail="route weights from a template")
            elif sum(1 for w in weights if 0 < (_num(w) or 0) < 100) >= 2:
                c.add(yaml_line(rule, "route"), system, name, "canary",
                      detail="weighted routes " + "/".join(f"{_num(w):g}" for w in weights if _num(w) is not None))
        if "mirror" in rule:
            pct = _get(rule, "mirrorPercentage", "value") or rule.get("mirror_percent")
            c.add(yaml_line(rule, "mirror"), system, name, "shadow",
                  detail="mirror" + (f" {pct}%" if pct is not None else " (100% of requests)"))
    if len(c.facts) > before:  # a route that splits or mirrors traffic between model versions
        c.add(yaml_line(doc, "kind"), system, name, "deploy")


def _seldon_v1(c: _Collector, doc: Any) -> None:
    system, name = "SeldonDeployment", _name(doc)
    spec = _dict(doc.get("spec"))
    preds = spec.get("predictors")
    c.add(yaml_line(doc, "kind"), system, name, "deploy")
    if not isinstance(preds, list):
        return
    live = []
    for i, p in enumerate(preds):
        if not isinstance(p, dict):
            continue
        if p.get("shadow") is True:
            c.add(yaml_line(p, "shadow"), system, name, "shadow", detail=f"predictor {p.get('name', i)} is a shadow")
        else:
            live.append(p)
        logger = _get(p, "graph", "logger")
        if isinstance(logger, dict):
            mode = str(logger.get("mode", "all"))
            c.add(yaml_line(p.get("graph"), "logger"), system, name, "capture", automated=mode == "all",
                  detail=f"request logger mode {mode}")
    traffic = [p.get("traffic") for p in live]
    if any(_unresolved(t) for t in traffic):
        c.add(yaml_line(spec, "predictors"), system, name, "unresolved", detail="traffic from a template value")
    elif len(live) >= 2 and sum(1 for t in traffic if 0 < (_num(t) or 0) < 100) >= 2:
        c.add(yaml_line(spec, "predictors"), system, name, "canary",
              detail="traffic " + "/".join(f"{_num(t):g}" for t in traffic if _num(t) is not None))
    elif len(live) == 1:
        c.add(yaml_line(spec, "predictors"), system, name, "all-at-once",
              detail="one live predictor: an update replaces the model for all traffic at once")


def _seldon_v2(c: _Collector, doc: Any) -> None:
    kind = str(doc.get("kind"))
    name = _name(doc)
    if kind != "Experiment":
        if kind in ("Model", "Pipeline"):
            c.add(yaml_line(doc, "kind"), f"Seldon {kind}", name, "deploy")
        return
    system = "Seldon Experiment"
    spec = _dict(doc.get("spec"))
    c.add(yaml_line(doc, "kind"), system, name, "deploy")
    cands = spec.get("candidates")
    if isinstance(cands, list) and len(cands) >= 2:
        weights = [x.get("weight") for x in cands if isinstance(x, dict)]
        if any(_unresolved(w) for w in weights):
            c.add(yaml_line(spec, "candidates"), system, name, "unresolved", detail="weights from a template")
        elif sum(1 for w in weights if (_num(w) or 0) > 0) >= 2:
            c.add(yaml_line(spec, "candidates"), system, name, "canary",
                  detail="candidate weights " + "/".join(f"{_num(w):g}" for w in weights if _num(w) is not None))
    if isinstance(spec.get("mirror"), dict):
        c.add(yaml_line(spec, "mirror"), system, name, "shadow", detail="mirror to a candidate")


def _anyscale(c: _Collector, doc: Any) -> None:
    """An Anyscale service configuration (`anyscale service rollout -f ...`): a Ray Serve application that
    Anyscale deploys. With `rollout_strategy: ROLLOUT` (the default) a new version starts beside the old
    one and takes traffic step by step while it stays healthy, and an unhealthy one is rolled back;
    `IN_PLACE` updates the running service for all traffic at once."""
    system, name = "Anyscale service", str(doc.get("name") or "?")
    c.add(yaml_line(doc, "ray_serve_config"), system, name, "deploy")
    strategy = str(doc.get("rollout_strategy") or "ROLLOUT").upper()
    where = yaml_line(doc, "rollout_strategy") or yaml_line(doc, "ray_serve_config")
    if strategy == "IN_PLACE":
        c.add(where, system, name, "all-at-once", detail="rollout_strategy IN_PLACE updates the running service "
              "for all traffic at once")
    elif strategy == "ROLLOUT":
        how = "rollout_strategy ROLLOUT" if "rollout_strategy" in doc else "the default ROLLOUT strategy"
        c.add(where, system, name, "canary", automated=True,
              detail=f"{how}: the new version takes traffic step by step while its health checks pass")
        c.add(where, system, name, "rollback", automated=True,
              detail=f"{how}: Anyscale rolls back a new version that becomes unhealthy during the rollout")
    else:
        c.add(where, system, name, "unresolved", detail=f"rollout_strategy {strategy}")


# ---------------------------------------------------------------------- SageMaker (CloudFormation / SAM)
def _deployment_config(c: _Collector, node: Any, where: int | None, system: str, name: str) -> None:
    """DeploymentConfig of a SageMaker endpoint (CloudFormation or a boto3 dict)."""
    if not isinstance(node, dict):
        c.add(where, system, name, "all-at-once",
              detail="no DeploymentConfig: an update replaces the model for all traffic at once")
        return
    alarms = _get(node, "AutoRollbackConfiguration", "Alarms")
    has_alarms = isinstance(alarms, list) and len(alarms) > 0
    if has_alarms:
        c.add(yaml_line(node, "AutoRollbackConfiguration"), system, name, "rollback", automated=True,
              detail="AutoRollbackConfiguration alarms")
    routing = _get(node, "BlueGreenUpdatePolicy", "TrafficRoutingConfiguration")
    if isinstance(routing, dict):
        kind = str(routing.get("Type", ""))
        at = yaml_line(routing, "Type") or where
        if kind in ("CANARY", "LINEAR"):
            c.add(at, system, name, "canary", automated=has_alarms,
                  detail=f"{kind} traffic routing" + (" with rollback alarms" if has_alarms else " without alarms"))
        elif kind == "ALL_AT_ONCE":
            c.add(at, system, name, "all-at-once", detail="TrafficRoutingConfiguration Type ALL_AT_ONCE")
        elif _unresolved(kind) or isinstance(routing.get("Type"), (dict,)) or kind.startswith("Ref"):
            c.add(at, system, name, "unresolved", detail="traffic routing type from a parameter")
    elif isinstance(node.get("RollingUpdatePolicy"), dict):
        c.add(yaml_line(node, "RollingUpdatePolicy") or where, system, name, "canary", automated=has_alarms,
              detail="rolling update in batches" + (" with rollback alarms" if has_alarms else ""))
    elif not has_alarms:
        c.add(where, system, name, "all-at-once", detail="DeploymentConfig without a traffic-routing policy")


def _capture(c: _Collector, node: Any, where: int | None, system: str, name: str) -> None:
    if not isinstance(node, dict):
        return
    enabled = node.get("EnableCapture", node.get("enable_capture"))
    if enabled is False or str(enabled).lower() == "false":
        return
    modes = {str(_get(o, "CaptureMode")) for o in node.get("CaptureOptions") or [] if isinstance(o, dict)}
    both = not modes or {"Input", "Output"} <= modes
    c.add(where, system, name, "capture", automated=both,
          detail="DataCaptureConfig " + ("inputs and outputs" if both else "/".join(sorted(modes))))


def _variants(c: _Collector, props: dict[str, Any], system: str, name: str) -> None:
    variants = props.get("ProductionVariants")
    if isinstance(variants, list) and len(variants) >= 2:
        weights = [v.get("InitialVariantWeight") for v in variants if isinstance(v, dict)]
        if sum(1 for w in weights if (_num(w) or 0) > 0) >= 2:
            c.add(yaml_line(props, "ProductionVariants"), system, name, "canary",
                  detail="weighted ProductionVariants " + "/".join(str(w) for w in weights))
    shadow = props.get("ShadowProductionVariants")
    if isinstance(shadow, list) and shadow:
        c.add(yaml_line(props, "ShadowProductionVariants"), system, name, "shadow",
              detail="ShadowProductionVariants")
    if "DataCaptureConfig" in props:
        _capture(c, props.get("DataCaptureConfig"), yaml_line(props, "DataCaptureConfig"), system, name)


_PER_RUN_PARAM = lazyre.compile(r"(?i)(?:job|run|build|train|execution|pipeline)\w*(?:id|name|number)$|"
                                r"(?:version|commit|sha|timestamp)\w*$")


def _named_per_run(endpoint_name: Any, doc: dict[str, Any]) -> bool:
    """An endpoint whose EndpointName substitutes a template parameter that names one training run or build
    (`!Sub ${ModelName}-prd-${TrainJobId}`): each deployment of a new model changes the name, and
    CloudFormation creates a new endpoint (a name change replaces the resource) instead of updating the
    serving one in place, so no update "replaces the model for all traffic at once"; how traffic reaches the
    new endpoint (a canary in front of it, or none) decides the rule."""
    params = doc.get("Parameters")
    if not isinstance(endpoint_name, str) or not isinstance(params, dict):
        return False
    return any(var in params and _PER_RUN_PARAM.search(var) is not None
               for var in re.findall(r"\$\{(\w+)\}", endpoint_name))


def _cloudformation(c: _Collector, doc: Any) -> None:
    resources = doc.get("Resources")
    if not isinstance(resources, dict):
        return
    for rname, res in resources.items():
        if not isinstance(res, dict):
            continue
        rtype = str(res.get("Type", ""))
        props = _dict(res.get("Properties"))
        line = yaml_line(resources, rname)
        name = str(rname)
        if rtype == "AWS::SageMaker::Endpoint":
            c.add(line, "SageMaker Endpoint", name, "deploy")
            if props.get("DeploymentConfig") is None and _named_per_run(props.get("EndpointName"), doc):
                continue  # a new endpoint per training run: never updated in place (see _named_per_run)
            _deployment_config(c, props.get("DeploymentConfig"), yaml_line(props, "DeploymentConfig") or line,
                               "SageMaker Endpoint", name)
        elif rtype == "AWS::SageMaker::EndpointConfig":
            c.add(line, "SageMaker EndpointConfig", name, "deploy")
            _variants(c, props, "SageMaker EndpointConfig", name)
        elif rtype == "AWS::SageMaker::InferenceExperiment":
            if isinstance(props.get("ShadowModeConfig"), dict):
                c.add(yaml_line(props, "ShadowModeConfig"), "SageMaker InferenceExperiment", name, "shadow",
                      detail="ShadowModeConfig")
        elif rtype == "AWS::Serverless::Function" and isinstance(props.get("DeploymentPreference"), dict):
            pref = props["DeploymentPreference"]
            system = "SAM function"
            c.add(line, system, name, "deploy")
            kind = str(pref.get("Type", ""))
            alarms = pref.get("Alarms")
            has_alarms = isinstance(alarms, list) and len(alarms) > 0
            where = yaml_line(pref, "Type") or line
            if kind.startswith(("Canary", "Linear")):
                c.add(where, system, name, "canary", automated=has_alarms, detail=f"DeploymentPreference {kind}")
            elif kind == "AllAtOnce":
                c.add(where, system, name, "all-at-once", detail="DeploymentPreference AllAtOnce")
            elif kind:
                c.add(where, system, name, "unresolved", detail="DeploymentPreference type from a parameter")
            if has_alarms:
                c.add(yaml_line(pref, "Alarms"), system, name, "rollback", automated=True,
                      detail="CodeDeploy rolls back on the DeploymentPreference alarms")


def _vertex_yaml(c: _Collector, node: Any, depth: int = 0) -> None:
    if depth > 8:
        return
    if isinstance(node, dict):
        for key, value in node.items():
            if key in ("trafficSplit", "traffic_split") and isinstance(value, dict):
                _traffic_split(c, {str(k): v for k, v in value.items()}, yaml_line(node, key), "Vertex AI endpoint")
            else:
                _vertex_yaml(c, value, depth + 1)
    elif isinstance(node, list):
        for value in node:
            _vertex_yaml(c, value, depth + 1)


def _traffic_split(c: _Collector, split: dict[str, Any], line: int | None, system: str, name: str = "endpoint") \
        -> None:
    values = [_num(v) for v in split.values()]
    if any(v is None for v in values):
        c.add(line, system, name, "unresolved", detail="traffic split not a literal")
        return
    c.add(line, system, name, "deploy")
    if sum(1 for v in values if v and 0 < v < 100) >= 2:
        c.add(line, system, name, "canary",
              detail="traffic_split " + "/".join(f"{v:g}" for v in values if v is not None))
    elif len(values) == 1 and values[0] == 100:
        c.add(line, system, name, "all-at-once", detail="traffic split sends 100% to one deployed model")


_KINDS = {
    "InferenceService": ("serving.kserve.io", _kserve),
    "Rollout": ("argoproj.io", _argo),
    "Canary": ("flagger.app", _flagger),
    "VirtualService": ("networking.istio.io", _istio),
    "SeldonDeployment": ("machinelearning.seldon.io", _seldon_v1),
}


def _document(c: _Collector, doc: Any) -> None:
    if not isinstance(doc, dict):
        if isinstance(doc, list):
            for item in doc[:200]:
                _document(c, item)
        return
    api, kind = str(doc.get("apiVersion", "")), str(doc.get("kind", ""))
    if kind == "List" and isinstance(doc.get("items"), list):
        for item in doc["items"]:
            _document(c, item)
        return
    hit = _KINDS.get(kind)
    if hit and api.startswith(hit[0]):
        hit[1](c, doc)
    elif api.startswith("mlops.seldon.io"):
        _seldon_v2(c, doc)
    elif "Resources" in doc:
        _cloudformation(c, doc)
    elif isinstance(doc.get("ray_serve_config"), dict) and ("name" in doc or "compute_config" in doc):
        _anyscale(c, doc)
    else:
        _vertex_yaml(c, doc)


# ---------------------------------------------------------------------- Python: boto3, SageMaker SDK, Vertex
def _literal(node: ast.expr | None) -> Any:
    """A Python literal as data; names and calls become unresolved placeholders."""
    if node is None:
        return None
    if isinstance(node, ast.Constant):
        return node.value
    if isinstance(node, ast.Dict):
        pairs = zip(node.keys, node.values, strict=False)
        return {(_literal(k) if k is not None else "**"): _literal(v) for k, v in pairs}
    if isinstance(node, (ast.List, ast.Tuple)):
        return [_literal(e) for e in node.elts]
    if isinstance(node, ast.Call):
        # SageMaker SDK objects: DataCaptureConfig(enable_capture=True, ...) -> their keywords
        return {k.arg: _literal(k.value) for k in node.keywords if k.arg}
    return UNRESOLVED


def _python(index: RepoIndex, path: str, c: _Collector) -> None:
    if not index.contains(path, _CLOUD_SDKS):
        return
    for src in index.python_sources([path]):
        text = src.text
        sagemaker = "sagemaker" in text
        vertex = "aiplatform" in text
        if sagemaker and "aws_cdk" in text and src.cell is None:
            _cdk(c, src.tree)
        for node in ast.walk(src.tree):
            if not isinstance(node, ast.Call) or not isinstance(node.func, ast.Attribute):
                continue
            attr = node.func.attr
            kw = {k.arg: k.value for k in node.keywords if k.arg}
            line, _cell = src.where(node.lineno)
            if sagemaker and attr == "create_endpoint_config":
                props = {k: _literal(v) for k, v in kw.items()}
                c.add(line, "SageMaker EndpointConfig", "create_endpoint_config", "deploy")
                _variants_py(c, props, line)
            elif sagemaker and attr in ("update_endpoint", "create_endpoint") and "EndpointName" in kw:
                c.add(line, "SageMaker Endpoint", attr, "deploy")
                if "DeploymentConfig" in kw:
                    _deployment_config(c, _literal(kw["DeploymentConfig"]), line, "SageMaker Endpoint", attr)
                elif attr == "update_endpoint":
                    c.add(line, "SageMaker Endpoint", attr, "all-at-once",
                          detail="update_endpoint without DeploymentConfig switches all traffic at once")
            elif sagemaker and attr == "create_inference_experiment" and "ShadowModeConfig" in kw:
                c.add(line, "SageMaker InferenceExperiment", attr, "shadow", detail="ShadowModeConfig")
            elif sagemaker and attr == "deploy" and ("instance_type" in kw or "initial_instance_count" in kw):
                c.add(line, "SageMaker SDK deploy", "deploy", "deploy")
                if "data_capture_config" in kw:
                    _capture(c, _literal(kw["data_capture_config"]), line, "SageMaker SDK deploy", "deploy")
                if _literal(kw.get("update_endpoint")) is True:
                    c.add(line, "SageMaker SDK deploy", "deploy", "all-at-once",
                          detail="deploy(update_endpoint=True) switches all traffic at once")
            elif vertex and attr in ("deploy", "update") and ("traffic_percentage" in kw or "traffic_split" in kw):
                _vertex_call(c, {k: _literal(v) for k, v in kw.items()}, line)
            elif vertex and attr == "deploy" and any(k.arg is None for k in node.keywords) \
                    and (spec := _json_spec(index, path, text)) is not None:
                # `endpoint.deploy(model=model, **serving_spec)`, the spec loaded from a JSON file the module names
                _vertex_call(c, spec[1], line, f" (in {spec[0]}, passed as **keywords)")
            elif vertex and attr == "deploy" and ("machine_type" in kw or "endpoint" in kw):
                c.add(line, "Vertex AI endpoint", "deploy", "deploy")


# ---------------------------------------------------------------------- JavaScript / TypeScript: the AWS SDK
_JS_SUFFIXES = (".js", ".mjs", ".cjs", ".ts")
# tests, and what is built or installed rather than written here: bundles (`static/js/main.3f2a.js`, `*.min.js`,
# dist/, build/), node_modules/
_JS_SKIP = lazyre.compile(r"\.(test|spec)\.[cm]?[jt]s$|\.min\.js$|\.d\.ts$|"
                          r"(^|/)(__tests__|__mocks__|node_modules|dist|build|static|assets|vendor)/")
_JS_SAGEMAKER = Needles("createEndpointConfig", "CreateEndpointConfigCommand", "updateEndpoint(",
                        "UpdateEndpointCommand")
# `sagemaker.createEndpointConfig({...})` (SDK v2) and `new CreateEndpointConfigCommand({...})` (v3), the same for
# updateEndpoint: the object literal they are given holds the request, spelled as boto3's
_JS_CALL = lazyre.compile(r"\.(createEndpointConfig|updateEndpoint)\s*\(\s*\{|"
                          r"\bnew\s+(CreateEndpointConfig|UpdateEndpoint)Command\s*\(\s*\{")
_JS_CAPTURE_OFF = lazyre.compile(r"\bEnableCapture\s*:\s*false\b")
_JS_CAPTURE_MODE = lazyre.compile(r"\bCaptureMode\s*:\s*['\"`](Input|Output)['\"`]")


def _object_literal(text: str, start: int) -> str:
    """The text of the JavaScript object literal whose `{` is at ``start``, braces counted outside strings
    (the rest of the file when it does not close)."""
    depth, i, quote = 0, start, ""
    while i < len(text):
        ch = text[i]
        if quote:
            if ch == "\\":
                i += 1
            elif ch == quote:
                quote = ""
        elif ch in "'\"`":
            quote = ch
        elif ch == "{":
            depth += 1
        elif ch == "}":
            depth -= 1
            if depth == 0:
                return text[start:i + 1]
        i += 1
    return text[start:]


def _javascript(c: _Collector, text: str) -> None:
    """SageMaker endpoints a JavaScript or TypeScript program creates or updates with the AWS SDK (a Lambda
    behind an API that deploys a trained model): read from the request object, as boto3's."""
    for m in _JS_CALL.finditer(text):
        body = _object_literal(text, m.end() - 1)
        line = text.count("\n", 0, m.start()) + 1
        if (m.group(1) or m.group(2)).lower().startswith("create"):
            system, name = "SageMaker EndpointConfig (AWS SDK for JavaScript)", "createEndpointConfig"
            c.add(line, system, name, "deploy")
            if "ShadowProductionVariants" in body:
                c.add(line, system, name, "shadow", detail="ShadowProductionVariants")
            if "DataCaptureConfig" in body and not _JS_CAPTURE_OFF.search(body):
                modes = {x.group(1) for x in _JS_CAPTURE_MODE.finditer(body)}
                both = not modes or {"Input", "Output"} <= modes
                c.add(line, system, name, "capture", automated=both,
                      detail="DataCaptureConfig " + ("inputs and outputs" if both else "/".join(sorted(modes))))
        else:
            system, name = "SageMaker Endpoint (AWS SDK for JavaScript)", "updateEndpoint"
            c.add(line, system, name, "deploy")
            if "DeploymentConfig" not in body:
                c.add(line, system, name, "all-at-once",
                      detail="updateEndpoint without DeploymentConfig switches all traffic at once")


# ---------------------------------------------------------------------- AWS CDK (Python): the L1 SageMaker constructs
def _pascal(value: Any) -> Any:
    """CDK property names (snake_case keywords of `...Property(...)` objects) as CloudFormation names, so
    that the CloudFormation readers judge them: `deployment_config` -> `DeploymentConfig`."""
    if isinstance(value, dict):
        return {("".join(p[:1].upper() + p[1:] for p in k.split("_")) if isinstance(k, str) else k): _pascal(v)
                for k, v in value.items()}
    if isinstance(value, list):
        return [_pascal(v) for v in value]
    return value


_CDK_SYSTEMS = {"CfnEndpoint": "SageMaker Endpoint (CDK)", "CfnEndpointConfig": "SageMaker EndpointConfig (CDK)",
                "CfnInferenceExperiment": "SageMaker InferenceExperiment (CDK)"}


def _cdk(c: _Collector, tree: ast.Module) -> None:
    """`aws_sagemaker.CfnEndpoint` / `CfnEndpointConfig` / `CfnInferenceExperiment` constructs of a CDK app
    in Python: the same properties as in CloudFormation, given as keywords or set later as attributes
    (`endpoint_config.data_capture_config = ...`). A property set through `add_property_override` is not
    read: the endpoint's traffic settings are then unresolved."""
    made: dict[str, tuple[str, int, str, dict[str, Any]]] = {}  # variable -> (construct, line, id, props)
    order: list[tuple[str, int, str, dict[str, Any]]] = []
    overridden: set[str] = set()
    lines: dict[int, dict[str, int]] = {}  # the line each property is set at, per construct
    for node in ast.walk(tree):
        call = node.value if isinstance(node, (ast.Assign, ast.Expr)) else None
        if not isinstance(call, ast.Call):
            continue
        f = call.func
        name = f.attr if isinstance(f, ast.Attribute) else f.id if isinstance(f, ast.Name) else ""
        if name == "add_property_override" and isinstance(f, ast.Attribute) and isinstance(f.value, ast.Name):
            overridden.add(f.value.id)
            continue
        if name not in _CDK_SYSTEMS or len(call.args) < 2:
            continue
        ident = call.args[1].value if isinstance(call.args[1], ast.Constant) else name
        props = {k.arg: _literal(k.value) for k in call.keywords if k.arg}
        lines[id(props)] = {k.arg: k.value.lineno for k in call.keywords if k.arg}
        entry = (name, call.lineno, str(ident), props)
        order.append(entry)
        if isinstance(node, ast.Assign):
            for t in node.targets:
                if isinstance(t, ast.Name):
                    made[t.id] = entry
    for node in ast.walk(tree):  # endpoint_config.data_capture_config = DataCaptureConfigProperty(...)
        if isinstance(node, ast.Assign):
            for t in node.targets:
                if isinstance(t, ast.Attribute) and isinstance(t.value, ast.Name) and t.value.id in made:
                    made[t.value.id][3][t.attr] = _literal(node.value)
                    lines[id(made[t.value.id][3])][t.attr] = node.lineno
    unresolved = {made[v][1] for v in overridden if v in made}
    for name, line, ident, raw in order:
        props = _pascal(raw)
        system = _CDK_SYSTEMS[name]
        if name == "CfnEndpoint":
            before = len(c.facts)
            c.add(line, system, ident, "deploy")
            if line in unresolved:
                c.add(line, system, ident, "unresolved", detail="properties set with add_property_override")
            elif "DeploymentConfig" in props:
                _deployment_config(c, props["DeploymentConfig"], line, system, ident)
            else:
                c.add(line, system, ident, "all-at-once", detail="no deployment_config: an update replaces the "
                      "model for all traffic at once")
            _at_line(c, before, at_kw if (at_kw := lines.get(id(raw), {}).get("deployment_config")) else line)
        elif name == "CfnEndpointConfig":
            c.add(line, system, ident, "deploy")
            before = len(c.facts)
            _variants(c, props, system, ident)
            # the CloudFormation reader places them by YAML line: here, the line that sets the property
            at = lines.get(id(raw), {})
            prop = {"canary": "production_variants", "shadow": "shadow_production_variants",
                    "capture": "data_capture_config"}
            for i in range(before, len(c.facts)):
                fact = c.facts[i]
                c.facts[i] = DeployFact(fact.path, at.get(prop.get(fact.signal, ""), line), fact.system, fact.name,
                                        fact.signal, fact.automated, fact.detail)
        elif isinstance(props.get("ShadowModeConfig"), dict):
            c.add(line, system, ident, "shadow", detail="shadow_mode_config")


def _variants_py(c: _Collector, props: dict[str, Any], line: int | None) -> None:
    variants = props.get("ProductionVariants")
    system, name = "SageMaker EndpointConfig", "create_endpoint_config"
    if isinstance(variants, list) and len(variants) >= 2:
        weights = [v.get("InitialVariantWeight") for v in variants if isinstance(v, dict)]
        if sum(1 for w in weights if (_num(w) or 0) > 0) >= 2:
            c.add(line, system, name, "canary", detail="weighted ProductionVariants")
    if isinstance(props.get("ShadowProductionVariants"), list) and props["ShadowProductionVariants"]:
        c.add(line, system, name, "shadow", detail="ShadowProductionVariants")
    if isinstance(props.get("DataCaptureConfig"), dict):
        _capture(c, props["DataCaptureConfig"], line, system, name)


def _vertex_call(c: _Collector, kw: dict[str, Any], line: int | None, where: str = "") -> None:
    """A Vertex AI `deploy`/`update` call, its keywords' values read as data (literals, or a JSON spec's)."""
    system = "Vertex AI endpoint"
    c.add(line, system, "deploy", "deploy")
    if "traffic_split" in kw:
        split = kw["traffic_split"]
        if isinstance(split, dict):
            _traffic_split(c, {str(k): v for k, v in split.items()}, line, system, "deploy")
        else:
            c.add(line, system, "deploy", "unresolved", detail="traffic_split is not a literal")
        return
    value = _num(kw["traffic_percentage"])
    if value is None:
        c.add(line, system, "deploy", "unresolved", detail="traffic_percentage is not a literal")
    elif value >= 100:
        c.add(line, system, "deploy", "all-at-once",
              detail=f"traffic_percentage=100{where} sends all traffic at once")
    elif value >= 0:
        c.add(line, system, "deploy", "canary", detail=f"traffic_percentage={value:g}{where} (promotion by hand)")


_JSON_NAME = lazyre.compile(r"""["']([\w./-]+\.json)["']""")


def _json_spec(index: RepoIndex, path: str, text: str) -> tuple[str, dict[str, Any]] | None:
    """The deployment spec a module loads from JSON: the one JSON file it names (from the repository root or
    its own folder) whose object sets `traffic_percentage` or `traffic_split`; None when none or several do."""
    folder = parent_dir(path)
    found: dict[str, dict[str, Any]] = {}
    for name in _JSON_NAME.findall(text):
        for candidate in (name.removeprefix("./"), posixpath.normpath(posixpath.join(folder, name))):
            doc = index.json(candidate) if index.exists(candidate) else None
            if isinstance(doc, dict) and ("traffic_percentage" in doc or "traffic_split" in doc):
                found[candidate] = doc
    return next(iter(found.items())) if len(found) == 1 else None


_GCLOUD_SPLIT = lazyre.compile(r"gcloud\s+ai\s+endpoints\s+(?:deploy-model|update)\b"
                               r"[^\n]*?--traffic-split[= ]([\w=,.-]+)")


def _shell(c: _Collector, text: str) -> None:
    for m in _GCLOUD_SPLIT.finditer(text):
        line = text.count("\n", 0, m.start()) + 1
        pairs = dict(p.split("=", 1) for p in m.group(1).split(",") if "=" in p)
        _traffic_split(c, pairs, line, "Vertex AI endpoint (gcloud)", "deploy-model")


_LAMBDA_UPDATE = lazyre.compile(r"\baws\s+lambda\s+(update-function-code|update-function-configuration)\b([^\n]*)")
_FUNCTION_NAME = lazyre.compile(r"--function-name[= ]+[\"']?([^\s\"']+)")
_LAMBDA_ROUTING = lazyre.compile(r"\baws\s+lambda\s+(?:update|create)-alias\b[^\n]*--routing-config")


def _lambda_cli(c: _Collector, text: str, line: int | None) -> None:
    """A CI step that points an AWS Lambda function (one whose handler scores a model here) at a new image,
    code or model: without a weighted alias (`--routing-config`) or a CodeDeploy deployment every
    invocation uses the new version at once."""
    m = _LAMBDA_UPDATE.search(text.replace("\\\n", " "))
    if m is None:
        return
    named = _FUNCTION_NAME.search(m.group(2))
    system, name = "AWS Lambda (CLI)", (named.group(1) if named else "function").strip("${}()")
    c.add(line, system, name, "deploy")
    if _LAMBDA_ROUTING.search(text):
        c.add(line, system, name, "canary", detail="a weighted alias (--routing-config) shifts part of the traffic")
    elif "aws deploy create-deployment" not in text:
        c.add(line, system, name, "all-at-once", detail=f"`aws lambda {m.group(1)}` switches every invocation to "
              "the new version at once (no weighted alias or CodeDeploy)")


_AZ_DEPLOY = lazyre.compile(r"\baz\s+ml\s+model\s+deploy\b([^\n]*)")
_AZ_ONLINE = lazyre.compile(r"\baz\s+ml\s+online-(?:deployment\s+(?:create|update)|endpoint\s+update)\b([^\n]*)")
_AZ_NAME = lazyre.compile(r"(?:--name|-n)[= ]+[\"']?([^\s\"']+)")
_AZ_TRAFFIC = lazyre.compile(r"--traffic[= ]+[\"']?([\w-]+=\d+(?:[ ,]+[\w-]+=\d+)*)")


def _azure_ml_cli(c: _Collector, text: str, line: int | None) -> None:
    """Azure ML deployments from the CLI in CI: `az ml model deploy` (v1: an ACI/AKS web service whose model
    is replaced for all traffic at once) and `az ml online-deployment` / `online-endpoint update --traffic`
    (v2: managed online endpoints, where `--traffic "blue=90 green=10"` splits traffic)."""
    text = text.replace("\\\n", " ")
    for m in _AZ_DEPLOY.finditer(text):
        named = _AZ_NAME.search(m.group(1))
        system, name = "Azure ML web service (CLI)", (named.group(1) if named else "service").strip("$()")
        c.add(line, system, name, "deploy")
        c.add(line, system, name, "all-at-once", detail="`az ml model deploy` replaces the web service's model for "
              "all traffic at once")
    for m in _AZ_ONLINE.finditer(text):
        named = _AZ_NAME.search(m.group(1))
        system, name = "Azure ML online endpoint (CLI)", (named.group(1) if named else "endpoint").strip("$()")
        c.add(line, system, name, "deploy")
        traffic = _AZ_TRAFFIC.search(m.group(1))
        if traffic:
            pairs = dict(p.split("=", 1) for p in re.split(r"[ ,]+", traffic.group(1)) if "=" in p)
            values = [_num(v) for v in pairs.values()]
            if sum(1 for v in values if v is not None and 0 < v < 100) >= 2:
                c.add(line, system, name, "canary", detail="traffic " + traffic.group(1))
            elif len(values) == 1 or any(v == 100 for v in values):
                c.add(line, system, name, "all-at-once", detail="traffic " + traffic.group(1))
        elif "--all-traffic" in m.group(1):
            c.add(line, system, name, "all-at-once", detail="--all-traffic sends every request to the new deployment")


# ---------------------------------------------------------------------- Terraform: SageMaker endpoints
_TF_SAGEMAKER = Needles("aws_sagemaker_endpoint")
_TF_RESOURCE = lazyre.compile(r'^\s*resource\s+"(aws_sagemaker_endpoint|aws_sagemaker_endpoint_configuration)"\s+'
                              r'"([\w-]+)"\s*\{', re.M)
_TF_LISTS = frozenset({"alarms", "capture_options", "production_variants", "shadow_production_variants"})


def _hcl_body(text: str, start: int) -> str:
    """The text of the block whose `{` is just before ``start`` (strings and comments are not special-cased:
    braces inside them are rare in these resources)."""
    depth, i = 1, start
    while i < len(text) and depth:
        depth += {"{": 1, "}": -1}.get(text[i], 0)
        i += 1
    return text[start:i - 1]


def _hcl(body: str) -> dict[str, Any]:
    """A Terraform block as data: `key = "literal"` values (anything not a literal is unresolved) and
    nested blocks, repeated blocks as lists."""
    out: dict[str, Any] = {}
    pos = 0
    item = re.compile(r'^\s*([a-z_][\w-]*)\s*(=\s*([^\n]*)|\{)', re.M)
    while True:
        m = item.search(body, pos)
        if m is None:
            return out
        key = m.group(1)
        if m.group(2) == "{":
            inner = _hcl_body(body, m.end())
            pos = m.end() + len(inner) + 1
            block = _hcl(inner)
            out[key] = [*out.get(key, []), block] if key in _TF_LISTS else block
        else:
            raw = m.group(3).split("#", 1)[0].strip()
            value: Any = UNRESOLVED
            if re.fullmatch(r'"[^"$]*"', raw):
                value = raw.strip('"')
            elif raw in ("true", "false"):
                value = raw == "true"
            elif re.fullmatch(r"-?\d+(\.\d+)?", raw):
                value = float(raw)
            out[key] = value
            pos = m.end()


def _terraform(c: _Collector, text: str) -> None:
    """`aws_sagemaker_endpoint` (its `deployment_config`) and `aws_sagemaker_endpoint_configuration`
    (variants, shadow variants, data capture) resources, judged as their CloudFormation equivalents."""
    for m in _TF_RESOURCE.finditer(text):
        line = text.count("\n", 0, m.start()) + 1
        props = _pascal(_hcl(_hcl_body(text, m.end())))
        before = len(c.facts)
        if m.group(1) == "aws_sagemaker_endpoint":
            system = "SageMaker Endpoint (Terraform)"
            c.add(line, system, m.group(2), "deploy")
            _deployment_config(c, props.get("DeploymentConfig"), line, system, m.group(2))
        else:
            system = "SageMaker EndpointConfig (Terraform)"
            c.add(line, system, m.group(2), "deploy")
            _variants(c, props, system, m.group(2))
        _at_line(c, before, line)


def _at_line(c: _Collector, before: int, line: int) -> None:
    """Facts read from data without YAML positions (CDK keywords, Terraform blocks) are placed at the
    resource's line."""
    for i in range(before, len(c.facts)):
        fact = c.facts[i]
        if fact.line is None:
            c.facts[i] = DeployFact(fact.path, line, fact.system, fact.name, fact.signal, fact.automated, fact.detail)


# ---------------------------------------------------------------------- discovery
# sample code, and notebooks: a manifest written out by a walkthrough notebook is not the deployment
_EXAMPLES = in_folders(*SAMPLE_DIRS, "notebooks?")


def _candidates(index: RepoIndex, configured: tuple[str, ...]) -> list[str]:
    """Files that may hold deployment configuration: the configured `paths.deploy`, or else every file
    outside tests, CI configuration, docs and examples (sample manifests are not the repository's
    deployment; configure `paths.deploy` to check them)."""
    if configured:
        return [f for f in PathSet(configured).filter(index.files) if f.rsplit("/", 1)[-1] not in _SKIP_NAMES]
    return index.memo("deploy-candidates", lambda: _unconfigured_candidates(index))


def _unconfigured_candidates(index: RepoIndex) -> list[str]:
    r"""``_candidates`` without configured paths, read of the file list once (the deployment facts and the
    Kubernetes Deployments both ask). Both patterns match a folder name followed by "/", so a file's answer
    is its folder's: asked once a folder, not once a file (``_SKIP``'s ``[\w-]+`` alternatives retry at every
    character of a path)."""
    skipped = by_folder(lambda folder: _SKIP.search(folder) is not None or _EXAMPLES.search(folder) is not None)
    return [f for f in index.files if f[f.rfind("/") + 1:] not in _SKIP_NAMES and not skipped(f)]


def deploy_facts(index: RepoIndex, configured: tuple[str, ...] = ()) -> list[DeployFact]:
    """Every deployment fact of the repository (or of the configured ``paths.deploy``), sorted."""
    return index.memo(f"deploy-facts:{configured}", lambda: _deploy_facts(index, configured))


def _deploy_facts(index: RepoIndex, configured: tuple[str, ...]) -> list[DeployFact]:
    facts: list[DeployFact] = []
    for path in _candidates(index, configured):
        lower = path.lower()
        c = _Collector(path)
        if lower.endswith((".yaml", ".yml", ".json", ".template")):
            if not index.contains(path, _MARKERS) or not (lower.endswith(".json") or _OBJECT.search(
                    index.text(path) or "")):
                continue  # e.g. the CustomResourceDefinitions of these kinds: large, and no deployment
            if lower.endswith(".json"):
                data = index.json(path)
                if data is not None:
                    _document(c, data)
            else:
                for doc in manifest_documents(index, path, _OBJECT):
                    _document(c, doc)
                if manifest_unparseable(index, path, _OBJECT):
                    c.add(None, "template", path, "unparseable",
                          detail="a templated manifest that cannot be read even with placeholders filled in")
        elif lower.endswith((".py", ".ipynb")) and not is_test_file(path):
            _python(index, path, c)
        elif lower.endswith(_JS_SUFFIXES) and not _JS_SKIP.search(path) \
                and (index.size(path) or 0) <= MAX_TEXT_BYTES and index.contains(path, _JS_SAGEMAKER):
            _javascript(c, index.text(path) or "")
        elif lower.endswith(".tf") and index.contains(path, _TF_SAGEMAKER):
            _terraform(c, index.text(path) or "")
        elif (lower.endswith((".sh", ".bash", "makefile")) or path.rsplit("/", 1)[-1] == "Makefile") \
                and index.contains(path, _TRAFFIC_SPLIT):
            _shell(c, index.text(path) or "")
        facts.extend(c.facts)
    facts += _kubernetes_deployments(index, configured)
    lambdas = any(h.kind == "lambda" for h in serving_handlers(index))
    for cmd in _ci_commands(index):
        if lambdas and "lambda" in cmd[2]:
            c = _Collector(cmd[0])
            _lambda_cli(c, cmd[2], cmd[1])
            facts.extend(c.facts)
        if "az ml" in cmd[2]:
            c = _Collector(cmd[0])
            _azure_ml_cli(c, cmd[2], cmd[1])
            facts.extend(c.facts)
        if "--traffic-split" in cmd[2]:
            c = _Collector(cmd[0])
            _shell(c, cmd[2])
            facts.extend(DeployFact(f.path, cmd[1], f.system, f.name, f.signal, f.automated, f.detail)
                         for f in c.facts)
    return sorted(set(facts), key=lambda f: (f.path, f.line or 0, f.signal, f.system))


# ---------------------------------------------------------------------- plain Kubernetes Deployments
_K8S_DEPLOYMENT = Needles("kind: Deployment", "kind: \"Deployment\"", "kind: 'Deployment'")
_DOCKER_BUILD = lazyre.compile(r"\bdocker\s+(?:buildx\s+)?build\b[^\n;&|]*")
_COMPOSE = lazyre.compile(r"(^|/)(docker-)?compose[\w.-]*\.ya?ml$", needs=("compose",))


def _image_base(image: str) -> str:
    """`ghcr.io/acme/churn-api:1.2@sha256:...` -> `churn-api`: what names an image across registries and tags."""
    name = image.strip().strip("'\"").split("@", 1)[0]
    last = name.rsplit("/", 1)[-1]
    return last.split(":", 1)[0]


def _served_images(index: RepoIndex) -> set[str]:
    """Names of the images the repository builds from a Dockerfile that starts a model server, when it has
    prediction code: tags given to `docker build` (in CI, a Makefile, a script) and the `image:` of a compose
    service that builds one."""
    from mlgate.facts.ci import ci_reached
    from mlgate.inventory import serving_image

    if not serving_handlers(index):
        return set()
    dockerfiles = {p for p in all_dockerfiles(index) if serving_image(index, p, base=False) is not None}
    if not dockerfiles:
        return set()
    names: set[str] = set()
    for path in index.files:
        if not _COMPOSE.search(path):
            continue
        for doc in index.yaml(path):
            services = doc.get("services") if isinstance(doc, dict) else None
            for svc in services.values() if isinstance(services, dict) else []:
                if not isinstance(svc, dict) or not isinstance(svc.get("image"), str) or "build" not in svc:
                    continue
                build = svc["build"]
                context = build if isinstance(build, str) else str(build.get("context", ".")) \
                    if isinstance(build, dict) else "."
                file = build.get("dockerfile") if isinstance(build, dict) else None
                base = parent_dir(path)
                target = _dockerfile_of("/".join(x for x in (base, context) if x and x != "."),
                                        str(file) if file else None, dockerfiles)
                if target in dockerfiles:
                    names.add(_image_base(svc["image"]))
    commands = [r.command for _job, r in ci_reached(index)]
    commands += [index.text(p) or "" for p in index.files if (p.rsplit("/", 1)[-1] == "Makefile"
                 or p.endswith(".sh")) and index.contains(p, _DOCKER_BUILD_NEEDLES)]
    for text in commands:
        for m in _DOCKER_BUILD.finditer(text):
            tags, file, context = _build_args(m.group(0))
            target = posixpath.normpath(file) if file else _dockerfile_of(context, None, dockerfiles)
            if target in dockerfiles:
                names |= {_image_base(t) for t in tags if not t.startswith("$")}
    return names - {""}


_DOCKER_BUILD_NEEDLES = Needles("docker build", "docker buildx build")


@dataclass(frozen=True)
class ComposeService:
    """A service of a Docker Compose file: the Dockerfile it builds (None when it runs a published image)
    and the command it overrides the image's with ('' when it keeps the image's own)."""

    path: str
    line: int | None
    name: str
    dockerfile: str | None
    command: str


def compose_services(index: RepoIndex) -> list[ComposeService]:
    """The services of the repository's compose files (docker-compose.yml, compose.yaml ...), outside
    samples and tests."""
    return index.memo("compose-services", lambda: _compose_services(index))


def _compose_services(index: RepoIndex) -> list[ComposeService]:
    dockerfiles = set(all_dockerfiles(index))
    out: list[ComposeService] = []
    for path in index.files:
        if not _COMPOSE.search(path) or SAMPLE_OR_TEST_CODE.search(path):
            continue
        text = index.text(path) or ""
        for doc in index.yaml(path):
            services = doc.get("services") if isinstance(doc, dict) else None
            if not isinstance(services, dict):
                continue
            for name, svc in services.items():
                if not isinstance(svc, dict):
                    continue
                build = svc.get("build")
                dockerfile = None
                if isinstance(build, (str, dict)):
                    context = build if isinstance(build, str) else str(build.get("context", "."))
                    file = build.get("dockerfile") if isinstance(build, dict) else None
                    dockerfile = _dockerfile_of(posixpath.normpath("/".join(x for x in (parent_dir(path), context)
                                                                            if x and x != ".")) or ".",
                                                str(file) if file else None, dockerfiles)
                command = svc.get("command") or svc.get("entrypoint") or ""
                if isinstance(command, list):
                    command = " ".join(str(c) for c in command)
                line = yaml_line(services, name)
                if line is None:
                    m = re.search(rf"(?m)^[ \t]+{re.escape(str(name))}[ \t]*:", text)
                    line = text[: m.start()].count("\n") + 1 if m else None
                out.append(ComposeService(path, line, str(name), dockerfile, str(command)))
    return out


def _dockerfile_of(context: str, file: str | None, dockerfiles: set[str]) -> str:
    """The Dockerfile a build of ``context`` reads: ``file`` (relative to the context in compose), else
    Docker's defaults, `Dockerfile` then `dockerfile`."""
    names = (file,) if file else ("Dockerfile", "dockerfile")
    targets = [posixpath.normpath("/".join(x for x in (context, name) if x and x != ".")) for name in names]
    return next((t for t in targets if t in dockerfiles), targets[0])


def _build_args(command: str) -> tuple[list[str], str, str]:
    """(tags, -f file, context) of a `docker build` command line."""
    import shlex

    try:
        words = shlex.split(command)
    except ValueError:
        words = command.split()
    words = words[words.index("build") + 1:] if "build" in words else []
    tags: list[str] = []
    file = ""
    positional: list[str] = []
    takes_value = ("-t", "--tag", "-f", "--file", "--build-arg", "--target", "--platform", "--label")
    i = 0
    while i < len(words):
        w = words[i]
        key, eq, value = w.partition("=")
        if w in takes_value and i + 1 < len(words):
            key, value = w, words[i + 1]
            i += 1
        elif not (eq and key in takes_value):
            if not w.startswith("-"):
                positional.append(w)
            i += 1
            continue
        if key in ("-t", "--tag"):
            tags.append(value)
        elif key in ("-f", "--file"):
            file = value
        i += 1
    return tags, file, positional[-1] if positional else "."


def _kubernetes_deployments(index: RepoIndex, configured: tuple[str, ...]) -> list[DeployFact]:
    """Plain Kubernetes Deployments (and StatefulSets) of an image that the repository builds to serve its
    model: a rolling update moves all traffic to the new model pod by pod, with no canary step or metric
    check, and the previous ReplicaSet is kept for `kubectl rollout undo`. Which image serves the model is
    inferred (the Dockerfile that starts a server, the tags it is built with), so rules judge these at
    medium confidence."""
    images = _served_images(index)
    if not images:
        return []
    out: list[DeployFact] = []
    for path in _candidates(index, configured):
        if not path.endswith((".yaml", ".yml")) or not index.contains(path, _K8S_DEPLOYMENT):
            continue
        c = _Collector(path)
        for doc in index.yaml(path):
            if not isinstance(doc, dict) or doc.get("kind") not in ("Deployment", "StatefulSet") \
                    or not str(doc.get("apiVersion", "")).startswith("apps/"):
                continue
            containers = _get(doc, "spec", "template", "spec", "containers")
            served = [ct.get("image") for ct in containers if isinstance(ct, dict)
                      and isinstance(ct.get("image"), str) and _image_base(ct["image"]) in images] \
                if isinstance(containers, list) else []
            if not served:
                continue
            system, name, line = f"Kubernetes {doc['kind']}", _name(doc), yaml_line(doc, "kind")
            strategy = str(_get(doc, "spec", "strategy", "type") or "RollingUpdate")
            c.add(line, system, name, "deploy")
            c.add(line, system, name, "all-at-once",
                  detail=f"strategy {strategy} of image `{served[0]}`: every pod moves to the new model, with no "
                  "canary step or metric check")
            if _get(doc, "spec", "revisionHistoryLimit") != 0:
                c.add(line, system, name, "rollback",
                      detail="the previous ReplicaSet is kept: `kubectl rollout undo` restores it, by hand")
        out += c.facts
    return out


_RAY_SERVICE = Needles("RayService")


@dataclass(frozen=True)
class RayServeImage:
    """A KubeRay ``RayService`` that runs a Ray Serve application of the repository: ``module`` (the file its
    ``import_path`` names), the ``image`` its Ray cluster runs in, and the manifest (``path``, ``line``)."""

    path: str
    line: int | None
    module: str
    image: str


def ray_service_images(index: RepoIndex) -> list[RayServeImage]:
    """The Ray Serve applications that a RayService manifest runs, with the image of its cluster's head group:
    `import_path: vllm_app:deployment` in its `serveConfigV2` names vllm_app.py, which runs in the image (e.g.
    `rayproject/ray-llm:2.49.1-py311-cu128`) with the packages that image holds, unless its `runtime_env`
    installs more. A module is matched by its dotted path, at the end of a repository path."""

    def compute() -> list[RayServeImage]:
        out: list[RayServeImage] = []
        py = [p for p in index.files if p.endswith(".py")]
        for path in index.files:
            if not path.endswith((".yaml", ".yml")) or not index.contains(path, _RAY_SERVICE):
                continue
            for doc in index.yaml(path):
                if not isinstance(doc, dict) or doc.get("kind") != "RayService":
                    continue
                containers = _get(doc, "spec", "rayClusterConfig", "headGroupSpec", "template", "spec", "containers")
                images = [c["image"] for c in containers if isinstance(c, dict) and isinstance(c.get("image"), str)] \
                    if isinstance(containers, list) else []
                config = _get(doc, "spec", "serveConfigV2")
                served = load_yaml_documents(config, path, None) if isinstance(config, str) else []
                apps = _get(served[0], "applications") if served else None
                if not images or not isinstance(apps, list):
                    continue
                for app in apps:
                    target = app.get("import_path") if isinstance(app, dict) else None
                    if not isinstance(target, str) or (":" not in target and "." not in target):
                        continue
                    module = target.split(":", 1)[0] if ":" in target else target.rsplit(".", 1)[0]
                    module = module.replace(".", "/")
                    out += [RayServeImage(path, yaml_line(doc, "kind"), p, images[0]) for p in py
                            if p == f"{module}.py" or p.endswith(f"/{module}.py")]
        return out

    return index.memo("ray-service-images", compute)


def _ci_commands(index: RepoIndex) -> list[tuple[str, int | None, str]]:
    """(CI file, line of the step, the commands it reaches, one per line) for every CI step (the CI model):
    a deployment and the traffic shift that follows it are often two commands of one step."""
    from mlgate.facts.ci import ci_reached

    steps: dict[tuple[int, str, int | None], list[str]] = {}
    for job, r in ci_reached(index):
        steps.setdefault((id(job), r.path, r.line), []).append(r.command)
    return [(path, line, "\n".join(commands)) for (_job, path, line), commands in steps.items()]


# ---------------------------------------------------------------------- serving code
_ROUTE_NAME = lazyre.compile(r"predict|infer|score|invocation|classif|recommend|forecast|detect|embed|generate|rank",
                             re.I)
_SERVING_BASES = lazyre.compile(r"\b(kserve\.Model|Model|MLModel|BaseHandler|TritonPythonModel|BasePredictor|"
                                r"SeldonComponent|PythonModel)\b")


# a route that scores a model in its own body, whatever its path is called (`@router.post("/premium")`)
_PREDICTS = lazyre.compile(r"\.predict(?:_proba)?\(")
_AML_LOAD = lazyre.compile(r"get_model_path|joblib\.load|pickle\.load|load_model|torch\.load|from_pretrained|"
                           r"AZUREML_MODEL_DIR")


@dataclass(frozen=True)
class ServingHandler:
    path: str
    line: int | None
    name: str  # the handler function or class
    kind: str  # fastapi | flask | kserve | bentoml | ray-serve | sagemaker | seldon | triton | torchserve | ...


# loading a trained model (or pretrained weights) for inference
_MODEL_LOAD = lazyre.compile(r"\b(?:joblib|pickle|cloudpickle|dill)\.load\(|\btorch\.(?:hub\.|jit\.)?load\(|"
                             r"\.from_pretrained\(|\bload_model\(|InferenceSession\(|saved_model\.load\(|"
                             r"\bload_learner\(|\bYOLO\(")


def _model_globals(index: RepoIndex, src: Any) -> set[str]:
    """The module-level names of ``src`` bound to a loaded model: `model = joblib.load(...)`, or the result of
    a function of this module or of a repository module it imports whose body loads one
    (`model = get_segmentator()`, with `torch.hub.load(...)` inside)."""

    def compute() -> set[str]:
        from mlgate.facts.imports import file_imports

        local = {n.name: n for n in src.tree.body if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef))}
        imported: dict[str, str] | None = None
        names: set[str] = set()
        for stmt in src.tree.body:
            if not (isinstance(stmt, ast.Assign) and isinstance(stmt.value, ast.Call)):
                continue
            targets = [t.id for t in stmt.targets if isinstance(t, ast.Name)]
            call = stmt.value
            loads = bool(_MODEL_LOAD.search(ast.unparse(call)))
            if not loads and isinstance(call.func, ast.Name):
                fn = local.get(call.func.id)
                if fn is None:
                    if imported is None:
                        imported = {name: module for module, name in file_imports(index, src.path).used}
                    module = imported.get(call.func.id)
                    other = index.python(module) if module else None
                    fn = next((n for n in other.tree.body if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef))
                               and n.name == call.func.id), None) if other is not None else None
                loads = fn is not None and bool(_MODEL_LOAD.search(ast.unparse(fn)))
            if loads:
                names.update(targets)
        return names

    result: set[str] = index.memo(f"deploy:model-globals:{src.path}", compute)
    return result


_INSPECTS = frozenset({"hasattr", "getattr", "isinstance", "type", "len", "print", "str", "repr", "id", "callable",
                       "vars", "dir", "bool"})


# a request or response model named for the task (`RecommendationRequestV5.model_validate(body)`,
# `ForecastResponse(...)`): a route at "/" named `root` that answers with one serves the model
_TASK_MESSAGE = lazyre.compile(r"\b\w*(?:Predict|Inferen|Scor|Classif|Recommend|Forecast|Detect|Rank)\w*"
                               r"(?:Request|Response|Input|Output|Payload)\w*")
_LOG_CALL = lazyre.compile(r"^(?:\w*log(?:ger|ging)?|print)\b")


def _is_stub(fn: ast.FunctionDef | ast.AsyncFunctionDef) -> bool:
    """A route that only logs and returns a constant (`return {}`): a placeholder, whatever it is named
    (poprox-recommender's `/embed` "stub endpoint"), not code that serves a model."""
    body = fn.body[1:] if fn.body and isinstance(fn.body[0], ast.Expr) \
        and isinstance(fn.body[0].value, ast.Constant) else fn.body
    returned = False
    for stmt in body:
        if isinstance(stmt, ast.Pass):
            continue
        if isinstance(stmt, ast.Expr) and isinstance(stmt.value, ast.Call) \
                and _LOG_CALL.match(ast.unparse(stmt.value.func)):
            continue
        if isinstance(stmt, ast.Return) and (stmt.value is None or _constant(stmt.value)):
            returned = True
            continue
        return False
    return returned


# the paths of a server's operational probes: health, readiness and liveness checks, the metrics scrape, the
# version. Such a route answers no prediction whatever its function is called (`inference_healthz`)
_PROBE_PATH = lazyre.compile(r"^/?(?:[\w.-]+/)*(?:health|healthz|health[-_]?check|ready|readyz|readiness|live|"
                             r"livez|liveness|alive|ping|metrics|version)/?$", re.I)


def _predicts(index: RepoIndex, src: Any, fn: ast.FunctionDef | ast.AsyncFunctionDef, route: str) -> bool:
    """A route's function that answers predictions: its path (``route``, the route's text) or name says so, its
    body predicts or answers with a task's message, or it uses a model loaded by the module; and it is no stub."""
    return bool(_ROUTE_NAME.search(route) or _ROUTE_NAME.search(fn.name)
                or _PREDICTS.search(body := ast.unparse(fn)) or _TASK_MESSAGE.search(body)
                or _uses_loaded_model(index, src, fn) or _answers_prediction(fn)) and not _is_stub(fn)


# a value named for the model's answer: `prediction`, `preds`, `y_pred`, `forecast`
_PREDICTION_NAME = lazyre.compile(r"^(predictions?|preds?|y_?pred|y_?hat|forecasts?)$", re.I)


def _answers_prediction(fn: ast.FunctionDef | ast.AsyncFunctionDef) -> bool:
    """A route that answers with a value named for a prediction, which a helper made (ThoughtWorks' CD4ML:
    `_, _, prediction = make_page_for_scenario_and_identifier(...)`, then `return prediction if prediction is not
    None else {...}` or `render_template("results.html", prediction=prediction)`): it serves the model though
    it calls no predict itself and its path (`/api/<scenario>/<identifier>`) says nothing of one."""
    for node in ast.walk(fn):
        if isinstance(node, ast.Return) and node.value is not None:
            for n in ast.walk(node.value):
                if isinstance(n, ast.Name) and _PREDICTION_NAME.match(n.id) is not None:
                    return True
    return False


def _probe_route(dec: ast.expr) -> bool:
    """A route decorator (`@app.get("/healthz")`, `@router.get(path="/v1/ready")`) whose path is an
    operational probe: not a prediction handler."""
    if not isinstance(dec, ast.Call):
        return False
    path = dec.args[0] if dec.args else next((k.value for k in dec.keywords if k.arg in ("path", "rule")), None)
    return isinstance(path, ast.Constant) and isinstance(path.value, str) and _probe_path(path.value)


def _probe_path(url: str) -> bool:
    """A route path that is an operational probe (`/healthz`, `/v1/ready`, `/metrics`), decorated or registered
    by a call (`app.add_api_route("/healthz", inference_healthz)`)."""
    return bool(_PROBE_PATH.match(url))


def _constant(node: ast.expr) -> bool:
    """A literal built of constants only (`{}`, `[]`, `{"ok": True}`)."""
    return all(isinstance(n, (ast.Constant, ast.Dict, ast.List, ast.Tuple, ast.Set, ast.expr_context))
               for n in ast.walk(node))


def _uses_loaded_model(index: RepoIndex, src: Any, fn: ast.FunctionDef | ast.AsyncFunctionDef) -> bool:
    """Does a route score with a module-level model: call it (`model(x)`), call one of its methods
    (`model.generate(...)`), or hand it to a helper (`get_segments(model, file)`)? A route named for its task
    (`/segmentation`) rather than for prediction serves the model all the same; one that only inspects it
    (`hasattr(model, "feature_names_in_")`, `model.classes_`) does not."""
    models = _model_globals(index, src)
    if not models:
        return False

    def is_model(node: ast.expr) -> bool:
        return isinstance(node, ast.Name) and node.id in models

    for stmt in fn.body:
        for n in ast.walk(stmt):
            if not isinstance(n, ast.Call):
                continue
            f = n.func
            if is_model(f) or (isinstance(f, ast.Attribute) and is_model(f.value)):
                return True
            if not (isinstance(f, ast.Name) and f.id in _INSPECTS) \
                    and any(is_model(a) for a in [*n.args, *(k.value for k in n.keywords)]):
                return True
    return False


# A client of a model hosted elsewhere, named by a string: an API's chat or completion client (OpenAI, Azure
# OpenAI, Anthropic, Bedrock, Gemini, Groq, Mistral, Cohere, LiteLLM), LangChain's and LlamaIndex's wrappers of
# them, and the client of an Ollama server. The application sends prompts; the provider runs the model.
_HOSTED_NEEDLES = Needles("OpenAI(", "Anthropic(", "Bedrock", "bedrock-runtime", "Ollama", "ollama", "Generative",
                          "genai.Client(", "Groq(", "Mistral", "cohere.", "litellm.", "VertexAI(", "init_chat_model(",
                          "Gemini(", "Cohere(", "dspy.LM(", "openai/", "anthropic/", "gemini/", "groq/", "bedrock/",
                          "azure/", "vertex_ai/", "openrouter/", "together_ai/", "deepseek/")
_HOSTED_CLIENT = lazyre.compile(
    r"\b(?:Async)?(?:Azure)?OpenAI\(|\bChat(?:OpenAI|AzureOpenAI|Anthropic|Bedrock(?:Converse)?|Ollama|VertexAI|"
    r"GoogleGenerativeAI|Groq|MistralAI|Cohere|Fireworks|Together|DeepSeek|LiteLLM|Perplexity|XAI)\(|"
    r"\bAzureChatOpenAI\(|\b(?:Async)?Anthropic\(|\bOllama(?:LLM)?\(|"
    r"\bollama\.(?:chat|generate|embed|embeddings|Client|AsyncClient)\(|\bGenerativeModel\(|\bgenai\.Client\(|"
    r"\b(?:Async)?Groq\(|\bMistral\(|\bcohere\.(?:Client|ClientV2|AsyncClient)\(|\blitellm\.a?completion\(|"
    r"\bBedrock(?:Converse)?\(|[\"']bedrock-runtime[\"']|\binit_chat_model\(|\bGemini\(|\bVertexAI\(|\bCohere\(|"
    # DSPy's language model, and the "provider/model" names of LiteLLM that CrewAI and DSPy pass on
    # (`dspy.LM("openai/gpt-4o-mini")`, `Agent(llm=f"ollama/{model}")`)
    r"\bdspy\.LM\(|(?<![\w\"'])[fr]?[\"'](?:openai/(?:gpt-[345]|o\d|chatgpt|text-embedding)|(?:azure|anthropic|ollama|"
    r"ollama_chat|gemini|vertex_ai|bedrock|groq|together_ai|deepseek|openrouter)/[\w{.:-])")
# a model that runs in the process itself: weights loaded from a file or the Hub, a framework that runs them, a
# predict call, an endpoint of the repository's own. LangChain's and LlamaIndex's embedding wrappers
# (`HuggingFaceEmbeddings(model_name="all-MiniLM-L6-v2")`) index and retrieve documents for the prompt: they
# are not the model whose answers the application serves, and are not signs of one here.
_OWN_MODEL = lazyre.compile(
    r"\bfrom_pretrained\(|\bSentenceTransformer\(|\bCrossEncoder\(|\bpipeline\(|"
    r"\b(?:joblib|pickle|cloudpickle|dill)\.loads?\(|\b(?:torch|tensorflow|keras|sklearn|onnxruntime|mlflow|bentoml|"
    r"xgboost|lightgbm|catboost|llama_cpp|vllm|ultralytics|tritonclient|kserve)\b|InferenceSession\(|"
    r"\bload_model\(|\bLlama\(|\bYOLO\(|\.predict(?:_proba)?\(|invoke_endpoint|"
    r"\.(?:pkl|pt|pth|onnx|h5|joblib|gguf|safetensors|bin)\b")


# the handlers of an application's own code (a model server's interface, KServe's or SageMaker's, is not one)
_APP_HANDLERS = frozenset({"http", "ray-serve", "lambda"})


def hosted_model_only(index: RepoIndex, path: str) -> bool:
    """Does the module at ``path`` reach a model only through a client of one hosted elsewhere (`ChatOpenAI(model=
    "gpt-4o-mini")`, `ChatOllama(base_url=..., model=llm_name)`, Bedrock), it and the repository modules it
    imports showing no sign of a model of their own (weights loaded, a framework that runs them, a predict call)?
    Such an application sends prompts to a provider's model, named by a string: it serves no model it trained or
    ships, whatever its routes are called (`/generate-ticket`, `/classify`), and the monitoring a served model
    owes its training data (drift, age, NaN guards) has nothing to compare with. docker/genai-stack's api.py,
    whose `load_llm` in chains.py picks ChatOpenAI, ChatBedrock or ChatOllama by name."""

    def compute() -> bool:
        from mlgate.facts.python import repo_imports

        files = [path, *repo_imports(index, path)]
        if not any(index.contains(f, _HOSTED_NEEDLES) and _HOSTED_CLIENT.search(index.text(f) or "") for f in files):
            return False
        return not any(_OWN_MODEL.search(index.text(f) or "") for f in files)

    result: bool = index.memo(f"deploy:hosted-only:{path}", compute)
    return result


def _handlers_in(index: RepoIndex, path: str, at_hand: Any = None) -> list[ServingHandler]:
    """The prediction handlers one module defines, read once (``at_hand``: its parse, at a drop)."""

    def compute() -> list[ServingHandler]:
        if not index.contains(path, _SERVING_MARKERS):
            return []
        src = at_hand if at_hand is not None else index.python(path, keep=False)  # handlers: names and lines
        return _handlers_of(index, src) if src is not None else []

    found: list[ServingHandler] = index.memo(f"deploy:handlers:{path}", compute)
    return found


def _handlers_of(index: RepoIndex, src: Any) -> list[ServingHandler]:
    path, text = src.path, src.text
    out: list[ServingHandler] = []
    top_funcs = {n.name: n for n in src.tree.body if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef))}
    # definitions in ``ast.walk`` order from the shared walk of the module (a second walk of every serving
    # module cost more than the rest of this function)
    for node in src.of_types(ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef):
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            for dec in node.decorator_list:
                d = ast.unparse(dec)
                route = re.match(r"^\w+\.(post|get|put|route|api)\((.*)\)$", d, re.S)
                if route and ("FastAPI" in text or "APIRouter" in text or "Flask" in text or "Blueprint" in text) \
                        and _predicts(index, src, node, route.group(2)) and not _probe_route(dec):
                    out.append(ServingHandler(path, node.lineno, node.name, "http"))
                elif re.match(r"^(svc|service|\w+)\.api\b|^bentoml\.api\b|^api\b", d) and "bentoml" in text:
                    out.append(ServingHandler(path, node.lineno, node.name, "bentoml"))
        elif isinstance(node, ast.ClassDef):
            bases = " ".join(ast.unparse(b) for b in node.bases)
            decs = " ".join(ast.unparse(d) for d in node.decorator_list)
            methods = {b.name: b for b in node.body if isinstance(b, (ast.FunctionDef, ast.AsyncFunctionDef))}
            if "serve.deployment" in decs or "bentoml.service" in decs:
                handler = methods.get("predict") or methods.get("__call__") or next(iter(methods.values()), None)
                out.append(ServingHandler(path, handler.lineno if handler else node.lineno, node.name,
                                          "ray-serve" if "serve" in decs and "bentoml" not in decs else "bentoml"))
            elif _SERVING_BASES.search(bases) and ("predict" in methods or "execute" in methods
                                                  or "handle" in methods or "preprocess" in methods):
                if "kserve" in text or "mlserver" in text or "triton" in text.lower() or "ts.torch_handler" in text \
                        or "cog" in text or "mlflow.pyfunc" in text:
                    handler = methods.get("predict") or methods.get("execute") or methods.get("handle")
                    out.append(ServingHandler(path, handler.lineno if handler else node.lineno, node.name,
                                              "model-server"))
            elif "predict" in methods and re.search(r"features_names|feature_names",
                                                    ast.unparse(methods["predict"].args)):
                out.append(ServingHandler(path, methods["predict"].lineno, node.name, "seldon"))
    # routes registered by a call rather than a decorator: FastAPI's `app.add_api_route("/embed", _embed_text,
    # methods=["POST"])`, Flask's `app.add_url_rule("/predict", view_func=predict)`
    if "add_api_route" in text or "add_url_rule" in text:
        for call in src.call_nodes:
            f = call.func
            if not isinstance(f, ast.Attribute) or f.attr not in ("add_api_route", "add_url_rule"):
                continue
            kws = {k.arg: k.value for k in call.keywords if k.arg}
            at = 1 if f.attr == "add_api_route" else 2
            target = kws.get("endpoint" if f.attr == "add_api_route" else "view_func") or (
                call.args[at] if len(call.args) > at else None)
            fn = top_funcs.get(target.id) if isinstance(target, ast.Name) else None
            rule = call.args[0] if call.args else kws.get("path") or kws.get("rule")
            url = rule.value if isinstance(rule, ast.Constant) and isinstance(rule.value, str) else ""
            if fn is not None and _predicts(index, src, fn, url) and not _probe_path(url):
                out.append(ServingHandler(path, fn.lineno, fn.name, "http"))
    for fn in top_funcs.values():  # AWS Lambda handlers that score a model
        args = [a.arg.lstrip("_") for a in fn.args.args]  # `_context`: a context the handler does not use
        # (a handler that forwards to a model endpoint, `invoke_endpoint`, is the model's online entry too)
        if args[:2] == ["event", "context"] and re.search(r"\.predict\w*\(|model\(|model_service|model\.|"
                                                         r"\.invoke_endpoint\(",
                                                         ast.unparse(fn) if "predict" not in text else text):
            out.append(ServingHandler(path, fn.lineno, fn.name, "lambda"))
    run, init = top_funcs.get("run"), top_funcs.get("init")
    if run is not None and init is not None and ("azureml" in text or "AZUREML_MODEL_DIR" in text) \
            and _AML_LOAD.search(ast.unparse(init)) and [a.arg for a in run.args.args][:1] != ["mini_batch"]:
        # an Azure ML scoring script: init() loads the model, run(data) answers each request (a ParallelRunStep
        # entry script's run(mini_batch) scores files in bulk instead)
        out.append(ServingHandler(path, run.lineno, "run", "azureml"))
    if "model_fn" in top_funcs and ({"predict_fn", "input_fn", "transform_fn"} & set(top_funcs)):
        fn = top_funcs.get("predict_fn") or top_funcs.get("transform_fn") or top_funcs["model_fn"]
        out.append(ServingHandler(path, fn.lineno, fn.name, "sagemaker"))
    if any(h.kind in _APP_HANDLERS for h in out) and hosted_model_only(index, path):
        # web routes, Ray Serve deployments and Lambda handlers that answer with a hosted model's output (a RAG
        # chat over ChatOpenAI) serve no model here
        out = [h for h in out if h.kind not in _APP_HANDLERS]
    return out


_NOT_SERVING = lazyre.compile(r"(^|/)(docs?|examples?|notebooks?)/")
# both patterns match a folder followed by "/"
_not_serving = by_folder(lambda folder: _SKIP.search(folder) is not None or _NOT_SERVING.search(folder) is not None)


def serving_handlers(index: RepoIndex) -> list[ServingHandler]:
    """Prediction handlers of serving code in the repository (tests, docs and examples excluded)."""

    def compute() -> list[ServingHandler]:
        out: list[ServingHandler] = []
        for path in code_files(index):
            if path.endswith(".py") and not _not_serving(path):
                out.extend(_handlers_in(index, path))
        return out

    return index.memo("serving-handlers", compute)


def _handlers_at_drop(index: RepoIndex, path: str, sources: list[Any]) -> None:
    """A module serving_handlers reads, read from its first parse when a sweep drops it: the repository
    model asks for the handlers after its sweeps, which had dropped such modules (any that spells "context)",
    say: diffusers 18, 0.6M characters, lerobot 7), and each was parsed again (and kept)."""
    if sources and index.rules and path.endswith(".py") and not is_test_file(path) and not _not_serving(path) \
            and index.contains(path, _SERVING_MARKERS):
        _handlers_in(index, path, sources[0])


RepoIndex.at_drop(_handlers_at_drop)


def bento_builds(index: RepoIndex) -> list[str]:
    """The BentoML builds of the repository's own services, a `bentofile.yaml` or the `[tool.bentoml.build]`
    table of a pyproject.toml (BentoML 1.2's other place for the same options; bentoml/BentoVLLM's only one):
    not a sample's or a test's (a BentoML quickstart copied under examples/), as for Dockerfiles and manifests."""
    def compute() -> list[str]:
        builds = [p for p in index.named("bentofile.yaml") if not SAMPLE_OR_TEST_CODE.search(p)]
        for path in index.named("pyproject.toml"):
            if SAMPLE_OR_TEST_CODE.search(path) or "tool.bentoml" not in (index.text(path) or ""):
                continue
            data = index.toml(path)
            tool = data.get("tool") if isinstance(data, dict) else None
            bentoml = tool.get("bentoml") if isinstance(tool, dict) else None
            if isinstance(bentoml, dict) and isinstance(bentoml.get("build"), dict):
                builds.append(path)
        return sorted(builds)

    found: list[str] = index.memo("deploy:bento-builds", compute)
    return found


def serving_files(index: RepoIndex) -> list[str]:
    return sorted({h.path for h in serving_handlers(index)})


def served(index: RepoIndex, configured: tuple[str, ...] = ()) -> bool:
    """Does the repository serve a model: a deployment manifest, or serving code?"""
    return bool(serving_handlers(index)) or any(f.signal != "unparseable" for f in deploy_facts(index, configured)) \
        or bool(bento_builds(index))
