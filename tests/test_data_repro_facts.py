"""The shared facts behind the data and repro rules, and edge cases the fixtures do not show."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from mlgate.config import load_config
from mlgate.engine import Selection, run_rules
from mlgate.facts.dvc import pipelines
from mlgate.facts.lfs import is_pointer, lfs_rule_for, pointer_oid
from mlgate.facts.python import Resolver, unit_for
from mlgate.model import Status
from mlgate.repo import build_index
from mlgate.rules.data import _revision_state, classify_uri
from tests.conftest import TODAY, git, git_repo, run_rule, write_tree

SHA = "32cb9ffb314dfaf384a0f61ca65dca781be66d9e"


def _call_arg(index, path: str, func: str, kw: str | None = None):  # type: ignore[no-untyped-def]
    unit = unit_for(index, path)
    assert unit is not None
    for _src, call, name in unit.calls():
        if name.endswith(func):
            expr = next(k.value for k in call.keywords if k.arg == kw) if kw else call.args[0]
            return unit, name, Resolver(index, unit).resolve(expr)
    raise AssertionError(f"no call to {func}")


def test_resolver_follows_aliases_constants_defaults_and_other_modules(tmp_path: Path) -> None:
    root = write_tree(tmp_path, {
        "src/settings.py": f'REVISION = "{SHA}"\n',
        "src/data.py": (
            "from datasets import load_dataset as ld\n"
            "from settings import REVISION\n\n"
            "def get(name='stanfordnlp/imdb', rev=REVISION):\n"
            "    return ld(name, revision=rev)\n"
        ),
    })
    index = build_index(root, use_git=False)
    _unit, name, value = _call_arg(index, "src/data.py", "load_dataset", "revision")
    assert name == "datasets.load_dataset"
    assert value.value == SHA
    _unit, _name, dataset = _call_arg(index, "src/data.py", "load_dataset")
    assert dataset.value == "stanfordnlp/imdb"


def test_resolver_reads_config_keys_and_argparse_defaults(tmp_path: Path) -> None:
    root = write_tree(tmp_path, {
        "configs/train.yaml": "model:\n  revision: main\nseed: null\n",
        "train.py": (
            "import argparse\nimport torch\n"
            "p = argparse.ArgumentParser()\np.add_argument('--lr', type=float, default=0.01)\n"
            "args = p.parse_args()\ncfg = {}\n"
            "torch.manual_seed(cfg['seed'])\nopt = torch.optim.SGD([], lr=args.lr)\n"
        ),
    })
    index = build_index(root, use_git=False)
    _u, _n, seed = _call_arg(index, "train.py", "manual_seed")
    assert seed.key == "seed" and seed.config[0].value is None and seed.config[0].line == 3
    _u, _n, lr = _call_arg(index, "train.py", "SGD", "lr")
    assert lr.value == 0.01 and lr.config[0].origin == "argparse default"


def _enclosing_by_walk(node: ast.AST, tree: ast.AST) -> list[ast.AST]:
    """The functions whose subtree holds ``node``, innermost first, by ``ast.walk``: what ``_function_of`` says."""
    holding = [fn for fn in ast.walk(tree) if isinstance(fn, ast.FunctionDef | ast.AsyncFunctionDef)
               and any(n is node for n in ast.walk(fn))]
    return sorted(holding, key=lambda fn: len(list(ast.walk(fn))))


def test_the_functions_enclosing_a_node_are_those_whose_tree_holds_it(tmp_path: Path) -> None:
    """Asked node by node in a random order (inner functions, decorators and defaults on the def's lines,
    a method, a one-line function, module-level code between functions, a function nested in a branch), the
    enclosing functions are those ``ast.walk`` finds around the node, innermost first, before and after a
    module-level node makes every function walked."""
    import random

    code = (
        "import functools\nX = 1\n\n"
        "@functools.lru_cache(maxsize=X)\n"
        "def outer(a=X, *, b: int = 2) -> int:\n"
        "    y = a\n"
        "    async def inner(c=y):\n"
        "        def innermost(): return c + y\n"
        "        return innermost()\n"
        "    return y\n\n"
        "Z = outer(3)\n"
        "class C:\n"
        "    @staticmethod\n"
        "    def m(q=Z): return [q for q in range(3)]\n"
        "if Z:\n"
        "    def late(): return lambda: Z\n"
    )
    root = write_tree(tmp_path, {"m.py": code})
    index = build_index(root, use_git=False)
    unit = unit_for(index, "m.py")
    assert unit is not None
    tree = unit.sources[0].tree
    nodes = [n for n in ast.walk(tree) if hasattr(n, "lineno")]
    for seed in range(3):
        unit._enclosing = None
        order = nodes[:]
        random.Random(seed).shuffle(order)
        if seed == 0:  # every node inside a function first: none answered from every function's walk
            order.sort(key=lambda n: not _enclosing_by_walk(n, tree))
        for node in order:
            assert Resolver(index, unit)._function_of(node) == _enclosing_by_walk(node, tree)


def test_revision_states() -> None:
    assert _revision_state(SHA)[0] == "pinned"
    assert _revision_state("main")[0] == "fail"
    assert _revision_state(None)[0] == "fail"
    assert _revision_state("v1.0")[0] == "partial"
    assert _revision_state("32cb9ff")[0] == "partial"


@pytest.mark.parametrize(("uri", "state"), [
    (f"https://raw.githubusercontent.com/acme/data/{SHA}/train.csv", "pinned"),
    ("https://raw.githubusercontent.com/acme/data/main/train.csv", "unpinned"),
    ("https://raw.githubusercontent.com/acme/data/v2.1/train.csv", "partial"),
    ("https://huggingface.co/datasets/acme/churn/resolve/main/train.parquet", "unpinned"),
    ("s3://bucket/train.parquet?versionId=3HL4kqtJvj", "pinned"),
    ("s3://bucket/train.parquet", "unpinned"),
    ("gs://bucket/train.csv#1712345678901234", "pinned"),
    ("lakefs://repo/main/train.csv", "unpinned"),
    ("data/train.csv", None),
])
def test_classify_uri(uri: str, state: str | None) -> None:
    got = classify_uri(uri)
    assert (got[0] if got else None) == state


def test_hf_revision_from_a_module_variable_set_to_main_is_caught(repo) -> None:  # type: ignore[no-untyped-def]
    # the false negative reported against bandit B615: a non-literal revision is skipped there
    root = repo({"train.py": 'from transformers import AutoModel\nrev = "main"\n'
                             'm = AutoModel.from_pretrained("bert-base-uncased", revision=rev)\n'})
    result = run_rule(root, "data-hf-revision")
    assert result.status is Status.FAIL
    assert [(f.path, f.line) for f in result.findings] == [("train.py", 3)]
    assert "revision=\"<40-hex commit sha>\"" in result.findings[0].remediation


def test_hf_unresolvable_revision_is_partial_not_fail(repo) -> None:  # type: ignore[no-untyped-def]
    root = repo({"train.py": (
        "import os\nfrom transformers import AutoModel\n"
        "m = AutoModel.from_pretrained('bert-base-uncased', revision=os.environ['MODEL_REV'])\n")})
    result = run_rule(root, "data-hf-revision")
    assert result.status is Status.PARTIAL


def test_dvc_foreach_stages_match_their_lock_entries(repo) -> None:  # type: ignore[no-untyped-def]
    root = repo({
        "dvc.yaml": "stages:\n  train:\n    foreach: [small, large]\n    do:\n"
                    "      cmd: python train.py ${item}\n",
        "dvc.lock": "schema: '2.0'\nstages:\n  train@small:\n    cmd: python train.py small\n"
                    "  train@large:\n    cmd: python train.py large\n",
    })
    index = build_index(root, use_git=False)
    pipe = pipelines(index)[0]
    assert [s.name for s in pipe.locked(pipe.stages["train"])] == ["train@small", "train@large"]
    assert run_rule(root, "data-dvc-pinned").status is Status.PASS


def test_broken_dvc_and_yaml_files_never_raise(repo) -> None:  # type: ignore[no-untyped-def]
    root = repo({
        "dvc.yaml": "stages: [\n",
        "dvc.lock": "\x00\x01binary",
        "data.csv.dvc": "outs: - md5: [",
        "params.yaml": ": :",
        "train.py": "def broken(:\n",
        "nb.ipynb": "{not json",
    })
    rules = ("data-dvc-pinned", "data-dvc-params-fresh", "data-hf-revision", "repro-seeds", "data-schema",
             "repro-pipeline-declared", "repro-params-tracked", "data-remote-unpinned", "data-lfs")
    for rule in rules:
        assert run_rule(root, rule).status is not Status.ERROR, rule


def test_lfs_pointer_helpers_and_attributes(repo) -> None:  # type: ignore[no-untyped-def]
    pointer = b"version https://git-lfs.github.com/spec/v1\noid sha256:" + b"a" * 64 + b"\nsize 12\n"
    assert is_pointer(pointer) and pointer_oid(pointer) == "sha256:" + "a" * 64
    root = repo({".gitattributes": "*.parquet filter=lfs diff=lfs merge=lfs -text\n",
                 "data/.gitattributes": "small.parquet -filter\n",
                 "data/x.parquet": "x", "data/small.parquet": "x"})
    index = build_index(root, use_git=False)
    rule = lfs_rule_for(index, "data/x.parquet")
    assert rule is not None and rule.lfs
    small = lfs_rule_for(index, "data/small.parquet")
    assert small is not None and not small.lfs


def test_lfs_smudged_checkout_is_not_a_false_alarm(tmp_path: Path) -> None:
    """With git-lfs installed the working tree holds the content; git's index still holds the pointer."""
    pointer = "version https://git-lfs.github.com/spec/v1\noid sha256:" + "b" * 64 + "\nsize 2000\n"
    root = git_repo(tmp_path / "r", {".gitattributes": "*.parquet filter=lfs diff=lfs merge=lfs -text\n",
                                     "data/train.parquet": pointer,
                                     "data/plain.parquet": "PAR1 not a pointer"})
    (root / "data/train.parquet").write_bytes(b"PAR1" + bytes(2000))  # what a smudge filter writes
    index = build_index(root)
    results = run_rules(index, load_config(root), Selection(select=("data-lfs",)), today=TODAY)
    result = next(r for r in results if r.rule_id == "data-lfs")
    assert [f.path for f in result.findings] == ["data/plain.parquet"]
    assert git(root, "status", "--porcelain")  # the working tree was left as it was


