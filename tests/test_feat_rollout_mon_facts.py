"""Facts behind the feat, rollout and mon rules: the static import map, template rendering, coverage
data, alert classification, and bad input that must never raise."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from mlgate.catalog import load_catalog
from mlgate.config import Config
from mlgate.engine import Selection, run_rules
from mlgate.facts.coverage import coverage_reports
from mlgate.facts.deploy import deploy_facts, render_template
from mlgate.facts.imports import file_imports, module_names
from mlgate.facts.monitoring import classify
from mlgate.model import Status
from mlgate.repo import build_index
from tests.conftest import TODAY, write_tree


def test_import_map_resolves_src_layout_relative_imports_and_reexports(tmp_path: Path) -> None:
    root = write_tree(tmp_path, {
        "src/shop/__init__.py": "",
        "src/shop/features/__init__.py": "from .basket import basket_size\n",
        "src/shop/features/basket.py": "def basket_size(items):\n    return len(items)\n",
        "src/shop/features/prices.py": "def net(p):\n    return p / 1.2\n",
        "tests/test_a.py": "from shop.features import basket_size\n",
        "tests/test_b.py": "import shop.features.prices as pr\n\ndef test_net():\n    assert pr.net(1.2) == 1\n",
    })
    index = build_index(root, use_git=False)
    assert "shop.features.basket" in module_names(index, "src/shop/features/basket.py")
    a = file_imports(index, "tests/test_a.py")
    assert ("src/shop/features/basket.py", "basket_size") in a.used  # followed through the re-export
    b = file_imports(index, "tests/test_b.py")
    assert ("src/shop/features/prices.py", "net") in b.used  # an attribute call on a module alias


def test_templates_keep_line_numbers_and_take_values_and_defaults() -> None:
    text = ("spec:\n  {{- if .Values.canary.enabled }}\n  weight: {{ .Values.canary.weight }}\n"
            "  replicas: {{ .Values.replicas | default 3 }}\n  name: {{ .Values.missing }}\n  {{- end }}\n")
    out = render_template(text, {"canary": {"weight": 10, "enabled": True}})
    assert out.split("\n") == ["spec:", "", "  weight: 10", "  replicas: 3", "  name: MLGATE_UNRESOLVED", "", ""]


def test_coverage_data_is_read_safely(tmp_path: Path) -> None:
    root = write_tree(tmp_path, {
        "pkg/features.py": "def f(x):\n    return x\n",
        "coverage.xml": '<?xml version="1.0"?>\n<!DOCTYPE lolz [<!ENTITY lol "lol">]>\n<coverage>&lol;</coverage>\n',
        "sub/.coverage": b"\x00\x01not sqlite at all",
    })
    conn = sqlite3.connect(root / ".coverage")
    conn.executescript("CREATE TABLE file (id integer primary key, path text);"
                       "CREATE TABLE line_bits (file_id integer, context_id integer, numbits blob);"
                       "INSERT INTO file VALUES (1, '/ci/work/pkg/features.py');")
    conn.execute("INSERT INTO line_bits VALUES (1, 1, ?)", (bytes([0b110]),))  # lines 1 and 2
    conn.commit()
    conn.close()
    index = build_index(root, use_git=False)
    reports = coverage_reports(index)
    assert [(r.path, r.kind) for r in reports] == [(".coverage", "sqlite")]
    fc = reports[0].for_file("pkg/features.py")
    assert fc is not None and fc.line_rate == 1.0 and not reports[0].stale_reasons()
    messages = {n.path: n.message for n in index.notices}
    assert "DTD" in messages["coverage.xml"] and "SQLite" in messages["sub/.coverage"]


def test_alert_classification_by_metric_names() -> None:
    assert classify("ModelSlow", "histogram_quantile(0.99, rate(prediction_latency_seconds_bucket[5m])) > 1") \
        == frozenset({"latency"})
    assert classify("X", 'sum(rate(http_requests_total{code=~"5.."}[5m])) > 1') >= {"errors"}
    assert classify("ModelStale", "time() - model_trained_timestamp_seconds > 86400") >= {"age"}
    assert classify("NaNs", "increase(model_nan_predictions_total[5m]) > 0") >= {"nan"}
    assert classify("Shift", "abs(avg_over_time(positive_prediction_ratio[6h]) - 0.1) > 0.05") == {"prediction"}


def test_bad_input_never_raises(tmp_path: Path) -> None:
    root = write_tree(tmp_path, {
        "deploy/broken.yaml": "apiVersion: serving.kserve.io/v1beta1\nkind: InferenceService\nspec: [unclosed\n",
        "deploy/junk.yaml": b"kind: Rollout\x00\xff\xfe argoproj.io",
        "deploy/weird.yaml": "apiVersion: argoproj.io/v1alpha1\nkind: Rollout\nspec:\n  strategy:\n    canary:\n"
                             "      steps: 7\n",
        "infra/cfn.json": '{"Resources": {"E": {"Type": "AWS::SageMaker::Endpoint", "Properties": []}}}',
        "monitoring/rules.yml": "groups: 3\n",
        "serve.py": "from fastapi import FastAPI\napp = FastAPI(\n",
        "coverage.xml": "<coverage><packages><class filename='x.py' line-rate='abc'/></packages>",
        "tests/test_x.py": "from . import (\n",
    })
    index = build_index(root, use_git=False)
    rules = tuple(r for r in load_catalog() if r.startswith(("feat-", "rollout-", "mon-")))
    results = run_rules(index, Config(), Selection(select=rules), today=TODAY)
    assert results and all(r.status is not Status.ERROR for r in results), [
        (r.rule_id, r.summary) for r in results if r.status is Status.ERROR]
    assert all(f.signal != "canary" for f in deploy_facts(index))


@pytest.mark.parametrize("text", [
    "apiVersion: serving.kserve.io/v1beta1\nkind: InferenceService\n", "'kind': 'Rollout'\n",
    "x: 1\n\"kind\" :\n  Canary\n", "  kind: Model\n", "xkind: Model\nkind: List\n", "subkind: Model\n",
    "kind: Modelx\n", "kind: CustomResourceDefinition\nspec:\n  names:\n    kind: InferenceService\n",
    "a'kind: Model\n", "'kind: Model\n", "Type: AWS::SageMaker::EndpointConfig\n", "AWS::SageMaker::EndpointX\n",
    "Type: AWS::Serverless::Function\n", "trafficSplit: 10\n", "traffic_split: {}\n", "",
])
def test_deployment_object_test_answers_as_its_pattern(text: str) -> None:
    """Whether a manifest can hold a deployment object is found branch by branch, with the same answer as
    the one pattern it replaces (a kind written at the start of a line, a SageMaker or SAM type, a split)."""
    from mlgate.facts.deploy import _OBJECT, _OBJECT_PATTERN

    assert _OBJECT.search(text) == (_OBJECT_PATTERN.search(text) is not None)


@pytest.mark.parametrize("text", [
    "x = pipeline.Pipeline(a)\n@pipeline\n", "mypipeline.Pipeline(\n", "_tfx.dsl.Pipeline(\n", " tfx.dsl.Pipeline(\n",
    "class A(FlowSpec):\n", "subclass B( FlowSpec )\nclass C(FlowSpec)\n", "@dsl.pipeline\n", "@pipelines\n",
    "def  register_pipelines(\n", "", "é tfx.dsl.Pipeline(\n", "étfx.dsl.Pipeline(\n",
])
def test_pipeline_code_is_found_where_its_pattern_finds_it(text: str) -> None:
    """The pipeline definition's branches searched one by one start where the one pattern matched first."""
    from mlgate.facts.pipelines import _PIPELINE_CODE, _pipeline_code_at

    m = _PIPELINE_CODE.search(text)
    assert _pipeline_code_at(text) == (m.start() if m else None)


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(["kind", ":", " ", "\n", "'", "\"", "Model", "List", "x", "  "]), max_size=14))
def test_deployment_object_kind_at_a_line_start_answers_as_its_pattern(parts: list[str]) -> None:
    from mlgate.facts.deploy import _OBJECT, _OBJECT_PATTERN

    text = "".join(parts)
    assert _OBJECT.search(text) == (_OBJECT_PATTERN.search(text) is not None)


