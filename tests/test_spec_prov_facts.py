"""Model-spec discovery and provenance facts: what they find, where they point, and that bad input
never makes a spec or prov rule crash."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from mlgate.config import Config
from mlgate.facts.provenance import json_key_lines, load_sidecar, model_artifacts
from mlgate.facts.specs import spec_files
from mlgate.model import Status
from mlgate.repo import build_index
from mlgate.rules.prov import classify_ref
from tests.conftest import run_rule, write_tree

SPEC_AND_PROV = ["spec-in-vcs", "spec-codeowners", "spec-unit-tested", "spec-hparam-search",
                 "spec-baseline-compare", "spec-slice-eval", "prov-artifact-metadata", "prov-model-card",
                 "prov-model-data-link", "prov-dataset-lineage", "prov-datasheet", "prov-immutable-model-ref"]


def test_spec_discovery_by_imports_calls_configs_and_pipelines(tmp_path: Path) -> None:
    root = write_tree(tmp_path, {
        "MLproject": "name: churn\npython_env: python_env.yaml\nentry_points:\n  main:\n    command: python "
                     "fit_model.py\n",
        "fit_model.py": "import lightgbm as lgb\nimport pandas as pd\n\nif __name__ == '__main__':\n"
                        "    df = pd.read_csv('d.csv')\n    lgb.train({'num_leaves': 31}, lgb.Dataset(df))\n",
        "dvc.yaml": "stages:\n  featurize:\n    cmd: python src/featurize.py\n    deps: [src/featurize.py]\n"
                    "    outs: [data/features]\n  fit:\n    cmd: python src/run.py\n    deps: [src/run.py, "
                    "data/features]\n"
                    "    params: [fit]\n    outs: [models/clf.pkl]\n",
        "params.yaml": "fit:\n  C: 1.0\n",
        "src/run.py": "print('training happens in a package')\n",
        "src/featurize.py": "import pandas as pd\nfrom sklearn.preprocessing import StandardScaler\n"
                            "scaler = StandardScaler()\nscaler.fit(pd.read_csv('x.csv'))\n",
        "src/net.py": "import torch.nn as nn\n\n\nclass Ranker(nn.Module):\n    pass\n",
        "src/app.py": "conf = 'configs/app.yaml'\n",
        "conf/trainer/default.yaml": "max_epochs: 3\n",
        "conf/logger/wandb.yaml": "project: churn\n",
        "notebooks/explore.ipynb": json.dumps({"cells": [
            {"cell_type": "code", "source": ["import xgboost as xgb\n"], "metadata": {}, "outputs": []},
            {"cell_type": "code", "source": ["clf = xgb.XGBClassifier()\n", "clf.fit(X, y)\n"],
             "metadata": {}, "outputs": []}]}),
        "tests/test_net.py": "from src.net import Ranker\n",
    })
    index = build_index(root, use_git=False)
    found = {s.path: s.kind for s in spec_files(index, ("src/app.py",))}
    assert found == {
        "MLproject": "mlproject",
        "fit_model.py": "entrypoint",
        "dvc.yaml": "pipeline",
        "params.yaml": "params",
        "src/run.py": "entrypoint",  # a dependency of the training stage
        "src/net.py": "model",
        "src/app.py": "configured",
        "conf/trainer/default.yaml": "config",
        "notebooks/explore.ipynb": "notebook",
    }
    notebook = next(s for s in spec_files(index, ("src/app.py",)) if s.kind == "notebook")
    assert notebook.cell == 2


def test_json_key_lines_locate_nested_fields() -> None:
    text = '{\n  "a": 1,\n  "b": {\n    "c": [\n      {"d": 2},\n      {"e": "x\\"y"}\n    ]\n  }\n}\n'
    lines = json_key_lines(text)
    assert lines[("a",)] == 2
    assert lines[("b", "c")] == 4
    assert lines[("b", "c", 1)] == 6
    assert lines[("b", "c", 1, "e")] == 6


def test_invalid_sidecar_errors_point_at_the_field(tmp_path: Path) -> None:
    doc = {"schema_version": 1, "kind": "model", "artifact": {"path": "m.pkl", "sha256": "0" * 64},
           "model": {"name": "m", "version": 1}, "data": [], "code": {"commit": "f" * 40},
           "created_at": "2024-05-14T09:41:07Z", "metrics": {"auc": "high"}, "metric": {}}
    root = write_tree(tmp_path, {"m.pkl.provenance.json": json.dumps(doc, indent=2)})
    side = load_sidecar(build_index(root, use_git=False), "m.pkl.provenance.json")
    got = {(e.where, e.line) for e in side.errors}
    text = (root / "m.pkl.provenance.json").read_text().splitlines()
    auc_line = next(i for i, line in enumerate(text, 1) if '"auc"' in line)
    metric_line = next(i for i, line in enumerate(text, 1) if '"metric":' in line)
    assert ("metrics.auc", auc_line) in got
    assert ("metric", metric_line) in got


@pytest.mark.parametrize(("value", "state"), [
    ("models:/churn/7", "ok"), ("models:/churn@champion", "ok"), ("models:/churn/latest", "latest"),
    ("models:/churn/Production", "stage"), ("models:/churn@latest", "latest"), ("runs:/abc123/model", "ok"),
    ("gs://b/churn/v7/", "ok"), ("s3://b/churn/2024-05-14/model.tar.gz", "ok"), ("s3://b/churn/model.tar.gz",
                                                                               "unversioned"),
    ("s3://b/churn/latest/model.tar.gz", "latest"), ("{{ .Values.uri }}", None),
    ("s3://b/x?versionId=3HL4", "ok"),
])
def test_model_reference_classification(value: str, state: str | None) -> None:
    assert classify_ref(value) == state


def test_artifacts_skip_tests_and_fold_savedmodel_folders(tmp_path: Path) -> None:
    root = write_tree(tmp_path, {
        "export/serving/saved_model.pb": b"\x08\x01",
        "export/serving/variables/variables.index": b"\x00",
        "tests/fixtures/tiny.pkl": b"\x80\x04",
        "models/ranker.pt": b"PK\x03\x04",
    })
    paths = [a.path for a in model_artifacts(build_index(root, use_git=False))]
    assert paths == ["export/serving", "models/ranker.pt"]


def test_gitignore_negation_keeps_model_configs_visible(tmp_path: Path) -> None:
    root = write_tree(tmp_path, {
        ".gitignore": "configs/*\n!configs/model/\n",
        "configs/model/mlp.yaml": "hidden: 64\n",
        "train.py": "import torch\nimport yaml\n\ncfg = yaml.safe_load(open('configs/model/mlp.yaml'))\n"
                    "if __name__ == '__main__':\n    torch.nn.Linear(2, 1)(torch.ones(2)).sum().backward()\n",
    })
    result = run_rule(root, "spec-in-vcs")
    assert result.status is Status.PASS, [f.message for f in result.findings]


def test_configured_artifacts_need_provenance(tmp_path: Path) -> None:
    root = write_tree(tmp_path, {"exports/churn.bin": b"\x00\x01binary"})
    result = run_rule(root, "prov-artifact-metadata", Config(artifacts=("exports/**",)))
    assert result.status is Status.FAIL
    assert [f.path for f in result.findings] == ["exports/churn.bin"]


HOSTILE: dict[str, str | bytes] = {
    "dvc.yaml": "stages: [unclosed\n",
    "dvc.lock": b"\x00\xff\xfe binary",
    "data/x.csv.dvc": "outs: 12\n",
    "models/a.pkl.provenance.json": b"\x89PNG\r\n\x1a\n\x00\x00",
    "models/b.pkl.provenance.yaml": "artifact: &a [*a]\n",
    "models/c.pkl.provenance.json": "[" * 5000,
    "models/a.pkl": b"\x80\x04",
    "serving/MLmodel": "run_id: [1, 2\n",
    "README.md": "---\nlibrary_name: [oops\n---\n# card\n",
    "MODEL_CARD.md": "## Intended use\n" + "x" * 10 + "\n" * 3,
    "model_card.json": "{\"model_details\": 5}",
    "DATASHEET.md": "\x00" * 20,
    "nb.ipynb": "{\"cells\": 7}",
    "train.py": "import torch\ndef broken(:\n",
    "tests/test_x.py": "from train import *\n",
    "deploy/isvc.yaml": "kind: InferenceService\nspec: {predictor: {model: {storageUri: 5}}}\n",
    ".gitignore": "[\n!\n",
    "CODEOWNERS": "* @\n",
}


@pytest.mark.parametrize("rule_id", SPEC_AND_PROV)
def test_hostile_files_never_crash_a_rule(tmp_path: Path, rule_id: str) -> None:
    root = write_tree(tmp_path, HOSTILE)
    result = run_rule(root, rule_id)
    assert result.status is not Status.ERROR, result.summary


@settings(max_examples=40, deadline=None)
@given(st.lists(st.lists(st.integers(min_value=0, max_value=9), max_size=3), min_size=10, max_size=10),
       st.lists(st.integers(min_value=0, max_value=9), min_size=1, max_size=6),
       st.lists(st.integers(min_value=0, max_value=9), min_size=1, max_size=4),
       st.integers(min_value=1, max_value=6))
def test_import_reached_is_every_roots_import_closure(imports: list[list[int]], roots: list[int], targets: list[int],
                                                      depth: int) -> None:
    """spec-unit-tested reads which tests reach each model module in one pass over the import graph: the
    same tests, in the same order, as asking each test's import closure (chains longer than the depth,
    cycles, a test that is itself a target, a root named twice)."""
    import tempfile

    from mlgate.facts.pycode import import_closure, import_reached

    with tempfile.TemporaryDirectory() as tmp:
        files = {f"pkg/m{i}.py": "".join(f"from pkg import m{j}\n" for j in deps) + "x = 1\n"
                 for i, deps in enumerate(imports)}
        index = build_index(write_tree(Path(tmp) / "r", files), use_git=False)
        root_paths = [f"pkg/m{i}.py" for i in roots]
        target_paths = [f"pkg/m{i}.py" for i in targets]
        expected: dict[str, list[str]] = {}
        for root in root_paths:
            for dep in import_closure(index, [root], depth) - {root}:
                if dep in target_paths:
                    expected.setdefault(dep, []).append(root)
        assert import_reached(index, root_paths, target_paths, depth) == expected


@settings(max_examples=40, deadline=None)
@given(st.lists(st.lists(st.integers(min_value=0, max_value=9), max_size=3), min_size=10, max_size=10),
       st.lists(st.integers(min_value=0, max_value=9), min_size=1, max_size=6),
       st.integers(min_value=1, max_value=6))
def test_nearest_and_first_roots_are_each_roots_import_levels(imports: list[list[int]], roots: list[int],
                                                              depth: int) -> None:
    """What runs automatically follows the imports of every run's file in one walk: for each file, the
    fewest imports from a root and the first root that near, and the first root that reaches it at all,
    are what asking ``import_levels`` of every root in turn gives (cycles, chains past the depth, a root
    named twice or reached from another root)."""
    import tempfile

    from mlgate.facts.pycode import first_reaching, import_levels, nearest_roots

    with tempfile.TemporaryDirectory() as tmp:
        files = {f"pkg/m{i}.py": "".join(f"from pkg import m{j}\n" for j in deps) + "x = 1\n"
                 for i, deps in enumerate(imports)}
        index = build_index(write_tree(Path(tmp) / "r", files), use_git=False)
        root_paths = [f"pkg/m{i}.py" for i in roots]
        nearest: dict[str, tuple[int, int]] = {}
        first: dict[str, int] = {}
        for k, root in enumerate(root_paths):
            for dep, hops in import_levels(index, root, depth).items():
                first.setdefault(dep, k)
                if dep not in nearest or hops < nearest[dep][0]:
                    nearest[dep] = (hops, k)
        assert nearest_roots(index, root_paths, depth) == nearest
        assert first_reaching(index, root_paths, depth) == first


_CALL_SHAPES = (
    "import numpy as np\nimport torch\nfrom sklearn.linear_model import LogisticRegression as LR\n"
    "from .helpers import fit as local_fit\nfrom . import utils\nimport a.b.c\n"
    "np.random.seed(0)\ntorch.Generator().manual_seed(1)\nLR().fit(X, y)\nlocal_fit(m)\nutils.load()()\n"
    "a.b.c.run()\nx[0]()\n(lambda: 1)()\nget_model()(inputs).backward()\nf'{g()}'\nnp(1).T.dot(2)\n"
    "def h(np=np):\n    import pandas as np\n    return np.read_csv('d.csv')\n"
)


def test_unit_calls_are_the_same_whether_or_not_the_sources_calls_were_read() -> None:
    """Unit.calls reuses the dotted names a fact read already (pycode.calls) and puts only the first name
    through the unit's imports: the same (source, node, name) list as qualname gives for every shape of call."""
    import ast

    from mlgate.facts.pycode import calls
    from mlgate.facts.python import build_unit
    from mlgate.repo import PySource

    def unit_calls(read_first: bool) -> list[tuple[int, str]]:
        src = PySource("pkg/m.py", ast.parse(_CALL_SHAPES), _CALL_SHAPES)
        if read_first:
            calls(src)
        unit = build_unit("pkg/m.py", [src])
        return [(node.lineno * 1000 + node.col_offset, name) for _s, node, name in unit.calls()]

    fresh = unit_calls(False)
    assert unit_calls(True) == fresh
    names = [name for _at, name in fresh]
    assert "torch.Generator().manual_seed" in names and "sklearn.linear_model.LogisticRegression().fit" in names
    assert ".helpers.fit" in names and ".utils.load()" in names and "pandas.read_csv" in names