def test_seed_helper_imported_by_a_sibling_script(repo) -> None:  # type: ignore[no-untyped-def]
    root = repo({
        "scripts/utils.py": "import random\nimport numpy as np\nimport torch\n\n"
                            "def seed_all(seed=7):\n    random.seed(seed)\n    np.random.seed(seed)\n"
                            "    torch.manual_seed(seed)\n",
        "scripts/train.py": "import torch\nfrom utils import seed_all\n\nseed_all()\n"
                            "model = torch.nn.Linear(2, 1)\nmodel(torch.randn(3, 2)).sum().backward()\n",
    })
    assert run_rule(root, "repro-seeds").status is Status.PASS


def test_seed_helper_called_with_none_is_not_a_seed(repo) -> None:  # type: ignore[no-untyped-def]
    root = repo({
        "utils.py": "import torch\n\ndef set_seed(seed):\n    torch.manual_seed(seed)\n",
        "train.py": "import torch\nfrom utils import set_seed\n\nset_seed(None)\n"
                    "model = torch.nn.Linear(2, 1)\nmodel(torch.randn(3, 2)).sum().backward()\n",
    })
    result = run_rule(root, "repro-seeds")
    assert result.status is Status.PARTIAL
    assert result.findings[0].path == "utils.py"


def test_notebook_findings_name_the_cell(repo) -> None:  # type: ignore[no-untyped-def]
    import json

    nb = {"cells": [{"cell_type": "markdown", "metadata": {}, "source": ["# data"]},
                    {"cell_type": "code", "metadata": {}, "outputs": [], "execution_count": None,
                     "source": ["import pandas as pd\n",
                                "df = pd.read_csv('s3://acme/churn/train.csv')\n"]}],
          "metadata": {}, "nbformat": 4, "nbformat_minor": 5}
    root = repo({"explore.ipynb": json.dumps(nb, indent=1)})
    result = run_rule(root, "data-remote-unpinned")
    assert result.status is Status.FAIL
    assert result.findings[0].cell == 2


