"""Syntax trees that no fact holds are not kept, and that changes no result.

A fact that only needs a summary of a file (its imports, the options it declares, whether it calls a
Hub download) asks for the file's tree with ``keep=False``; above ``RepoIndex.TREE_BUDGET`` characters of
kept source such a tree is dropped after use and parsed again if someone needs it later. These tests
run rules with the budget at zero (nothing is kept that is not asked to be) and at its default (a
fixture keeps everything) and require the same findings, and pin the cache's promises: a dropped tree
asked for again with ``keep=True`` is the very same object while it is at hand, and summaries come from
the parse they were computed on.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from mlgate.config import load_config
from mlgate.engine import Selection, run_rules
from mlgate.facts import python as _python_facts  # noqa: F401  (declares the py-import-names summary)
from mlgate.patterns import PathSet
from mlgate.repo import Needles, RepoIndex, build_index
from tests.conftest import TODAY, write_tree

CASES_ROOT = Path(__file__).parent / "rules"
# the rules whose facts ask for trees with keep=False (or read summaries), on every one of their fixtures
RULES = ("data-hf-revision", "data-remote-unpinned", "spec-hparam-search", "spec-slice-eval",
         "spec-baseline-compare", "spec-in-vcs", "spec-unit-tested", "mon-numeric-guards",
         "prov-model-data-link", "prov-model-card", "prov-dataset-lineage", "repro-seeds", "repro-determinism",
         "repro-params-tracked",
         "feat-tests-exist", "feat-train-serve-shared", "feat-pipeline-integration", "rollout-quality-gate")
CASES = sorted(p for rule in RULES for p in (CASES_ROOT / rule).glob("*") if (p / "expect.yaml").is_file())


def _findings(root: Path) -> list[tuple[str, str, str, list[tuple[str, int | None, str]]]]:
    cfg = load_config(root, upward=False)
    index = build_index(root, use_git=False, exclude=PathSet(cfg.exclude))
    results = run_rules(index, cfg, Selection(), today=TODAY)
    return [(r.rule_id, r.status.value, r.summary, [(f.path, f.line, f.message) for f in r.findings])
            for r in results]


@pytest.mark.parametrize("case", CASES, ids=[f"{p.parent.name}/{p.name}" for p in CASES])
def test_every_rule_gives_the_same_results_when_no_tree_is_kept(case: Path,
                                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    kept_all = _findings(case / "repo")
    monkeypatch.setattr(RepoIndex, "TREE_BUDGET", 0)
    monkeypatch.setattr(RepoIndex, "PASSING", 1)
    assert _findings(case / "repo") == kept_all
    # nor when no text is kept (read again)
    monkeypatch.setattr(RepoIndex, "TEXT_BUDGET", 0)
    monkeypatch.setattr(RepoIndex, "RECENT_TEXTS", 0)
    assert _findings(case / "repo") == kept_all


def test_a_tree_asked_for_without_keeping_is_dropped_and_promoted_when_kept(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(RepoIndex, "TREE_BUDGET", 0)
    monkeypatch.setattr(RepoIndex, "PASSING", 1)
    root = write_tree(tmp_path / "r", {"a.py": "import os\nX = 1\n", "b.py": "from a import X\n", "c.py": "Y = 2\n"})
    index = build_index(root, use_git=False)
    first = index.python("a.py", keep=False)
    assert first is not None and not index.kept("a.py")
    assert index.python("a.py") is first  # still at hand: promoted, the same parse
    assert index.kept("a.py")
    other = index.python("b.py", keep=False)
    assert other is not None and not index.kept("b.py")
    index.python("c.py", keep=False)  # b.py is no longer at hand (one slot): parsed again when asked
    assert index.python("b.py", keep=False) is not other


def test_a_summary_is_read_once_from_the_first_parse(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(RepoIndex, "TREE_BUDGET", 0)
    calls: list[str] = []
    monkeypatch.setitem(RepoIndex._summarisers, "test-imports",
                        lambda path, sources: calls.append(path) or tuple(sorted(
                            n for s in sources for n in s.text.split() if n.isidentifier())))
    monkeypatch.setattr(RepoIndex, "PASSING", 1)
    root = write_tree(tmp_path / "r", {"a.py": "import os\n", "b.py": "X = 1\n"})
    index = build_index(root, use_git=False)
    assert index.summary("test-imports", "a.py") == ("import", "os")
    index.python("b.py", keep=False)  # a.py is no longer at hand
    assert index.python("a.py", keep=False) is not None  # parsed again: its summaries are not recomputed
    assert index.summary("test-imports", "a.py") == ("import", "os")
    assert calls == ["a.py", "b.py"]
    assert index.summary("test-imports", "missing.txt") == ()  # not Python: a summary of nothing


def test_a_summary_with_needles_is_made_at_the_drop_only_for_files_that_contain_them(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(RepoIndex, "TREE_BUDGET", 0)
    monkeypatch.setattr(RepoIndex, "PASSING", 1)
    calls: list[str] = []
    monkeypatch.setitem(RepoIndex._summarisers, "test-pushes",
                        lambda path, sources: calls.append(path) or sum(s.text.count("push_to_hub(") for s in sources))
    monkeypatch.setitem(RepoIndex._summary_needles, "test-pushes", (Needles("push_to_hub"),))
    root = write_tree(tmp_path / "r", {"a.py": "model.push_to_hub('org/m')\n", "b.py": "X = 1\n", "c.py": "Y = 2\n"})
    index = build_index(root, use_git=False)
    for path in ("a.py", "b.py", "c.py"):
        index.python(path, keep=False)  # a.py, then b.py, are dropped: their summaries are made first
    assert calls == ["a.py"]  # b.py names no push: no one asks for its summary
    assert index.summary("test-pushes", "a.py") == 1 and calls == ["a.py"]  # from the first parse
    assert index.summary("test-pushes", "b.py") == 0 and calls == ["a.py", "b.py"]  # asked all the same: parsed


def test_a_summary_declared_with_its_absent_value_answers_files_without_needles_unparsed(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[str] = []
    monkeypatch.setitem(RepoIndex._summarisers, "test-pushes",
                        lambda path, sources: calls.append(path) or sum(s.text.count("push_to_hub(") for s in sources))
    monkeypatch.setitem(RepoIndex._summary_needles, "test-pushes", (Needles("push_to_hub"),))
    monkeypatch.setitem(RepoIndex._summary_absent, "test-pushes", 0)
    root = write_tree(tmp_path / "r", {"a.py": "model.push_to_hub('org/m')\n", "b.py": "X = 1\n"})
    index = build_index(root, use_git=False)
    parses: list[str] = []
    load = RepoIndex._load_python
    monkeypatch.setattr(RepoIndex, "_load_python", lambda ix, path: parses.append(path) or load(ix, path))
    assert index.summary("test-pushes", "b.py") == 0 and calls == [] and parses == []  # the absent value
    assert index.summary("test-pushes", "a.py") == 1 and calls == ["a.py"] and parses == ["a.py"]


def test_a_summary_made_is_read_without_a_parse_and_one_not_made_is_none(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(RepoIndex, "TREE_BUDGET", 0)
    monkeypatch.setattr(RepoIndex, "PASSING", 1)
    root = write_tree(tmp_path / "r", {"a.py": "import os\n", "b.py": "import sys\n", "c.py": "Y = 2\n"})
    index = build_index(root, use_git=False)
    assert index.summary_made("py-import-names", "a.py") is None  # not parsed yet: not made
    index.python("a.py", keep=False)
    index.python("b.py", keep=False)  # a.py dropped: its summaries made
    parses: list[str] = []
    load = RepoIndex._load_python
    monkeypatch.setattr(RepoIndex, "_load_python", lambda ix, path: parses.append(path) or load(ix, path))
    assert index.summary_made("py-import-names", "a.py") == index.summary("py-import-names", "a.py")
    assert index.summary_made("py-import-names", "c.py") is None and parses == []


def test_a_module_both_data_rules_read_is_parsed_once_for_the_two(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A module that calls a Hub download and reads remote data is read by data-hf-revision and
    data-remote-unpinned: when its parse is dropped (for its imports' summary, say) its trees are not kept,
    and the two rules read it from one parse of theirs; the suggestion of a finding with no commit to
    suggest parses nothing."""
    files = {
        "train.py": "import pandas as pd\nfrom transformers import AutoModel\n\n"
                    "model = AutoModel.from_pretrained('bert-base-uncased')\n"
                    "df = pd.read_csv('https://example.com/data/train.csv')\n",
        "util.py": "import os\n\nROOT = os.getcwd()\n",
        "other.py": "X = 1\n",
    }
    root = write_tree(tmp_path / "r", files)
    both = Selection(select=("data-hf-revision", "data-remote-unpinned"))

    def findings(index: RepoIndex) -> list[tuple[str, str, int | None, str, str | None]]:
        return [(r.rule_id, f.path, f.line, f.message, f.suggestion)
                for r in run_rules(index, load_config(root), both, today=TODAY) for f in r.findings]

    kept_all = findings(build_index(root, use_git=False))
    assert [(rule, path, line) for rule, path, line, _, _ in kept_all] == \
        [("data-hf-revision", "train.py", 4), ("data-remote-unpinned", "train.py", 5)]
    assert "bert-base-uncased" in kept_all[0][3]
    monkeypatch.setattr(RepoIndex, "TREE_BUDGET", 0)
    monkeypatch.setattr(RepoIndex, "PASSING", 1)
    index = build_index(root, use_git=False)
    parses: list[str] = []
    load = RepoIndex._load_python
    monkeypatch.setattr(RepoIndex, "_load_python", lambda ix, path: parses.append(path) or load(ix, path))
    for path in files:
        index.python(path, keep=False)  # train.py and util.py dropped, their summaries made
    assert not index.kept("train.py") and not index.kept("util.py")
    assert findings(index) == kept_all
    assert parses.count("train.py") == 2  # the first parse, then one for both rules (and no fix suggestion)