def _recording_names_by_whole_module(index, path: str) -> tuple[set[str], set[str]]:  # type: ignore[no-untyped-def]
    """The algorithm ``_helpers_record`` replaced (kept here as the reference): the names of every function
    of the imported modules whose body records a data version / the commit, searched module by module."""
    import ast

    from mlgate.facts.pycode import import_closure
    from mlgate.rules.prov import _CODE_VERSION, _DATA_VERSION

    data: set[str] = set()
    code: set[str] = set()
    for dep in sorted(import_closure(index, [path], depth=2) - {path})[:30]:
        for src in index.python_sources([dep]):
            find = [(p, names) for p, names in ((_DATA_VERSION, data), (_CODE_VERSION, code)) if p.search(src.text)]
            lines = src.text.split("\n")
            for node in src.of_types(ast.FunctionDef):
                body = "\n".join(lines[node.lineno - 1: node.end_lineno or node.lineno])
                for pattern, names in find:
                    if pattern.search(body):
                        names.add(node.name)
    return data, code


def test_helpers_record_agrees_with_searching_every_function(tmp_path: Path) -> None:
    """Searching only the bodies of the functions a training script calls answers as searching every
    function of the modules it imports and keeping the names it calls: for every set of called names."""
    import itertools

    from mlgate.rules.prov import _helpers_record

    root = write_tree(tmp_path, {
        "train.py": "from utils.general import git_describe, check_dataset\nfrom utils import loggers\n",
        "utils/__init__.py": "",
        "utils/general.py": (
            "import subprocess\nfrom utils.loggers import log_run\n\n\n"
            "def git_describe(path='.'):\n"
            "    return subprocess.check_output(['git', 'rev-parse', 'HEAD'], cwd=path).decode()\n\n\n"
            "def check_dataset(data):\n"
            "    def inner():\n        return {'data_version': data['version']}\n"
            "    return inner()\n\n\n"
            "@staticmethod\n"
            "def fingerprint_of(meta):\n    return meta['train_sha256']\n\n\n"
            "def colorstr(*args):\n    return ' '.join(args)\n"),
        "utils/loggers.py": (
            "import mlflow\n\n\ndef log_run(ds):\n    mlflow.log_input(ds, context='training')\n\n\n"
            "def commit_id():\n    return os.environ['GITHUB_SHA']\n"),
    })
    index = build_index(root, use_git=False)
    data_names, code_names = _recording_names_by_whole_module(index, "train.py")
    assert data_names == {"check_dataset", "inner", "fingerprint_of", "log_run"}
    assert code_names == {"git_describe", "commit_id"}
    names = ["git_describe", "check_dataset", "inner", "fingerprint_of", "colorstr", "log_run", "commit_id", "print"]
    for k in range(len(names) + 1):
        for called in itertools.combinations(names, k):
            expected = (bool(set(called) & data_names), bool(set(called) & code_names))
            assert _helpers_record(index, "train.py", set(called)) == expected, called