def test_unit_qualname_handles_calls_on_calls(tmp_path: Path) -> None:
    root = write_tree(tmp_path, {"a.py": "import torch\ng = torch.Generator().manual_seed(3)\n"})
    unit = unit_for(build_index(root, use_git=False), "a.py")
    assert unit is not None
    names = [n for _s, _c, n in unit.calls()]
    assert "torch.Generator().manual_seed" in names
    assert isinstance(unit.sources[0].tree, ast.Module)


def test_remote_reads_pinned_by_delta_version_lakefs_commit_and_wandb_version(repo) -> None:  # type: ignore[no-untyped-def]
    root = repo({"src/load.py": (
        "import pandas as pd\nimport wandb\nfrom pyspark.sql import SparkSession\n\n"
        "spark = SparkSession.builder.getOrCreate()\n"
        "events = spark.read.format('delta').option('versionAsOf', 12).load('s3://lake/events')\n"
        "ref = pd.read_csv('lakefs://churn/" + "c" * 64 + "/ref/regions.csv')\n"
        "run = wandb.init(project='churn')\n"
        "art = run.use_artifact('acme/churn/train-data:v3')\n"
    )})
    result = run_rule(root, "data-remote-unpinned")
    assert result.status is Status.PASS, [f.message for f in result.findings]


