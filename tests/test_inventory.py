"""`mlgate inventory`: what mlgate takes the repository to be, shown so that a user sees a misreading."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from mlgate.cli import main
from tests.conftest import git, git_repo, write_tree

TRAIN = """\
import argparse

import pandas as pd
from sklearn.linear_model import LogisticRegression


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--data", default="data/train.csv")
    args = parser.parse_args()
    frame = pd.read_csv(args.data)
    model = LogisticRegression().fit(frame.drop(columns="y"), frame["y"])


if __name__ == "__main__":
    main()
"""

API = """\
import joblib
from fastapi import FastAPI

app = FastAPI()
model = joblib.load("model.joblib")


@app.post("/predict")
def predict(payload: dict) -> dict:
    return {"churn": float(model.predict_proba([payload["x"]])[0][1])}
"""

PYFUNC = """\
import mlflow.pyfunc


class ChurnModel(mlflow.pyfunc.PythonModel):
    def load_context(self, context):
        self.model = None

    def predict(self, context, model_input):
        return self.model.predict(model_input)
"""


def inventory(root: Path, capsys: pytest.CaptureFixture[str]) -> dict[str, object]:
    assert main(["inventory", str(root), "--format", "json"]) == 0
    data: dict[str, object] = json.loads(capsys.readouterr().out)
    return data


def test_a_model_api_is_a_service_and_the_text_says_what_was_found(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    root = git_repo(tmp_path / "r", {"src/train.py": TRAIN, "app/main.py": API,
                                     "requirements.txt": "fastapi==0.110.0\n"})
    data = inventory(root, capsys)
    assert data["kind"] == "service"
    assert [c["path"] for c in data["training"]] == ["src/train.py"]  # type: ignore[union-attr, index]
    assert [(c["path"], c["line"], c["mode"]) for c in data["serving"]] == [  # type: ignore[union-attr, index]
        ("app/main.py", 9, "online")]
    assert main(["inventory", str(root)]) == 0
    out = capsys.readouterr().out
    assert out.splitlines()[0].startswith("kind: service (serves a model: http prediction handler in app/main.py)")
    assert "  app/main.py:9 [online]  http prediction handler" in out
    assert main(["check", str(root), "--fail-on", "never"]) == 0
    assert "  found: a service with 1 training entrypoint, 1 online serving unit" in capsys.readouterr().out


def test_an_mlflow_wrapper_alone_is_packaged_not_an_online_server(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    root = git_repo(tmp_path / "r", {"src/train.py": TRAIN, "src/wrapper.py": PYFUNC})
    data = inventory(root, capsys)
    assert data["kind"] == "application"
    assert [(c["path"], c["mode"]) for c in data["serving"]] == [  # type: ignore[union-attr, index]
        ("src/wrapper.py", "packaged")]
    write_tree(root, {"Dockerfile": "FROM python:3.11-slim\nCMD mlflow models serve -m model -p 8080\n"})
    git(root, "add", "Dockerfile")
    data = inventory(root, capsys)
    assert [(c["path"], c["mode"]) for c in data["serving"]] == [  # type: ignore[union-attr, index]
        ("Dockerfile", "online"), ("src/wrapper.py", "online")]


def test_a_package_published_by_ci_is_a_library(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    root = git_repo(tmp_path / "r", {
        "src/tabkit/__init__.py": "", "src/tabkit/models.py": "import torch\n\n\nclass Net(torch.nn.Module):\n"
                                                                "    def forward(self, x):\n        return x\n",
        "pyproject.toml": '[project]\nname = "tabkit"\ndependencies = ["torch>=2"]\n',
        ".github/workflows/release.yml": "on: {release: {types: [published]}}\njobs:\n  pypi:\n"
                                         "    runs-on: ubuntu-latest\n    steps:\n"
                                         "      - uses: pypa/gh-action-pypi-publish@release/v1\n"})
    data = inventory(root, capsys)
    assert data["kind"] == "library"
    assert "release.yml publishes it as a package" in str(data["kind_why"])


def test_numbered_lesson_folders_make_a_course(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    files: dict[str, str | bytes] = {}
    for lesson in ("01-intro", "02-tracking", "03-deployment"):
        files[f"{lesson}/requirements.txt"] = "scikit-learn==1.4.0\n"
        files[f"{lesson}/train.py"] = TRAIN
    data = inventory(git_repo(tmp_path / "r", files), capsys)
    assert data["kind"] == "course"
    assert [c["path"] for c in data["projects"]] == ["01-intro", "02-tracking", "03-deployment"]  # type: ignore


def test_the_json_report_carries_the_inventory(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    import jsonschema

    root = git_repo(tmp_path / "r", {"train.py": TRAIN})
    assert main(["check", str(root), "--format", "json", "--fail-on", "never"]) == 0
    report = json.loads(capsys.readouterr().out)
    schema = json.loads((Path(__file__).resolve().parents[1] / "mlgate" / "schemas" /
                         "report.schema.json").read_text())
    jsonschema.validate(report, schema)
    assert report["inventory"]["kind"] == "application"
    assert report["inventory"]["training"][0]["path"] == "train.py"


def test_a_folder_that_is_not_there_is_a_usage_error(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["inventory", str(tmp_path / "nope")]) == 2
    assert "not a directory" in capsys.readouterr().err


LIBRARY = {
    ".github/workflows/release.yml": "on: {release: {types: [published]}}\njobs:\n  pypi:\n"
                                     "    runs-on: ubuntu-latest\n    steps:\n"
                                     "      - uses: pypa/gh-action-pypi-publish@release/v1\n",
    "pyproject.toml": '[project]\nname = "tinytune"\ndependencies = ["torch>=2.1", "transformers>=4.40"]\n',
    "src/tinytune/__init__.py": "",
    # the library's own training loop, download helper and metric: its API, used by other people's code
    "src/tinytune/trainer.py": """\
        import torch
        from transformers import AutoModel


        def load(name_or_path: str, **kwargs):
            return AutoModel.from_pretrained(name_or_path, **kwargs)


        def train(model, batches, lr: float = 1e-3) -> None:
            opt = torch.optim.AdamW(model.parameters(), lr=lr)
            for x, y in batches:
                loss = torch.nn.functional.cross_entropy(model(x), y)
                loss.backward()
                opt.step()
        """,
    "src/tinytune/metrics.py": """\
        from sklearn.metrics import accuracy_score


        def score(y, p) -> float:
            return float(accuracy_score(y, p))
        """,
    "tests/test_trainer.py": "from tinytune.trainer import train\n\n\ndef test_import():\n    assert train\n",
}


def test_a_published_library_is_judged_as_a_library(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """False alarms seen on peft, diffusers, lightning and evidently: a library's package asked for exact
    pins, its API's from_pretrained(name) taken for an unpinned download, its training loop for a
    training entrypoint that seeds nothing and tunes nothing, its metrics for an evaluation script."""
    root = git_repo(tmp_path / "r", LIBRARY)
    assert main(["check", str(root), "--format", "json", "--fail-on", "never"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert report["inventory"]["kind"] == "library"
    status = {r["id"]: r["status"] for r in report["rules"]}
    flagged = {r["id"]: [f["path"] for f in r["findings"]] for r in report["rules"] if r["findings"]}
    assert status["repro-deps-pinned"] == "not_applicable"
    for rule in ("data-hf-revision", "repro-seeds", "spec-hparam-search", "repro-params-tracked",
                 "spec-baseline-compare", "rollout-quality-gate", "mon-alert-rules"):
        assert rule not in flagged, (rule, flagged.get(rule))
        assert status[rule] == "not_applicable", (rule, status[rule])


def test_pypi_classifiers_alone_do_not_make_a_library(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A project template's setup.py carries classifiers too (seen on a SageMaker project template):
    only a README that installs the package by name makes it a published library."""
    setup = ('from setuptools import setup\nsetup(name="pipelines", classifiers=['
             '"Development Status :: 3 - Alpha", "License :: OSI Approved :: Apache Software License"])\n')
    root = git_repo(tmp_path / "r", {"setup.py": setup, "pipelines/__init__.py": "", "pipelines/train.py": TRAIN,
                                     "README.md": "# Drift detection\n\nDeploy with the CDK.\n"})
    assert inventory(root, capsys)["kind"] == "application"
    write_tree(root, {"README.md": "# pipelines\n\n    pip install pipelines\n"})
    git(root, "add", "README.md")
    assert inventory(root, capsys)["kind"] == "library"