_CELL_LINES = ["import optuna as o", "import numpy as o", "from ray import tune", "import ray.tune as tune",
               "from sklearn.model_selection import GridSearchCV as G", "from skopt import gp_minimize as G",
               "o.create_study()", "tune.run(f)", "G(est, grid)", "print(o)", "x = tune.Tuner(f)", "G(f, space)"]


def _first_search_call_by_rebuilding(sources: list) -> tuple | None:  # type: ignore[type-arg]
    """The reference: the import table of each cell rebuilt from every cell up to it (the algorithm
    _search_summary replaced)."""
    from mlgate.facts.pycode import aliases, calls, qualify
    from mlgate.rules.spec import _SEARCH_CALLS

    for src in sources:
        table: dict[str, str] = {}
        for cell in sources:
            if cell.cell <= src.cell:
                table.update(aliases(cell))
        for c in calls(src):
            qualified = qualify(c.name, table)
            root, last = qualified.split(".")[0], qualified.split(".")[-1]
            if last in _SEARCH_CALLS.get(root, ()) and (root != "ray" or ".tune" in qualified):
                return (*src.where(c.node.lineno), qualified)
    return None


@settings(max_examples=150, deadline=None)
@given(st.lists(st.lists(st.sampled_from(_CELL_LINES), min_size=1, max_size=3), min_size=1, max_size=8))
def test_search_summary_reads_a_notebooks_imports_cell_by_cell(cells: list[list[str]]) -> None:
    """A notebook's first search call is qualified with the imports of every cell up to its own (a later
    re-import of a name changes what later cells call), as rebuilding the table for each cell did."""
    import ast

    from mlgate.repo import PySource
    from mlgate.rules.spec import _search_summary

    sources = [PySource("nb.ipynb", ast.parse("\n".join(lines)), "\n".join(lines), cell=i, cell_line=10 * i)
               for i, lines in enumerate(cells, start=1)]
    assert _search_summary("nb.ipynb", sources)[0] == _first_search_call_by_rebuilding(sources)