def test_params_from_a_second_params_file(repo) -> None:  # type: ignore[no-untyped-def]
    root = repo({
        "configs/train.yaml": "lr: 0.001\nepochs: 20\n",
        "dvc.yaml": "stages:\n  train:\n    cmd: python train.py\n    params:\n      - configs/train.yaml:\n"
                    "          - lr\n          - epochs\n",
        "dvc.lock": "schema: '2.0'\nstages:\n  train:\n    cmd: python train.py\n    params:\n"
                    "      configs/train.yaml:\n        epochs: 20\n        lr: 0.01\n",
    })
    result = run_rule(root, "data-dvc-params-fresh")
    assert result.status is Status.FAIL
    assert [(f.path, f.line) for f in result.findings] == [("configs/train.yaml", 1)]


@pytest.mark.parametrize("code", [
    "import torch\ntorch.use_deterministic_algorithms(True)\n",
    "import tensorflow as tf\ntf.config.experimental.enable_op_determinism()\n",
    "from transformers import enable_full_determinism\nenable_full_determinism(42)\n",
    "import torch\ntorch.backends.cudnn.deterministic = True\n",
    "import torch\nsetattr(torch.backends.cudnn, 'deterministic', True)\n",
    "import os\nos.environ['TF_DETERMINISTIC_OPS'] = '1'\n",
    "import lightning as L\ntrainer = L.Trainer(deterministic=True)\n",
    "import lightning as L\ntrainer = L.Trainer(\n    deterministic  # reproducible\n    = True)\n",
    "from transformers import TrainingArguments\nargs = TrainingArguments('out', full_determinism=True)\n",
])
def test_a_determinism_setting_is_found_past_the_text_check(tmp_path: Path, code: str) -> None:
    from mlgate.rules.repro import _determinism_settings

    root = write_tree(tmp_path / "r", {"train.py": '"""Deterministic? See the benchmark."""\n' + code})
    index = build_index(root, use_git=False)
    assert _determinism_settings("train.py", list(index.python_sources(["train.py"]))) != ()
    plain = write_tree(tmp_path / "p", {"train.py": '"""Deterministic results, benchmarked."""\nx = 1\n'})
    assert _determinism_settings("train.py", list(build_index(plain, use_git=False).python_sources(["train.py"]))) == ()