def _exits_by_walking(nodes: list) -> bool:  # type: ignore[type-arg]
    """The algorithm ``_Exits`` replaced (the reference): a walk of every statement, for every ``if``."""
    import ast

    from mlgate.rules.rollout import _STOP_CALLS, _call_name

    for n in nodes:
        for sub in ast.walk(n):
            if isinstance(sub, ast.Raise | ast.Return):
                return True
            if isinstance(sub, ast.Call) and _call_name(sub) in _STOP_CALLS:
                return True
    return False


def _program(rng, depth: int, indent: str = "") -> list[str]:  # type: ignore[no-untyped-def]
    """A random module of nested blocks, some of which leave (return, raise, exit calls in expressions)."""
    simple = ["x = 1", "print(x)", "sys.exit(1)", "return x", "raise ValueError()", "y = [exit() for _ in z]",
              "f = lambda: pytest.fail('no')", "model.register()", "pass", "client.log(x)"]
    lines: list[str] = []
    for _ in range(rng.randint(1, 3)):
        kinds = ["simple", "simple", "if", "elif", "for", "try", "def", "with", "match"]
        kind = rng.choice(kinds) if depth else "simple"
        inner = indent + "    "
        if kind == "simple":
            lines.append(indent + rng.choice(simple))
        elif kind in ("if", "elif"):
            lines.append(f"{indent}if score < {rng.randint(0, 9)}:")
            lines += _program(rng, depth - 1, inner)
            for k in range(rng.randint(0, 3) if kind == "elif" else 0):
                lines.append(f"{indent}elif score == {k}:")
                lines += _program(rng, depth - 1, inner)
            if rng.random() < 0.5:
                lines.append(f"{indent}else:")
                lines += _program(rng, depth - 1, inner)
        elif kind == "for":
            lines.append(f"{indent}for i in range(3):")
            lines += _program(rng, depth - 1, inner)
        elif kind == "try":
            lines.append(f"{indent}try:")
            lines += _program(rng, depth - 1, inner)
            lines.append(f"{indent}except OSError:")
            lines += _program(rng, depth - 1, inner)
        elif kind == "def":
            default = "exit() if a else 0" if rng.random() < 0.2 else "0"
            lines.append(f"{indent}def helper(a={default}):")
            lines += _program(rng, depth - 1, inner)
        elif kind == "with":
            lines.append(f"{indent}with open(p) as fh:")
            lines += _program(rng, depth - 1, inner)
        else:
            lines.append(f"{indent}match x:")
            lines.append(f"{inner}case 1 if fail(x):" if rng.random() < 0.3 else f"{inner}case 1:")
            lines += _program(rng, depth - 1, inner + "    ")
            lines.append(f"{inner}case _:")
            lines += _program(rng, depth - 1, inner + "    ")
    return lines