def test_the_characters_ignorecase_matches_to_ascii_letters_are_known() -> None:
    """prov's version patterns are searched only in a text that spells what a match needs, read in lower case:
    exact as long as no other character than these matches an ASCII letter under re.IGNORECASE."""
    import re
    import sys

    from mlgate.rules.prov import _IGNORECASE_ASCII

    letter = re.compile("[a-z]", re.I)
    assert tuple(chr(c) for c in range(128, sys.maxunicode + 1) if letter.fullmatch(chr(c))) == _IGNORECASE_ASCII


_VERSION_PIECES = st.sampled_from([
    "git", "GIT", "gıt", "Gİt", "commit", "COMMIT", "_sha", "sha256", "ſha", "hash", "id", "code_version", "rev-parse",
    "mlflow.source.git", ".head.commit", "GITHUB_SHA", "CI_COMMIT_SHA", "git.Repo(", "log_input", "mlflow.data.",
    "use_artifact(", "dvc.api.open(", "load_dataset(", "revision", "rev", "=", " ", "\n", "'", '"', "data", "DATA",
    "dataset", "train", "Training", "version", "Version", "md5", "digest", "checksum", "fingerprint", "_", "-", ".",
    "(", ")", "x", "é", "K", "\u212a", "TrainingData", "Dataset", "Sha", "Id", "1", "/"])