def test_a_vcs_requirement_is_reported_under_its_repository_name() -> None:
    """`git+https://.../dm_control.git` has no #egg=: the finding names the repository, also when the ref
    is a branch with a slash (`@feature/new-critic`), never the branch's last segment."""
    from tests.conftest import run_rule

    case = Path(__file__).parent / "rules" / "repro-deps-pinned" / "fail-vcs-requirement-without-ref" / "repo"
    messages = sorted(f.message for f in run_rule(case, "repro-deps-pinned").findings)
    assert messages == ["pip dependency mujoco-tasks is not pinned to an exact version",
                        "policies is not pinned to an exact version",
                        "sim-wrappers is not pinned to an exact version"], messages


def test_config_files_named_in_code_are_found_by_reading_only_the_modules_that_name_them(
        tmp_path: Path, parsed: list[str]) -> None:
    from mlgate.facts.python import config_files, config_values
    from mlgate.repo import Needles

    root = write_tree(tmp_path / "r", {
        "configs/train.yaml": "seed: 7\n",  # a config folder: a config whatever names it
        "settings/fraud.yaml": "seed: 11\n",  # named by train.py
        "settings/unused.yaml": "seed: 13\n",  # named by no module
        "openapi/spec.json": '{"seed": 1}',  # no module spells it either
        "train.py": 'import yaml\nCFG = yaml.safe_load(open("settings/fraud.yaml"))\n',
        "export.py": 'import json\njson.dump({}, open("out/report.json", "w"))\n',  # names another file
    })
    index = build_index(root, use_git=False)
    assert config_files(index, Needles.of("seed")) == ["configs/train.yaml", "settings/fraud.yaml"]
    assert parsed == ["train.py"]  # export.py spells ".json" but not the name of a file in question
    assert [(v.path, v.value) for v in config_values(index, "seed")] == [
        ("configs/train.yaml", 7), ("settings/fraud.yaml", 11)]
    assert config_files(index) == ["configs/train.yaml", "settings/fraud.yaml"]


_DETERMINISM_PIECES = st.sampled_from([
    "deterministic", "full_determinism", "determinism", "cudnn", "DETERMINISTIC", "use_deterministic_algorithms",
    "enable_op_determinism", "enable_full_determinism", "Deterministic", " ", "\n", "\t", "=", "==", "#", "# note",
    ":", "x", "_", "(", "True", "'", "deterministic ="])


@settings(max_examples=400, deadline=None)
@given(st.lists(_DETERMINISM_PIECES, max_size=10).map("".join))
def test_a_module_spells_determinism_as_the_one_pattern_said(text: str) -> None:
    import re

    from mlgate.rules.repro import _spells_determinism

    # the pattern the words replaced: re tried it at every e, d, c, u or f of a module
    pattern = re.compile(r"use_deterministic_algorithms|enable_op_determinism|enable_full_determinism|cudnn"
                         r"|DETERMINISTIC|(deterministic|full_determinism)\s*(#[^\n]*\s*)*=")
    assert _spells_determinism(text) == (pattern.search(text) is not None)


def test_a_large_dat_ratings_file_is_data_committed_as_a_plain_blob(repo) -> None:  # type: ignore[no-untyped-def]
    # MovieLens-style `user::item::rating::time` lines: a `.dat` file is data, and 1.2 MB of it is heavy to clone
    rows = "".join(f"{u}::{u * 7 % 3900}::{u % 5 + 1}::97830{u:05d}\n" for u in range(48_000))
    root = repo({
        "examples/sample_data/ratings.dat": rows,
        "examples/train.py": "import pandas as pd\n\n"
                             "df = pd.read_csv('sample_data/ratings.dat', sep='::', names=['u', 'i', 'r', 't'])\n",
    })
    assert len(rows) > 1_100_000
    result = run_rule(root, "data-lfs")
    assert result.status is Status.PARTIAL, result.summary
    assert [f.path for f in result.findings] == ["examples/sample_data/ratings.dat"]