@settings(max_examples=150, deadline=None)
@given(st.randoms(use_true_random=False))
def test_exits_agrees_with_walking_every_branch(rng) -> None:  # type: ignore[no-untyped-def]
    """The quality-gate search judges each statement once (``_Exits``) and answers as walking every ``if``'s
    branches again did, for every ``if`` of random modules (nested blocks, elif chains, handlers, matches)."""
    import ast

    from mlgate.rules.rollout import _Exits

    tree = ast.parse("\n".join(_program(rng, 4)))
    exits = _Exits()
    for node in [n for n in ast.walk(tree) if isinstance(n, ast.If)]:
        assert exits(node.body) == _exits_by_walking(node.body)
        assert exits(node.orelse) == _exits_by_walking(node.orelse)


@pytest.mark.parametrize("code", [
    "import torch\ntorch.autograd.set_detect_anomaly(True)\n",
    "import tensorflow as tf\ncb = tf.keras.callbacks.TerminateOnNaN()\n",
    "import tensorflow as tf\ntf.debugging.enable_check_numerics()\n",
    "import numpy as np\nnp.seterr(all='raise', over='raise')\n",
    "import numpy as np\nif not np.isfinite(loss):\n    raise ValueError(loss)\n",
    "import torch\nassert not torch.isnan(loss).any()\n",
    "from sklearn.utils import assert_all_finite\nassert_all_finite(X)\n",
    "import lightning as L\ntrainer = L.Trainer(detect_anomaly=True)\n",
])
def test_a_numeric_guard_is_found_past_the_text_check(tmp_path: Path, code: str) -> None:
    from mlgate.repo import RepoIndex
    from mlgate.rules.mon import _first_guard

    root = write_tree(tmp_path / "r", {"train.py": "# maintenance of the nano model\n" + code})
    index: RepoIndex = build_index(root, use_git=False)
    assert _first_guard("train.py", list(index.python_sources(["train.py"]))) is not None
    plain = write_tree(tmp_path / "p", {"train.py": "# maintenance of the nano model, finance data\nx = 1\n"})
    assert _first_guard("train.py", list(build_index(plain, use_git=False).python_sources(["train.py"]))) is None


def test_exits_of_a_long_elif_chain() -> None:
    """An elif chain is as deep as it is long (the parser takes ~900 branches): judged without recursion."""
    import ast

    from mlgate.rules.rollout import _Exits

    chain = "if v == 0:\n    x = 0\n" + "".join(f"elif v == {i}:\n    x = {i}\n" for i in range(1, 800))
    tree = ast.parse(chain + "else:\n    sys.exit(1)\n")
    exits = _Exits()
    ifs = [n for n in ast.walk(tree) if isinstance(n, ast.If)]
    assert len(ifs) == 800
    assert all(exits(n.orelse) for n in ifs) and not any(exits(n.body) for n in ifs)