@settings(max_examples=300, deadline=None)
@given(st.lists(_VERSION_PIECES, max_size=12).map("".join))
def test_version_patterns_are_searched_as_before(text: str) -> None:
    from mlgate.rules.prov import _CODE_VERSION, _DATA_VERSION, _records_code, _records_data

    assert _records_code(text) == (_CODE_VERSION.search(text) is not None)
    assert _records_data(text) == (_DATA_VERSION.search(text) is not None)


@pytest.mark.parametrize("text", ["BaseLine: 0.51\n", "dummy 0.3\n", "baſeline 0.4\n", "DUMMY\n", "baselines: 3\n",
                                  "no reference model\n", "accuracy: 0.9 (dummÿ)\n"])
def test_a_documented_baseline_is_found_as_the_pattern_finds_it(tmp_path: Path, text: str) -> None:
    """spec-baseline-compare's committed results are searched for the words first when ASCII: the same
    answer as the case-insensitive pattern, whatever the case or the characters (a long s matches s)."""
    from mlgate.rules.spec import _BASELINE_WORDS, _documented

    root = write_tree(tmp_path / "r", {"results/metrics.md": text})
    found = _documented(build_index(root, use_git=False), _BASELINE_WORDS, ("baseline", "dummy"))
    assert (found == "results/metrics.md") == bool(_BASELINE_WORDS.search(text))


