"""`mlgate check --base`: the base reuses the working tree's facts and rule outcomes where nothing they
read differs (mlgate.repo.RepoIndex.share_with_twin). What a user sees must be exactly what a base
evaluated in full gives (MLGATE_NO_REUSE=1), above all for changes to whole-repository facts: CI jobs,
the tests, module names, what the project is."""

from __future__ import annotations

from pathlib import Path

import pytest

from mlgate.analysis import analyse
from mlgate.config import parse_config
from mlgate.model import Comparison
from tests.conftest import TODAY, git, git_repo, write_tree

FEATURES = """\
import pandas as pd


def add_ratio(df: pd.DataFrame) -> pd.DataFrame:
    out = df.copy()
    out["ratio"] = out["spend"] / out["visits"].clip(lower=1)
    return out
"""
TRAIN = """\
import joblib
import pandas as pd
from sklearn.linear_model import LogisticRegression

from shop.features import add_ratio


def main() -> None:
    df = add_ratio(pd.read_csv("data/customers.csv"))
    model = LogisticRegression(random_state=0)
    model.fit(df[["ratio"]], df["churned"])
    joblib.dump(model, "models/churn.joblib")


if __name__ == "__main__":
    main()
"""
TEST = """\
import pandas as pd

from shop.features import add_ratio


def test_ratio_guards_zero_visits():
    df = add_ratio(pd.DataFrame({"spend": [10.0], "visits": [0]}))
    assert df["ratio"].tolist() == [10.0]
"""
CI = """\
on: pull_request
jobs:
  test:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
      - run: pip install -r requirements.txt
      - run: pytest tests
"""
PROJECT: dict[str, str | bytes] = {
    "requirements.txt": "scikit-learn>=1.4\npandas==2.2.2\njoblib==1.4.2\n",
    "pyproject.toml": "[tool.ruff]\nline-length = 100\n",
    "README.md": "# Churn model\n",
    "src/shop/__init__.py": "",
    "src/shop/features.py": FEATURES,
    "src/shop/train.py": TRAIN,
    "tests/test_features.py": TEST,
    ".github/workflows/ci.yml": CI,
}

Row = tuple[str, str, "int | None", str]


def _rows(c: Comparison) -> tuple[list[Row], list[Row], int]:
    return ([(f.rule_id, f.path, f.line, f.message) for f in c.new],
            [(f.rule_id, f.path, f.line, f.message) for f in c.fixed], len(c.unchanged))


def compare_pr(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, write: dict[str, str | bytes],
               remove: tuple[str, ...] = (), rename: tuple[str, str] | None = None
               ) -> tuple[list[Row], list[Row], int]:
    """(new, fixed, how many unchanged) of a pull request on PROJECT, checked to be what a base evaluated
    in full gives."""
    root = git_repo(tmp_path / "r", dict(PROJECT))
    base = git(root, "rev-parse", "HEAD").strip()
    if rename:
        git(root, "mv", *rename)
    for path in remove:
        git(root, "rm", "-q", path)
    write_tree(root, write)
    git(root, "add", "-A")
    git(root, "commit", "-qm", "pr")
    return _compared(root, base, monkeypatch)


def _compared(root: Path, base: str, monkeypatch: pytest.MonkeyPatch) -> tuple[list[Row], list[Row], int]:
    """The comparison of the checkout with ``base``, checked to be the same with the base evaluated in full."""
    seen = []
    for full in ("1", "0"):
        monkeypatch.setenv("MLGATE_NO_REUSE", full)
        comparison = analyse(str(root), parse_config("", "x"), base=base, today=TODAY).comparison
        assert comparison is not None
        seen.append(_rows(comparison))
    assert seen[1] == seen[0]  # reusing the working tree's facts changes nothing a user sees
    return seen[1]