CLEANS = TRAIN.replace('    frame = pd.read_csv(args.data)\n', '    frame = pd.read_csv(args.data)\n'
                       '    frame["age"] = frame["age"].fillna(frame["age"].median())\n'
                       '    frame = pd.get_dummies(frame, columns=["plan"])\n')


@pytest.mark.parametrize(("train", "status"), [(TRAIN, "not_applicable"), (CLEANS, "fail")])
def test_training_that_prepares_data_with_no_test_at_all_is_a_finding(
        tmp_path: Path, capsys: pytest.CaptureFixture[str], train: str, status: str) -> None:
    """nanoGPT, titanic and bigger-boat prepare their data in scripts and notebooks and have no tests
    (feat-tests-exist was not_applicable); mlflow-example only splits a CSV (no feature code to test)."""
    root = git_repo(tmp_path / "r", {"train.py": train, "requirements.txt": "pandas==2.2.2\n"})
    assert main(["check", str(root), "--format", "json", "--fail-on", "never", "--select", "feat-tests-exist"]) == 0
    (rule,) = [r for r in json.loads(capsys.readouterr().out)["rules"] if r["id"] == "feat-tests-exist"]
    assert rule["status"] == status
    if status == "fail":
        (finding,) = rule["findings"]
        assert finding["path"] == "train.py" and finding["confidence"] == "medium"


def test_ci_test_runs_inside_a_submitted_cluster_job_are_listed_with_their_chain(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    root = git_repo(tmp_path / "r", {
        "src/train.py": TRAIN,
        ".github/workflows/pr.yml": "on: [pull_request]\njobs:\n  cluster:\n    runs-on: ubuntu-latest\n"
                                    "    steps:\n      - uses: actions/checkout@v4\n"
                                    "      - run: anyscale job submit -f jobs/pr.yaml --wait\n",
        "jobs/pr.yaml": "name: pr\nworking_dir: .\nentrypoint: bash jobs/pr.sh\n",
        "jobs/pr.sh": "#!/bin/bash\npytest tests/data\npython src/train.py --data data/sample.csv\npytest tests/unit\n",
        "tests/data/test_rows.py": "def test_rows():\n    assert True\n",
        "tests/unit/test_train.py": "def test_train():\n    assert True\n",
    })
    assert main(["inventory", str(root)]) == 0
    out = capsys.readouterr().out
    assert "  .github/workflows/pr.yml:7  runs the tests: `jobs/pr.yaml:3 -> jobs/pr.sh:2 -> pytest tests/data` " \
           "and 1 more test run (tests/unit)" in out