@pytest.mark.parametrize("code, line", [
    ("from sklearn.dummy import DummyClassifier as DC\nm = DC()\nm.fit(X, y)\nm.score(X, y)\n", 2),
    ("import mlflow\nmlflow.evaluate(model, data, baseline_model=b)\n", 2),
    ("from mlflow.models import validate_evaluation_results as v\nv(a, b, c)\n", 2),
    ("def test_beats(get_dummy_inputs):\n    BaseLine_score = 1\n    assert score > BaseLine_score\n", 2),
    ("def test_x():\n    baſeline = 0.5\n    assert acc > baseline\n", 2),  # the parser reads ſ as s
    ("def test_pipeline():\n    inputs = self.get_dummy_inputs()\n    assert pipe(**inputs) is not None\n", None),
])
def test_a_baseline_is_found_where_the_text_can_spell_one(code: str, line: int | None) -> None:
    """spec-baseline-compare reads a source's calls and names only where its text spells what a baseline
    needs (a baseline word, a dummy model, an evaluator's baseline): "dummy" alone (diffusers' tests'
    ``get_dummy_inputs``) is not read; a name the parser normalises (``ſ``) is."""
    import ast

    from mlgate.repo import PySource
    from mlgate.rules.spec import _baseline_facts

    assert _baseline_facts(PySource("tests/test_m.py", ast.parse(code), code))[0] == line


@pytest.mark.parametrize("code, keys", [
    ("import argparse\np = argparse.ArgumentParser()\np.add_argument('--lr', default=0.1)\n", ["lr"]),
    ("import argparse\np = argparse.ArgumentParser()\np.\uff41dd_argument('--lr', default=0.1)\n", ["lr"]),  # NFKC
    ("from dataclasses import dataclass, field\n@dataclass\nclass C:\n    lr: float = 0.1\n"
     "    steps: int = field(default=3)\n    def f(self):\n        return getattr(self, 'lr')\n", ["lr", "steps"]),
])
def test_declared_options_come_from_calls_only_where_the_text_can_call_add_argument(code: str,
                                                                                   keys: list[str]) -> None:
    """py-declarations reads a module's calls only where its text spells ``add_argument`` (or is not ASCII:
    the parser reads a fullwidth spelling as the name); dataclass fields come from its classes either way."""
    import ast

    from mlgate.facts.python import _declared
    from mlgate.repo import PySource

    assert [k for k, _ in _declared("train.py", [PySource("train.py", ast.parse(code), code)])] == keys