def test_a_ci_workflow_that_stops_running_the_tests_is_new(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    stopped = CI.replace("      - run: pytest tests\n", "      - run: python -m compileall src\n")
    new, fixed, _ = compare_pr(tmp_path, monkeypatch, {".github/workflows/ci.yml": stopped})
    assert new == [("feat-tests-in-ci", ".github/workflows/ci.yml", None, "1 test file exists but no CI job runs them")]
    assert fixed == []


def test_a_new_ci_workflow_that_retrains_fixes_the_undeclared_pipeline(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    new, fixed, _ = compare_pr(tmp_path, monkeypatch, {".github/workflows/nightly.yml": (
        "on:\n  schedule:\n    - cron: '0 3 * * *'\njobs:\n  retrain:\n    runs-on: ubuntu-latest\n"
        "    steps:\n      - uses: actions/checkout@v4\n      - run: python src/shop/train.py\n")})
    assert new == []
    assert [(rule, path) for rule, path, _, _ in fixed] == [("repro-pipeline-declared", "src/shop/train.py")]


@pytest.mark.parametrize("how", ["emptied", "deleted"])
def test_feature_code_left_without_its_test_is_new(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, how: str) -> None:
    """The test emptied (the same files on both sides: the base reuses what it can) or deleted (the file
    lists differ: the base is evaluated in full)."""
    if how == "emptied":
        new, fixed, _ = compare_pr(tmp_path, monkeypatch, {"tests/test_features.py": "# moved to the notebook\n"})
    else:
        new, fixed, _ = compare_pr(tmp_path, monkeypatch, {}, remove=("tests/test_features.py",))
    assert new == [("feat-tests-exist", "src/shop/features.py", 4,
                    "feature module is not imported by any test (its path names feature code)")]
    assert fixed == []


def test_a_renamed_module_keeps_its_findings(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    new, fixed, unchanged = compare_pr(tmp_path, monkeypatch, {
        "src/shop/train.py": TRAIN.replace("shop.features", "shop.featurize"),
        "tests/test_features.py": TEST.replace("shop.features", "shop.featurize")},
        rename=("src/shop/features.py", "src/shop/featurize.py"))
    assert (new, fixed) == ([], [])
    report = analyse(str(tmp_path / "r"), parse_config("", "x"), today=TODAY)
    assert unchanged == sum(len(r.active_findings) for r in report.results) > 0  # every finding is unchanged


def test_a_project_that_becomes_a_published_library_is_judged_as_one(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """pyproject.toml gains a [project] table: what the repository is (the model every rule reads) changes
    with one file, the same files on both sides."""
    new, fixed, _ = compare_pr(tmp_path, monkeypatch, {"pyproject.toml": (
        "[build-system]\nrequires = ['setuptools>=68']\nbuild-backend = 'setuptools.build_meta'\n\n"
        "[project]\nname = 'shop-churn'\nversion = '0.3.0'\ndependencies = ['scikit-learn>=1.4', 'pandas>=2']\n\n"
        "[tool.ruff]\nline-length = 100\n")})
    assert new == [("repro-deps-pinned", "pyproject.toml", 8,
                    "2 dependencies are version ranges and no lock file is committed (scikit-learn, pandas)")]
    assert fixed == []


def test_the_base_does_not_run_again_a_rule_that_read_nothing_that_differs(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A pull request that edits the README: the requirements rule reads nothing that differs, so the base
    takes the working tree's outcome (the rule runs once); with MLGATE_NO_REUSE=1 it runs on both sides."""
    from mlgate import rules

    calls: list[str] = []
    real = rules.ALL_RULES["repro-deps-pinned"]

    def counted(ctx):  # type: ignore[no-untyped-def]
        calls.append(ctx.index.commit or "")
        return real(ctx)

    monkeypatch.setitem(rules.ALL_RULES, "repro-deps-pinned", counted)
    compare_pr(tmp_path, monkeypatch, {"README.md": "# Churn model\n\nRetrained weekly.\n"})
    assert len(calls) == 3  # twice with MLGATE_NO_REUSE=1, once with reuse


def test_a_training_script_that_stops_seeding_torch_is_new(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The base must read the changed script as it was, not the working tree's parse of it (a table of
    parsed modules is never shared between the sides)."""
    seeded = TRAIN.replace("import joblib\n", "import joblib\nimport numpy as np\nimport torch\n").replace(
        "def main() -> None:\n", "def main() -> None:\n    np.random.seed(0)\n    torch.manual_seed(0)\n")
    monkeypatch.setitem(PROJECT, "src/shop/train.py", seeded)
    monkeypatch.setitem(PROJECT, "requirements.txt", "torch==2.3.0\nnumpy==1.26.4\nscikit-learn>=1.4\n"
                        "pandas==2.2.2\njoblib==1.4.2\n")
    unseeded = seeded.replace("    torch.manual_seed(0)\n", "")
    new, fixed, _ = compare_pr(tmp_path, monkeypatch, {"src/shop/train.py": unseeded})
    assert new == [("repro-seeds", "src/shop/train.py", 3, "src/shop/train.py seeds numpy but not torch")]
    assert fixed == []


SERVE = """\
import joblib
import pandas as pd
from fastapi import FastAPI

app = FastAPI()
model = joblib.load("models/churn.joblib")


@app.post("/predict")
def predict(payload: dict) -> dict:
    return {"churn": float(model.predict_proba(pd.DataFrame([payload]))[0, 1])}
"""


def test_a_module_that_starts_serving_the_model_brings_the_monitoring_rules(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """One module becomes a prediction API: the repository model now serves, and every rule that asks it
    whether a model is served judges again (a rule reused from the working tree would hide these)."""
    monkeypatch.setitem(PROJECT, "src/shop/serve.py", "def health() -> str:\n    return 'ok'\n")
    new, fixed, _ = compare_pr(tmp_path, monkeypatch, {"src/shop/serve.py": SERVE})
    assert [(rule, path, line) for rule, path, line, _ in new] == [
        ("feat-train-serve-shared", "src/shop/serve.py", 10), ("rollout-serving-smoke", "src/shop/serve.py", 10),
        ("mon-alert-rules", "src/shop/serve.py", 10), ("mon-drift", "src/shop/serve.py", 10),
        ("mon-serving-schema", "src/shop/serve.py", 10), ("mon-prediction-logging", "src/shop/serve.py", 10),
        ("mon-staleness", "src/shop/serve.py", 10), ("mon-numeric-guards", "src/shop/serve.py", 10)]
    assert new[2][3] == ("`predict` in src/shop/serve.py is served with no alert rule on latency, errors, memory, "
                         "model age, NaN or prediction metrics")
    assert fixed == []


def test_a_module_that_starts_defining_the_model_needs_a_code_owner(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """spec-codeowners reads the repository model and CODEOWNERS, neither file changed: the model's list of
    model definitions did (a rule that depends on the model depends on the attributes it reads)."""
    monkeypatch.setitem(PROJECT, ".github/CODEOWNERS", "/src/shop/train.py @ml-team\n/src/shop/features.py @ml-team\n")
    monkeypatch.setitem(PROJECT, "src/shop/model.py", "def n_features() -> int:\n    return 1\n")
    new, fixed, _ = compare_pr(tmp_path, monkeypatch, {"src/shop/model.py": (
        "import torch\nfrom torch import nn\n\n\nclass ChurnNet(nn.Module):\n    def __init__(self) -> None:\n"
        "        super().__init__()\n        self.head = nn.Linear(1, 1)\n\n"
        "    def forward(self, x: torch.Tensor) -> torch.Tensor:\n        return torch.sigmoid(self.head(x))\n")})
    assert new == [
        ("spec-codeowners", "src/shop/model.py", None,
         "1 model-spec file in src/shop/ (model.py) has no code owner in .github/CODEOWNERS"),
        ("spec-unit-tested", "src/shop/model.py", 5, "no test imports ChurnNet (src/shop/model.py)")]
    assert fixed == [("spec-unit-tested", "src/shop/train.py", 11, "no test imports src/shop/train.py")]


def test_a_data_file_that_grows_past_the_lfs_threshold_is_new(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A data file committed small and grown past the large-file limit by the change: data-lfs's finding is the
    change's own, with the base's facts reused or not."""
    root = git_repo(tmp_path / "r", {**PROJECT, "data/customers.csv": "id,spend\n1,10.0\n"})
    base = git(root, "rev-parse", "HEAD").strip()
    write_tree(root, {"data/customers.csv": "id,spend\n" + "1,10.0\n" * 200_000})  # 1.4 MB: past 1 MB
    git(root, "commit", "-qam", "pr")
    new, _fixed, _ = _compared(root, base, monkeypatch)
    assert [rule for rule, *_ in new] == ["data-lfs"]


# The tables that facts fill as they go (the Units built so far, the keys each module declares, the tooling
# scripts, the pipeline files that call a training module) are read without making their readers unreusable:
# a change to a file that fills one must still give what a base evaluated in full gives.
HUB_PIN = "0123456789abcdef0123456789abcdef01234567"
DOWNLOAD = ('from transformers import AutoModel\n\n\ndef load():\n'
            '    return AutoModel.from_pretrained("acme/churn-bert", revision="%s")\n')


def test_a_module_whose_download_loses_its_pin_is_new(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The changed module's Unit (the table of Units by path) must be the base's own, not the working tree's."""
    monkeypatch.setitem(PROJECT, "src/shop/download.py", DOWNLOAD % HUB_PIN)
    monkeypatch.setitem(PROJECT, "requirements.txt", f"{PROJECT['requirements.txt']}transformers==4.44.0\n")
    new, fixed, _ = compare_pr(tmp_path, monkeypatch, {"src/shop/download.py": DOWNLOAD.replace(', revision="%s"', "")})
    assert new == [("data-hf-revision", "src/shop/download.py", 5, 'AutoModel.from_pretrained("acme/churn-bert") '
                    "downloads from the Hugging Face Hub without a revision, so it gets whatever `main` points to "
                    "when it runs")]
    assert fixed == []


def test_an_argparse_default_that_stops_being_a_branch_is_fixed(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The model and its revision come from command-line defaults of another module, which the change drops
    the revision of: the changed module is one whose declared keys fill the table of keys by module (the base
    must read its own)."""
    cli = 'import argparse\n\nparser = argparse.ArgumentParser()\n' \
          'parser.add_argument("--model-id", default="acme/churn-bert")\n' \
          'parser.add_argument("--revision", default="main")\nargs = parser.parse_args()\n'
    monkeypatch.setitem(PROJECT, "src/shop/cli.py", cli)
    monkeypatch.setitem(PROJECT, "src/shop/download.py", DOWNLOAD.replace(
        'from transformers import AutoModel\n', 'from transformers import AutoModel\n\nfrom shop.cli import args\n')
        .replace('"acme/churn-bert", revision="%s"', "args.model_id, revision=args.revision"))
    monkeypatch.setitem(PROJECT, "requirements.txt", f"{PROJECT['requirements.txt']}transformers==4.44.0\n")
    new, fixed, _ = compare_pr(tmp_path, monkeypatch, {"src/shop/cli.py": cli.replace(
        'parser.add_argument("--revision", default="main")\n', "")})
    assert new == [("data-hf-revision", "src/shop/download.py", 7, 'AutoModel.from_pretrained("acme/churn-bert") '
                    "passes `revision=args.revision`, whose value mlgate cannot resolve statically; make sure it is "
                    "a commit sha")]
    assert fixed == [("data-hf-revision", "src/shop/cli.py", 5, "`revision: main` (argparse default) is used as a "
                      "Hugging Face Hub revision (e.g. by AutoModel.from_pretrained() in src/shop/download.py:7): "
                      "`main`, which moves with every push")]


SMOKE = """\
import joblib
import numpy as np
from sklearn.linear_model import LogisticRegression


def main() -> None:
    x = np.random.rand(20, 1)
    y = np.random.randint(0, 2, 20)
    model = LogisticRegression()
    model.fit(x, y)
    joblib.dump(model, "models/churn.joblib")


if __name__ == "__main__":
    main()
"""


def test_a_script_that_says_it_checks_the_setup_leaves_the_training_code(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A docstring makes a training script a smoke test (the tooling scripts the model lists, filled by the
    model-spec scan): the training rules stop judging it."""
    monkeypatch.setitem(PROJECT, "src/shop/smoke.py", SMOKE)
    new, fixed, _ = compare_pr(tmp_path, monkeypatch, {
        "src/shop/smoke.py": '"""A dummy training run: a smoke test of the setup."""\n' + SMOKE})
    assert new == []
    assert sorted((rule, path) for rule, path, _, _ in fixed) == [
        ("prov-model-data-link", "src/shop/smoke.py"), ("repro-params-tracked", "src/shop/smoke.py"),
        ("repro-seeds", "src/shop/smoke.py"), ("spec-unit-tested", "src/shop/smoke.py")]


TRAINER = """\
import numpy as np
from sklearn.linear_model import LogisticRegression


def fit_model():
    x = np.random.rand(20, 1)
    y = (x[:, 0] > 0.5).astype(int)
    return LogisticRegression().fit(x, y)
"""
DAG = """\
import numpy as np
from airflow import DAG
from airflow.operators.python import PythonOperator

from shop import trainer

np.random.seed(0)

with DAG("train") as dag:
    PythonOperator(task_id="fit", python_callable=trainer.fit_model)
"""


def test_a_pipeline_that_stops_seeding_its_training_step_is_new(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The seeds of a training module that an Airflow task runs are set by the DAG file (the pipeline files
    that call each training module, found with the training code): the change is to the DAG."""
    monkeypatch.setitem(PROJECT, "src/shop/trainer.py", TRAINER)
    monkeypatch.setitem(PROJECT, "dags/train.py", DAG)
    monkeypatch.setitem(PROJECT, "requirements.txt", f"{PROJECT['requirements.txt']}apache-airflow==2.9.0\n"
                        "numpy==1.26.4\n")
    new, fixed, _ = compare_pr(tmp_path, monkeypatch, {"dags/train.py": DAG.replace("np.random.seed(0)\n", "")})
    assert new == [("repro-seeds", "src/shop/trainer.py", 6, "src/shop/trainer.py trains with numpy but seeds no "
                    "random number generator, so two runs give different models")]
    assert fixed == []


def test_a_hydra_config_that_stops_naming_the_model_leaves_it_untested(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A test reaches the model through a module that calls Hydra's ``instantiate`` and the config's
    ``_target_`` (the table of each module's imports: an unchanged module's entry depends on the changed config)."""
    monkeypatch.setitem(PROJECT, "src/shop/model.py", (
        "import torch\nfrom torch import nn\n\n\nclass ChurnNet(nn.Module):\n    def __init__(self) -> None:\n"
        "        super().__init__()\n        self.head = nn.Linear(1, 1)\n\n"
        "    def forward(self, x: torch.Tensor) -> torch.Tensor:\n        return torch.sigmoid(self.head(x))\n"))
    monkeypatch.setitem(PROJECT, "src/shop/build.py", (
        "from hydra.utils import instantiate\n\n\ndef build(cfg):\n    return instantiate(cfg.model)\n"))
    monkeypatch.setitem(PROJECT, "tests/test_build.py", (
        "from shop.build import build\n\n\ndef test_build():\n    assert build is not None\n"))
    monkeypatch.setitem(PROJECT, "configs/model/churn.yaml", "_target_: shop.model.ChurnNet\n")
    monkeypatch.setitem(PROJECT, "requirements.txt", f"{PROJECT['requirements.txt']}torch==2.3.0\nhydra-core==1.3.2\n")
    new, fixed, _ = compare_pr(tmp_path, monkeypatch, {
        "configs/model/churn.yaml": "_target_: sklearn.linear_model.LogisticRegression\n"})
    assert new == [("spec-unit-tested", "src/shop/model.py", 5, "no test imports ChurnNet (src/shop/model.py)")]
    assert fixed == []


def test_a_preprocessing_module_no_stage_trains_with_becomes_feature_code(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A module that builds a ColumnTransformer is feature code unless it is training code, which a DVC stage
    decides: the module's own part is read once for both sides, whether it trains is each side's own."""
    monkeypatch.setitem(PROJECT, "src/shop/prep.py", (
        "import pandas as pd\nfrom sklearn.compose import ColumnTransformer\nfrom sklearn.preprocessing import "
        "OneHotEncoder\n\n\ndef build_preprocessor():\n    return ColumnTransformer([(\"plan\", OneHotEncoder(), "
        "[\"plan\"])])\n\n\nif __name__ == \"__main__\":\n    build_preprocessor()\n"))
    stage = "stages:\n  train:\n    cmd: python {0}\n    deps:\n      - {0}\n      - data/customers.csv\n"
    monkeypatch.setitem(PROJECT, "dvc.yaml", stage.format("src/shop/prep.py"))
    monkeypatch.setitem(PROJECT, "data/customers.csv", "id,plan\n1,a\n")
    new, _fixed, _ = compare_pr(tmp_path, monkeypatch, {"dvc.yaml": stage.format("src/shop/train.py")})
    assert ("feat-tests-exist", "src/shop/prep.py", 6, "feature module is not imported by any test (defines the "
            "preprocessing `ColumnTransformer` built in `build_preprocessor`)") in new