def test_what_a_dropped_module_defines_is_read_from_its_summary(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """What a module defines for feature discovery (a transformer class, a data module, a ColumnTransformer
    built in a function) is read from the summary made when its parse was dropped: the same reasons, and no
    second parse; and feature discovery finds the same modules."""
    from mlgate.facts.features import _defined_feature_class, feature_modules, training_files

    files = {
        "train.py": "import pandas as pd\nfrom sklearn.linear_model import LogisticRegression\n\n"
                    "from encoders import Encoder\n\nLogisticRegression().fit(pd.read_csv('d.csv'), [1])\n",
        "encoders.py": "import pandas as pd\n\n\nclass Encoder:\n    def fit(self, df):\n        return self\n\n"
                       "    def transform(self, df):\n        return df\n",
        "prep.py": "import pandas as pd\nfrom sklearn.compose import ColumnTransformer\n\n\n"
                   "def preprocessor():\n    return ColumnTransformer([])\n",
        "loaders.py": "import lightning as L\n\n\nclass Data(L.LightningDataModule):\n    pass\n",
        "model.py": "import torch\n\n\nclass Net(torch.nn.Module):\n    def fit(self):\n        pass\n\n"
                    "    def transform(self, x):\n        return x\n",
    }
    root = write_tree(tmp_path / "r", files)
    config = load_config(root)
    full = build_index(root, use_git=False)
    reasons = {p: _defined_feature_class(full, p) for p in files}
    assert reasons["encoders.py"] and reasons["prep.py"] and reasons["loaders.py"]
    assert reasons["model.py"] is None and reasons["train.py"] is None  # a model's fit/transform; no class
    found = sorted((c.path, c.why) for c in feature_modules(full, config.features))
    monkeypatch.setattr(RepoIndex, "TREE_BUDGET", 0)
    monkeypatch.setattr(RepoIndex, "PASSING", 1)
    index = build_index(root, use_git=False)
    for path in [*files, "train.py"]:
        index.python(path, keep=False)  # every module dropped once, its summaries made
    assert training_files(index) == ["train.py"]  # what the ColumnTransformer reason asks besides: read first
    parses: list[str] = []
    load = RepoIndex._load_python
    monkeypatch.setattr(RepoIndex, "_load_python", lambda ix, path: parses.append(path) or load(ix, path))
    assert {p: _defined_feature_class(index, p) for p in files} == reasons
    assert parses == []
    assert sorted((c.path, c.why) for c in feature_modules(index, config.features)) == found


def test_texts_are_kept_up_to_the_budget_and_read_again_past_it(tmp_path: Path,
                                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    root = write_tree(tmp_path / "r", {"a.yaml": "key: 1\n", "b.yaml": "key: 2\n", "c.py": "import os\n",
                                       "d.txt": "caf\u00e9\n"})
    index = build_index(root, use_git=False)
    first = index.text("a.yaml")
    assert first == "key: 1\n" and index.text("a.yaml") is first  # under the budget: kept
    monkeypatch.setattr(RepoIndex, "TEXT_BUDGET", 0)
    monkeypatch.setattr(RepoIndex, "RECENT_TEXTS", 1)
    index = build_index(root, use_git=False)
    reads: list[str] = []
    read, read_sized = index.source.read, index.source.read_sized  # type: ignore[attr-defined]
    monkeypatch.setattr(index.source, "read", lambda path, limit: reads.append(path) or read(path, limit))
    monkeypatch.setattr(index.source, "read_sized",
                        lambda path, limit: reads.append(path) or read_sized(path, limit))
    first = index.text("a.yaml")
    assert index.text("a.yaml") is first  # the last one stays at hand
    assert index.text("b.yaml") == "key: 2\n" and index.text("d.txt") == "caf\u00e9\n"
    again = index.text("a.yaml")
    assert again == first and again is not first and reads.count("a.yaml") == 2  # past the budget: read again
    # a module whose tree is kept keeps its text, whatever the budget: its parse holds it anyway
    src = index.python("c.py")
    assert src is not None and index.text("c.py") is src.text and reads.count("c.py") == 1


def test_a_text_past_the_budget_leaves_what_a_search_read_for_the_next_search(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(RepoIndex, "TEXT_BUDGET", 0)
    monkeypatch.setattr(RepoIndex, "RECENT_TEXTS", 0)
    root = write_tree(tmp_path / "r", {"job.yaml": "steps:\n  - run: train\n"})
    index = build_index(root, use_git=False)
    reads: list[str] = []
    read, read_sized = index.source.read, index.source.read_sized  # type: ignore[attr-defined]
    monkeypatch.setattr(index.source, "read", lambda path, limit: reads.append(path) or read(path, limit))
    monkeypatch.setattr(index.source, "read_sized",
                        lambda path, limit: reads.append(path) or read_sized(path, limit))
    assert index.contains("job.yaml", Needles.of("steps:"))
    assert index.text("job.yaml") == "steps:\n  - run: train\n"
    assert index.contains("job.yaml", Needles.of("run: train"))  # a set registered after the text was read
    assert index.text("job.yaml") == "steps:\n  - run: train\n"
    assert reads == ["job.yaml"]  # read once: the search's bytes serve the text and the later search


def test_a_pin_found_in_a_later_module_is_suggested_for_an_earlier_one(tmp_path: Path,
                                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    """data-hf-revision judges each module while its Unit is at hand (one at a time): the commit a later
    module pins an id to is still the remediation of an earlier module's unpinned download of that id."""
    sha = "0123456789abcdef0123456789abcdef01234567"
    files = {
        "a_serve.py": "from transformers import AutoModel\n\nmodel = AutoModel.from_pretrained('acme/bert-small')\n",
        "z_train.py": ("from transformers import AutoModel\n\n"
                       f"model = AutoModel.from_pretrained('acme/bert-small', revision='{sha}')\n"),
    }
    root = write_tree(tmp_path / "r", files)

    def findings() -> list[tuple[str, int | None, str]]:
        results = run_rules(build_index(root, use_git=False), load_config(root),
                            Selection(select=("data-hf-revision",)), today=TODAY)
        return [(f.path, f.line, f.remediation) for r in results for f in r.findings]

    kept_all = findings()
    assert kept_all == [("a_serve.py", 3, kept_all[0][2])] and f'revision="{sha}"' in kept_all[0][2]
    for budget in ("TREE_BUDGET", "TEXT_BUDGET"):
        monkeypatch.setattr(RepoIndex, budget, 0)
    monkeypatch.setattr(RepoIndex, "PASSING", 1)
    assert findings() == kept_all


def test_slice_eval_parses_no_test_when_no_module_computes_a_per_slice_metric(
        tmp_path: Path, parsed: list[str]) -> None:
    # a large non-ML code base (checkov: 4,000 test files) has nothing for the rule to find in its tests
    files = {f"scanner/check_{i}.py": f"def check_{i}(resource):\n    return resource.get('encrypted', False)\n"
             for i in range(5)}
    files.update({f"tests/test_check_{i}.py": f"from scanner.check_{i} import check_{i}\n\n\n"
                  f"def test_check_{i}():\n    assert check_{i}({{'encrypted': True}})\n" for i in range(5)})
    root = write_tree(tmp_path / "r", files)
    index = build_index(root, use_git=False)
    [result] = run_rules(index, load_config(root, upward=False), Selection(select=("spec-slice-eval",)),
                         today=TODAY)
    assert result.status.value == "not_applicable"
    assert not [p for p in parsed if p.startswith("tests/")]


def test_slice_eval_parses_no_test_that_names_no_slice_helper(tmp_path: Path, parsed: list[str]) -> None:
    """A module computes per-slice metrics: a test is read for its imports and calls only when it spells the
    name of such a helper (kserve: ~120 tests no longer parsed); the one that calls it still counts."""
    files: dict[str, str | bytes] = {
        "src/slices.py": "from sklearn.metrics import accuracy_score\n\n\n"
                         "def per_segment_accuracy(y, p, segments):\n"
                         "    return {s: accuracy_score(y[m], p[m]) for s, m in segments.items()}\n",
        "tests/test_slices.py": "from src.slices import per_segment_accuracy\n\n\n"
                                "def test_floor():\n    out = per_segment_accuracy(Y, P, SEGMENTS)\n"
                                "    assert min(out.values()) > 0.8\n",
    }
    files.update({f"tests/test_io_{i}.py": f"def test_io_{i}():\n    assert {i} == {i}\n" for i in range(5)})
    root = write_tree(tmp_path / "r", files)
    index = build_index(root, use_git=False)
    [result] = run_rules(index, load_config(root, upward=False), Selection(select=("spec-slice-eval",)),
                         today=TODAY)
    assert [(f.path, f.line) for f in result.findings] == [("tests/test_slices.py", 5)], result.summary
    assert not [p for p in parsed if p.startswith("tests/test_io_")]


def test_repro_seeds_parses_again_only_the_imported_modules_that_add_a_call(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """repro-seeds reads the scikit-learn calls of the modules a training script imports and the registries
    they build from: a module whose parse was dropped is parsed again only when its summary says it has one
    of them (helpers.py has neither), and the findings are the same as with every tree kept."""
    files = {
        "train.py": "import torch\n\nfrom helpers import COLUMNS\nfrom registry import build\n\n"
                    "torch.manual_seed(0)\nbuild('gbm').fit(COLUMNS, [1])\n",
        "train_rf.py": "import torch\n\nfrom helpers import COLUMNS\nfrom models import make_model\n\n"
                       "torch.manual_seed(0)\nmake_model().fit(COLUMNS, [1])\n",
        "helpers.py": "import os\n\nCOLUMNS = {'a': os.sep}\n",
        "models.py": "from sklearn.ensemble import RandomForestClassifier\n\n\ndef make_model():\n"
                     "    return RandomForestClassifier()\n",
        "registry.py": "import xgboost as xgb\n\nMODELS = {'gbm': xgb.XGBClassifier}\n\n\ndef build(kind):\n"
                       "    return MODELS[kind]()\n",
    }
    root = write_tree(tmp_path / "r", files)
    seeds = Selection(select=("repro-seeds",))

    def findings(index: RepoIndex) -> list[tuple[str, str, int | None, str]]:
        return [(r.status.value, f.path, f.line, f.message)
                for r in run_rules(index, load_config(root), seeds, today=TODAY) for f in r.findings]

    kept_all = findings(build_index(root, use_git=False))
    assert [(path, line) for _, path, line, _ in kept_all] == [("models.py", 5), ("registry.py", 7)]
    monkeypatch.setattr(RepoIndex, "TREE_BUDGET", 0)
    monkeypatch.setattr(RepoIndex, "PASSING", 1)
    index = build_index(root, use_git=False)
    index.rules = frozenset(("repro-seeds",))  # as run_rules says: a summary is made at a drop for its rule
    for path in [*files, "train.py"]:
        index.python(path, keep=False)  # every module dropped once, its summaries made
    parses: list[str] = []
    load = RepoIndex._load_python
    monkeypatch.setattr(RepoIndex, "_load_python", lambda ix, path: parses.append(path) or load(ix, path))
    assert findings(index) == kept_all
    assert "helpers.py" not in parses and "models.py" in parses and "registry.py" in parses


def test_a_test_that_spells_no_slice_helper_is_not_parsed_for_its_calls(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, parsed: list[str]) -> None:
    """spec-slice-eval reads the calls of a test that imports a module computing a per-slice metric: a test
    whose text spells no such helper is answered without its calls, and the calls' summary is never made at
    the drop of a test's parse (it is asked of so few tests that making it at each drop cost more)."""
    helper = ("import numpy as np\nfrom sklearn.metrics import mean_absolute_error\n\n\n"
              "def mae_for_segment(actual, predicted, mask):\n"
              "    return float(mean_absolute_error(actual[mask], predicted[mask]))\n\n\nSEGMENTS = ('north',)\n")
    files = {
        "src/demand/__init__.py": "",
        "src/demand/evaluate.py": helper,
        "tests/test_segments.py": "import numpy as np\n\nfrom demand.evaluate import mae_for_segment\n\n\n"
                                  "def test_north():\n    m = np.ones(3) > 0\n"
                                  "    assert mae_for_segment(np.ones(3), np.ones(3), m) < 12.0\n",
        "tests/test_names.py": "from demand.evaluate import SEGMENTS\n\n\ndef test_names():\n"
                               "    assert 'north' in SEGMENTS\n",
    }
    root = write_tree(tmp_path / "r", files)
    slice_eval = Selection(select=("spec-slice-eval",))

    def results(index: RepoIndex) -> list[tuple[str, list[tuple[str, int | None]]]]:
        return [(r.status.value, [(f.path, f.line) for f in r.findings])
                for r in run_rules(index, load_config(root, upward=False), slice_eval, today=TODAY)]

    kept_all = results(build_index(root, use_git=False))
    monkeypatch.setattr(RepoIndex, "TREE_BUDGET", 0)
    monkeypatch.setattr(RepoIndex, "PASSING", 1)
    index = build_index(root, use_git=False)
    for path in [*files, "src/demand/evaluate.py"]:
        index.python(path, keep=False)  # every module dropped once, its summaries made
    assert index.summary_made("spec-slice-called", "tests/test_names.py") is None
    parsed.clear()
    assert results(index) == kept_all
    assert "tests/test_names.py" not in parsed


def test_a_module_that_spells_no_numeric_guard_is_answered_without_its_summary(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """mon-numeric-guards asks each module that spells "nan" for its first guard: one that spells no guard's
    name (`float("nan")` as a default) is answered from the pre-filter, neither parsed nor summarised."""
    from mlgate.rules import mon  # noqa: F401  (declares the mon-guard summary)

    made: list[str] = []
    real = RepoIndex._summarisers["mon-guard"]
    monkeypatch.setitem(RepoIndex._summarisers, "mon-guard",
                        lambda path, sources: made.append(path) or real(path, sources))
    root = write_tree(tmp_path / "r", {
        "loss.py": "import torch\n\nPAD = float('nan')\n\n\ndef loss(x):\n    return x.sum()\n",
        "guard.py": "import torch\n\n\ndef check(loss):\n    if not torch.isfinite(loss):\n"
                    "        raise FloatingPointError(loss)\n",
    })
    monkeypatch.setattr(RepoIndex, "TREE_BUDGET", 0)
    monkeypatch.setattr(RepoIndex, "PASSING", 1)
    index = build_index(root, use_git=False)
    for path in ("loss.py", "guard.py", "loss.py"):
        index.python(path, keep=False)
    assert index.summary("mon-guard", "loss.py") is None and index.summary("mon-guard", "guard.py") == 5
    assert made == ["guard.py"]


def test_the_config_names_of_a_module_are_made_at_its_drop_only_when_it_may_name_a_config(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A YAML file outside a config folder configures training only when code names it: the names a module
    spells are read (at the drop of its parse) only from a module whose text holds such a file's name; the
    others' are made when asked (never, by config_files), and config_files finds the same files."""
    from mlgate.facts.python import config_files

    files = {
        "train.py": "import yaml\n\nwith open('settings.yaml') as fh:\n    cfg = yaml.safe_load(fh)\n",
        "export.py": "import json\n\nOUT = 'export.json'\n",
        "settings.yaml": "lr: 0.1\n",
        "other.yaml": "lr: 0.2\n",
        "configs/model.yaml": "depth: 3\n",
    }
    root = write_tree(tmp_path / "r", files)
    expected = config_files(build_index(root, use_git=False))
    assert sorted(expected) == ["configs/model.yaml", "settings.yaml"]
    monkeypatch.setattr(RepoIndex, "TREE_BUDGET", 0)
    monkeypatch.setattr(RepoIndex, "PASSING", 1)
    index = build_index(root, use_git=False)
    for path in ("train.py", "export.py", "train.py"):
        index.python(path, keep=False)
    assert index.summary_made("py-config-names", "train.py") == frozenset({"settings.yaml"})
    assert index.summary_made("py-config-names", "export.py") is None
    assert config_files(index) == expected


def test_a_module_the_data_rules_read_is_read_at_the_drop_of_its_first_parse(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """When the data rules are run, a module they read is read for them from the parse a sweep drops (the
    repository model's, before the rules run), and not parsed again for them; a module that reading needs
    and no sweep has parsed yet (it declares the option the revision comes from) is held for the sweep that
    parses it later, not parsed twice. The findings are the same."""
    from mlgate.rules.data import _data_module

    files = {
        "app.py": "import pandas as pd\nfrom transformers import AutoModel\n\nfrom zoptions import args\n\n"
                  "model = AutoModel.from_pretrained('bert-base-uncased', revision=args.revision)\n"
                  "df = pd.read_csv('https://example.com/data/train.csv')\n",
        "util.py": "import os\n\nROOT = os.getcwd()\n",
        "zoptions.py": "import argparse\n\nparser = argparse.ArgumentParser()\n"
                       "parser.add_argument('--revision', default='main')\nargs = parser.parse_args()\n",
    }
    root = write_tree(tmp_path / "r", files)
    rules = Selection(select=("data-hf-revision", "data-remote-unpinned"))

    def findings(index: RepoIndex) -> list[tuple[str, str, int | None, str]]:
        return [(r.rule_id, f.path, f.line, f.message)
                for r in run_rules(index, load_config(root), rules, today=TODAY) for f in r.findings]

    kept_all = findings(build_index(root, use_git=False))
    assert [(rule, path, line) for rule, path, line, _ in kept_all] == \
        [("data-hf-revision", "zoptions.py", 4), ("data-remote-unpinned", "app.py", 7)]
    monkeypatch.setattr(RepoIndex, "TREE_BUDGET", 0)
    monkeypatch.setattr(RepoIndex, "PASSING", 1)
    index = build_index(root, use_git=False)
    index.rules = frozenset(("data-hf-revision", "data-remote-unpinned"))  # as run_rules says
    parses: list[str] = []
    load = RepoIndex._load_python
    monkeypatch.setattr(RepoIndex, "_load_python", lambda ix, path: parses.append(path) or load(ix, path))
    for path in ("app.py", "util.py", "zoptions.py"):
        index.python(path, keep=False)  # a sweep: app.py dropped when util.py is parsed, and read for the rules
    assert parses == ["app.py", "util.py", "zoptions.py"]  # zoptions.py read for app.py's, then the sweep's
    assert _data_module(index, "app.py")[1] and _data_module(index, "app.py")[0]
    assert parses == ["app.py", "util.py", "zoptions.py"]  # read already: not parsed again for the rules
    assert findings(index) == kept_all


def test_a_drop_hook_that_asks_for_a_memo_under_way_is_abandoned(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A parse dropped inside a memo's computation runs the drop hooks, which must not compute that memo
    again: the hook is abandoned (the rule makes what it wanted when it asks), and the memo is computed once."""
    root = write_tree(tmp_path / "r", {"a.py": "A = 1\n", "b.py": "B = 2\n", "c.py": "C = 3\n"})
    monkeypatch.setattr(RepoIndex, "TREE_BUDGET", 0)
    monkeypatch.setattr(RepoIndex, "PASSING", 1)
    index = build_index(root, use_git=False)
    index.rules = frozenset({"test-rule"})
    computed: list[str] = []
    hooked: list[str] = []

    def sweep() -> int:
        computed.append("sweep")
        return sum(1 for path in ("a.py", "b.py", "c.py") if index.python(path, keep=False) is not None)

    def hook(ix: RepoIndex, path: str, sources: list[object]) -> None:
        hooked.append(path)
        ix.memo("test-sweep", sweep)

    monkeypatch.setattr(RepoIndex, "_drop_hooks", [hook])
    assert index.memo("test-sweep", sweep) == 3
    assert computed == ["sweep"] and hooked == ["a.py", "b.py"]


def test_a_config_key_read_at_a_drop_parses_no_script_the_module_does_not_import(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A module's `args.model` is resolved from the defaults declared in it and in the modules it imports,
    never another script's (``Resolver._declarable``): read at the drop of the module's parse, it parses no
    other training script that declares `--model` (diffusers' hooks parsed hundreds of example scripts ahead
    of the sweeps, filled the early pool and paused, and 156 modules were parsed again for the rules)."""
    from mlgate.rules.data import _data_module

    def script(model: str) -> str:
        return ("import argparse\n\nfrom transformers import AutoModel\n\nparser = argparse.ArgumentParser()\n"
                f"parser.add_argument('--model', default='{model}')\nargs = parser.parse_args()\n"
                "net = AutoModel.from_pretrained(args.model)\n")

    files = {"a_train.py": script("org/alpha"), "b_train.py": script("org/beta"), "c_train.py": script("org/gamma"),
             "util.py": "ROOT = '.'\n"}
    root = write_tree(tmp_path / "r", files)
    rules = Selection(select=("data-hf-revision",))

    def findings(index: RepoIndex) -> list[tuple[str, int | None, str]]:
        return [(f.path, f.line, f.message)
                for r in run_rules(index, load_config(root), rules, today=TODAY) for f in r.findings]

    kept_all = findings(build_index(root, use_git=False))
    assert [(path, line) for path, line, _ in kept_all] == [("a_train.py", 8), ("b_train.py", 8), ("c_train.py", 8)]
    assert "org/alpha" in kept_all[0][2] and "org/gamma" in kept_all[2][2]
    monkeypatch.setattr(RepoIndex, "TREE_BUDGET", 0)
    monkeypatch.setattr(RepoIndex, "PASSING", 1)
    index = build_index(root, use_git=False)
    index.rules = frozenset(("data-hf-revision",))
    parses: list[str] = []
    load = RepoIndex._load_python
    monkeypatch.setattr(RepoIndex, "_load_python", lambda ix, path: parses.append(path) or load(ix, path))
    index.python("a_train.py", keep=False)
    index.python("b_train.py", keep=False)  # a sweep: a_train.py dropped, and read for the rule
    assert parses == ["a_train.py", "b_train.py"]  # c_train.py, which declares `--model` too, is not read for it
    index.python("c_train.py", keep=False)
    index.python("util.py", keep=False)
    assert parses == ["a_train.py", "b_train.py", "c_train.py", "util.py"]
    assert all(_data_module(index, p)[0] for p in files if p.endswith("_train.py"))
    assert parses == ["a_train.py", "b_train.py", "c_train.py", "util.py"]  # read at their drops
    assert findings(index) == kept_all


def test_what_a_dropped_module_writes_and_serves_is_read_from_its_first_parse(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The data files a module writes (prov-dataset-lineage) are a summary made when a sweep drops its parse,
    and the prediction handlers it defines (the repository model's serving code) are read at that drop while
    rules are run: neither parses the module again (diffusers: 18 modules each, lerobot 12 and 7)."""
    from mlgate.facts.deploy import serving_handlers
    from mlgate.facts.provenance import dataset_writes

    files = {
        "prep.py": "import pandas as pd\n\nframe = pd.DataFrame({'a': [1]})\n"
                   "frame.to_csv('data/processed/train.csv')\n",
        "serve.py": "import joblib\nfrom fastapi import FastAPI\n\napp = FastAPI()\n"
                    "model = joblib.load('model.pkl')\n\n\n@app.post('/predict')\n"
                    "def predict(x: float) -> float:\n    return float(model.predict([[x]])[0])\n",
        "util.py": "ROOT = '.'\n",
        "zlast.py": "LAST = 1\n",
    }
    root = write_tree(tmp_path / "r", files)
    kept_all = build_index(root, use_git=False)
    writes, handlers = dataset_writes(kept_all), serving_handlers(kept_all)
    assert writes == [("data/processed/train.csv", "prep.py", 4, None)]
    assert [(h.path, h.line, h.name, h.kind) for h in handlers] == [("serve.py", 9, "predict", "http")]
    monkeypatch.setattr(RepoIndex, "TREE_BUDGET", 0)
    monkeypatch.setattr(RepoIndex, "PASSING", 1)
    index = build_index(root, use_git=False)
    index.rules = frozenset(("prov-dataset-lineage", "mon-serving-schema"))  # as run_rules says
    parses: list[str] = []
    load = RepoIndex._load_python
    monkeypatch.setattr(RepoIndex, "_load_python", lambda ix, path: parses.append(path) or load(ix, path))
    for path in ("prep.py", "serve.py", "util.py", "zlast.py"):
        index.python(path, keep=False)  # a sweep: each dropped when the next is parsed
    assert dataset_writes(index) == writes and serving_handlers(index) == handlers
    assert parses == ["prep.py", "serve.py", "util.py", "zlast.py"]  # read at the drops, not parsed again


def test_reachable_keeps_only_the_modules_whose_definitions_it_reaches(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The functions a training script reaches are looked up in the summaries of the modules it imports from:
    a module is parsed again and kept only when it defines the function, or a class with the method, that the
    script calls (karunru/kaggle_monorepo kept 143 modules, 6.6M characters, for `x = f(...)` and
    `model = Model(...)` lines whose names those modules did not define)."""
    from mlgate.facts.python import unit_for
    from mlgate.facts.training import reachable

    files = {
        "train.py": "from loaders import load, Loader\nfrom models import Model, build\n\n"
                    "frame = load('d.csv')\nframe.describe()\nloader = Loader()\nloader.go()\n"
                    "model = Model()\nmodel.fit(frame)\nbuild()\n",
        "loaders.py": "from pandas import read_csv as load\n\n\nclass Loader:\n    def run(self):\n        pass\n",
        "models.py": "class Model:\n    def fit(self, frame):\n        return self\n\n\n"
                     "def build():\n    return Model()\n",
        "zlast.py": "LAST = 1\n",
    }
    root = write_tree(tmp_path / "r", files)
    full = build_index(root, use_git=False)
    found = [(c.path, o.path, f.name, n.lineno) for c, o, f, n in reachable(full, unit_for(full, "train.py"))]
    assert found == [("train.py", "models.py", "fit", 9), ("train.py", "models.py", "build", 10)]
    monkeypatch.setattr(RepoIndex, "TREE_BUDGET", 0)
    monkeypatch.setattr(RepoIndex, "PASSING", 1)
    index = build_index(root, use_git=False)
    for path in ("loaders.py", "models.py", "zlast.py"):
        index.python(path, keep=False)  # a sweep: each dropped when the next is parsed
    parses: list[str] = []
    load = RepoIndex._load_python
    monkeypatch.setattr(RepoIndex, "_load_python", lambda ix, path: parses.append(path) or load(ix, path))
    assert [(c.path, o.path, f.name, n.lineno) for c, o, f, n in reachable(index, unit_for(index, "train.py"))] \
        == found
    # the reached functions are parsed from their own lines, not from models.py whole again
    assert parses == ["train.py"] and not index.kept("loaders.py") and not index.kept("models.py")


HELPERS = """\
\"\"\"Helpers.

def fit(frame):
    return 'a docstring example, not the helper'
\"\"\"
import functools
import torch


@functools.lru_cache()
@torch.no_grad()
def fit(frame, epochs=3):
    for _ in range(epochs):
        frame = frame.step()
    return frame


try:
    def load(path):  # guarded
        return torch.load(path)
except ImportError:
    load = None


class Trainer:
    async def fit(self, frame):
        return fit(
    frame)

    def fit(self, frame):  # the second of a name: not the one a call finds
        return None
"""


@pytest.mark.parametrize("newline", ["\n", "\r\n", "\r"])
def test_a_reached_function_is_the_node_a_parse_of_its_module_gives(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                                     newline: str) -> None:
    """``Reached`` parses a function's own lines (its decorators to its last line): the same node, at the same
    lines and columns, as the module's parse, for a decorated function, one under a `try:` and a class's first
    method of a name; a docstring that spells a `def` is not taken for it. A module whose lines end with lone
    CRs (which ``str`` lines do not split on) is parsed whole instead."""
    from mlgate.facts.python import Reached, TopNames, class_method, reached_module, unit_for

    root = write_tree(tmp_path / "r", {"train.py": "from helpers import fit\n\nfit(None)\n"})
    (root / "helpers.py").write_bytes(HELPERS.replace("\n", newline).encode())
    full = unit_for(build_index(root, use_git=False), "helpers.py")
    assert full is not None
    monkeypatch.setattr(RepoIndex, "TREE_BUDGET", 0)
    monkeypatch.setattr(RepoIndex, "PASSING", 1)
    index = build_index(root, use_git=False)
    for path in ("helpers.py", "train.py"):
        index.python(path, keep=False)
    parses: list[str] = []
    load = RepoIndex._load_python
    monkeypatch.setattr(RepoIndex, "_load_python", lambda ix, path: parses.append(path) or load(ix, path))
    reached = reached_module(index, "helpers.py")
    assert isinstance(reached, Reached) and isinstance(index.summary("py-top-names", "helpers.py"), TopNames)
    got = [reached.function("fit"), reached.function("load"), reached.method("Trainer", "fit")]
    want = [full.functions["fit"], full.functions["load"], class_method(full, "Trainer", "fit")[1]]
    assert [ast.dump(g, include_attributes=True) for g in got if g is not None] == \
        [ast.dump(w, include_attributes=True) for w in want if w is not None]
    assert [g.lineno for g in got if g is not None] == [12, 19, 26]
    assert parses == (["helpers.py"] if newline == "\r" else [])


def test_the_modules_training_reaches_are_not_kept_and_the_repro_rules_read_them_the_same(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A module whose functions a training script calls is held as its names and the reached functions' nodes
    (``Reached``), not as a kept tree: what repro-seeds, repro-determinism and repro-params-tracked read of the
    whole module comes from its summary, a seed's value is resolved in a parse at hand, and every finding is
    the one given when every tree is kept (karunru/kaggle_monorepo kept 110 such modules, 4.6M characters)."""
    files = {
        "train.py": "import torch\nfrom helpers import fix_seeds, Trainer\n\nSEED = 7\n\n\ndef main():\n"
                    "    fix_seeds(SEED)\n    trainer = Trainer()\n    trainer.fit()\n\n\nmain()\n",
        "helpers.py": "import random\nimport numpy as np\nimport torch\nimport mlflow\n\nOFFSET = 1\n\n\n"
                      "def fix_seeds(seed):\n    random.seed(seed)\n    np.random.seed(OFFSET)\n"
                      "    torch.manual_seed(seed)\n\n\nclass Trainer:\n    def fit(self):\n"
                      "        device = torch.device('cuda')\n        mlflow.log_params({'lr': 0.1})\n"
                      "        return device\n",
        "zlast.py": "LAST = 1\n",
    }
    root = write_tree(tmp_path / "r", files)
    rules = Selection(["repro-seeds", "repro-determinism", "repro-params-tracked"])
    cfg = load_config(root, upward=False)

    def findings(index: RepoIndex) -> list[tuple[str, str, list[tuple[str, int | None, str]]]]:
        return [(r.rule_id, r.status.value, [(f.path, f.line, f.message) for f in r.findings])
                for r in run_rules(index, cfg, rules, today=TODAY)]

    kept_all = findings(build_index(root, use_git=False))
    # the seeds resolved through the caller (`SEED`) and the helper's module (`OFFSET`), the parameters logged
    # in the method reached, the GPU used there
    assert kept_all == [
        ("repro-seeds", "pass", []),
        ("repro-params-tracked", "partial",
         [("train.py", 9, "train.py logs its runs but its hyperparameters are written in the code")]),
        ("repro-determinism", "fail", [("helpers.py", 17, "training runs on a GPU (`torch.device('cuda')`) with no "
                                        "determinism setting: two runs with the same seed can still differ")])]
    monkeypatch.setattr(RepoIndex, "TREE_BUDGET", 0)
    monkeypatch.setattr(RepoIndex, "PASSING", 1)
    index = build_index(root, use_git=False)
    assert findings(index) == kept_all
    assert index.kept("train.py") and not index.kept("helpers.py")


def test_gates_evaluation_and_helpers_are_read_from_a_dropped_modules_first_parse(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """rollout-quality-gate's gates, evaluation_sources' first metric and prov-model-data-link's helper bodies
    are read from the parse a sweep drops (a drop hook, two summaries): no module is parsed again (an
    evaluating module's tree is not kept either: its place is), and the rules' results are the same."""
    from mlgate.facts.evaluation import evaluation_sources
    from mlgate.rules.prov import _helpers_record
    from mlgate.rules.rollout import _gates_and_promotions

    files = {
        "check.py": "import sys\nimport pandas as pd\n\nauc = pd.read_csv('m.csv').auc[0]\n"
                    "if auc < 0.8:\n    sys.exit(1)\n",
        "evaluate.py": "from sklearn.metrics import accuracy_score\n\nprint(accuracy_score([1], [1]))\n",
        "helpers.py": "import subprocess\n\n\ndef commit():\n"
                      "    return subprocess.check_output(['git', 'rev-parse', 'HEAD'])\n",
        "train.py": "from helpers import commit\n\ncommit()\n",
        "zlast.py": "LAST = 1\n",
    }
    root = write_tree(tmp_path / "r", files)
    full = build_index(root, use_git=False)
    gates = _gates_and_promotions(full)
    assert [(g.path, g.line) for g in gates[0]] == [("check.py", 5)]
    evaluating = [(e.path, e.line) for e in evaluation_sources(full)]
    assert evaluating == [("evaluate.py", 3)]
    helpers = _helpers_record(full, "train.py", {"commit"})
    assert helpers == (False, True)
    monkeypatch.setattr(RepoIndex, "TREE_BUDGET", 0)
    monkeypatch.setattr(RepoIndex, "PASSING", 1)
    index = build_index(root, use_git=False)
    index.rules = frozenset(("rollout-quality-gate", "prov-model-data-link"))  # as run_rules says
    for path in files:
        index.python(path, keep=False)  # a sweep: each dropped when the next is parsed
    parses: list[str] = []
    load = RepoIndex._load_python
    monkeypatch.setattr(RepoIndex, "_load_python", lambda ix, path: parses.append(path) or load(ix, path))
    assert _gates_and_promotions(index) == gates
    assert _helpers_record(index, "train.py", {"commit"}) == helpers
    assert parses == []
    assert [(e.path, e.line) for e in evaluation_sources(index)] == evaluating
    assert parses == [] and not index.kept("evaluate.py")


def test_what_the_seed_params_and_evaluation_rules_read_of_a_module_is_read_from_its_first_parse(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """repro-seeds (an estimator built in an imported module), repro-params-tracked (a hyperparameter written in
    one), spec-baseline-compare and spec-slice-eval (an evaluating module) read summaries of the modules they
    look into: a module dropped by a sweep is neither parsed again nor kept for them, and the findings are the
    same as with every tree kept."""
    files = {
        "train.py": "import torch\n\nfrom models import MODEL\n\ntorch.manual_seed(0)\nMODEL.fit([[1]], [1])\n",
        "models.py": "from sklearn.ensemble import RandomForestClassifier\n\n"
                     "MODEL = RandomForestClassifier(n_estimators=10)\n",
        "evaluate.py": "from sklearn.dummy import DummyClassifier\nfrom sklearn.metrics import accuracy_score\n\n"
                       "baseline = DummyClassifier(strategy='prior')\n"
                       "print(accuracy_score([1], baseline.predict([[1]])))\n",
        "zlast.py": "LAST = 1\n",
    }
    from mlgate.inventory import repository_model

    root = write_tree(tmp_path / "r", files)
    rules = Selection(select=("repro-seeds", "repro-params-tracked", "spec-baseline-compare", "spec-slice-eval"))
    config = load_config(root)

    def findings(index: RepoIndex) -> list[tuple[str, str, str, int | None, str]]:
        return [(r.rule_id, r.status.value, f.path, f.line, f.message)
                for r in run_rules(index, config, rules, today=TODAY) for f in r.findings]

    kept_all = findings(build_index(root, use_git=False))
    assert {(rule, path, line) for rule, _, path, line, _ in kept_all} >= {
        ("repro-seeds", "models.py", 3), ("spec-baseline-compare", "evaluate.py", 4),
        ("spec-slice-eval", "evaluate.py", 5)}
    monkeypatch.setattr(RepoIndex, "TREE_BUDGET", 0)
    monkeypatch.setattr(RepoIndex, "PASSING", 1)
    index = build_index(root, use_git=False)
    index.rules = frozenset(rules.select)  # as run_rules says: a summary is made at a drop for its rule
    repository_model(index, config)  # the discovery's sweep: each module dropped, its summaries made
    parses: list[str] = []
    load = RepoIndex._load_python
    monkeypatch.setattr(RepoIndex, "_load_python", lambda ix, path: parses.append(path) or load(ix, path))
    assert findings(index) == kept_all
    assert parses == [] and not index.kept("models.py") and not index.kept("evaluate.py")