def test_a_handler_that_logs_its_task_response_model_logs_the_prediction(tmp_path: Path) -> None:
    """poprox-recommender's handler logs the decoded request and the RecommendationResponse it answers with:
    inputs and predictions, with no request id (partial), not "inputs but not the prediction"."""
    from tests.conftest import run_rule

    write_tree(tmp_path, {
        "requirements.txt": "fastapi==0.115.12\npydantic==2.10.6\ntorch==2.6.0\n",
        "newsrec/__init__.py": "",
        "newsrec/pipeline.py": (
            "import torch\n\nencoder = torch.jit.load('models/news_encoder.pt')\n\n\n"
            "def select_articles(candidates, clicked, k):\n"
            "    return [candidates[i] for i in encoder(candidates, clicked).topk(k).indices.tolist()]\n"),
        "newsrec/api.py": (
            "import logging\n\nfrom fastapi import FastAPI\nfrom pydantic import BaseModel\n\n"
            "from newsrec.pipeline import select_articles\n\nlogger = logging.getLogger(__name__)\n"
            "app = FastAPI()\n\n\nclass RecommendationResponse(BaseModel):\n    recommendations: list[str]\n\n\n"
            "@app.post('/')\ndef root(body: dict) -> dict:\n    logger.info(f'Decoded body: {body}')\n"
            "    recs = select_articles(body['candidates'], body['clicked'], 10)\n"
            "    resp_body = RecommendationResponse(recommendations=recs)\n"
            "    logger.info(f'Response body: {resp_body}')\n    return resp_body.model_dump()\n"),
    })
    result = run_rule(tmp_path, "mon-prediction-logging")
    assert result.status is Status.PARTIAL
    assert [f.message for f in result.findings] == ["`root` logs inputs and predictions but not a request id"]


def test_a_built_javascript_bundle_is_not_read_for_sdk_deployments(tmp_path: Path) -> None:
    # a dashboard's 2.1 MB production bundle mentions the SDK call it was built from; the Lambda that really
    # creates the endpoint is hand-written and small
    bundle = "var a=1;" * 270_000 + "sm.createEndpointConfig({ProductionVariants:[]});"
    root = write_tree(tmp_path, {
        "ui/static/js/main.4f1c9a.js": bundle,
        "lambdas/deploy/handler.js": "const sm = new (require('aws-sdk').SageMaker)()\n"
                                     "exports.handler = async (e) => sm.createEndpointConfig({\n"
                                     "  EndpointConfigName: e.name, ProductionVariants: [{ModelName: e.model}],\n"
                                     "}).promise()\n",
    })
    index = build_index(root, use_git=False)
    facts = deploy_facts(index)
    assert [(f.path, f.line, f.signal) for f in facts] == [("lambdas/deploy/handler.js", 2, "deploy")]
    assert not [n for n in index.notices if n.path.startswith("ui/")]


def test_alert_rules_in_json_are_read_and_texts_that_mention_alerts_are_not_parsed(tmp_path: Path) -> None:
    # Prometheus rules written as JSON are alert rules; a results file whose texts say "alert" and "expr" is not
    # parsed for them (tatsu-lab/alpaca_eval's 4 MB files of model outputs were, and kept: 270 MB)
    import json

    from mlgate.facts.monitoring import alert_rules

    rules = {"groups": [{"name": "model", "rules": [
        {"alert": "PredictionLatencyHigh", "expr": "histogram_quantile(0.99, rate(predict_seconds_bucket[5m])) > 1"}]}]}
    outputs = [{"instruction": "Write an alert for high CPU", "output": "Use expr: rate(cpu[5m]) > 0.9 as the alert",
                "generator": "model-a"}] * 200
    root = write_tree(tmp_path / "r", {"monitoring/rules.json": json.dumps(rules, indent=2),
                                       "results/model-a/outputs.json": json.dumps(outputs, indent=1)})
    index = build_index(root, use_git=False)
    assert [(r.path, r.name) for r in alert_rules(index)] == [("monitoring/rules.json", "PredictionLatencyHigh")]
    assert ("json", "results/model-a/outputs.json") not in index._cache


def test_data_and_feature_freshness_alerts_are_no_model_age() -> None:
    from mlgate.facts.monitoring import classify
    assert "age" not in classify("StaleFeatures", "max_over_time(feature_freshness_seconds[10m]) > 300")
    assert "age" not in classify("MaterializationBehind", "time() - feast_last_materialization_timestamp > 7200")
    assert "age" not in classify("DataFreshnessSLA", "time() - airflow_dag_run_last_success_timestamp > 7200")
    # the model's own age, even when the alert's words speak of features too
    assert "age" in classify("ModelStale", "time() - fraud_model_last_update > 604800")
    assert "age" in classify("FeatureModelTooOld", "time() - max(feature_model_trained_timestamp_seconds) > 86400")
