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


def test_a_lower_case_dockerfile_that_starts_a_server_is_serving(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """`api/dockerfile` is Docker's second default name (katemartian/mlflow-demo-1's API image): every fact
    reads it as the Dockerfile it is (mlgate.patterns.is_dockerfile), not only repro-image-digest."""
    root = git_repo(tmp_path / "r", {"src/train.py": TRAIN, "api/main.py": API, "api/dockerfile":
                                     "FROM python:3.11-slim\nCOPY . /app\nCMD uvicorn main:app --host 0.0.0.0\n"})
    data = inventory(root, capsys)
    assert ("api/dockerfile", 3, "online") in [  # type: ignore[union-attr]
        (c["path"], c["line"], c["mode"]) for c in data["serving"]]  # type: ignore[union-attr, index]


def test_an_mlflow_tracking_server_that_serves_artifacts_serves_no_model(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """`mlflow server ... --serve-artifacts` proxies the run store's files (Aurumdev952/hmsai's tracking image):
    the option's `serve` made it a model server, and the training project a service whose served model no
    alert watches; `mlflow models serve` still serves one."""
    tracking = ("FROM ghcr.io/mlflow/mlflow:v2.14.1\nRUN pip install boto3==1.34.0\n"
                'CMD ["mlflow", "server", "--host", "0.0.0.0", "--backend-store-uri", "sqlite:///runs.db", '
                '"--artifacts-destination", "s3://runs/artifacts", "--serve-artifacts"]\n')
    root = git_repo(tmp_path / "r", {"src/train.py": TRAIN, "tracking/Dockerfile": tracking})
    data = inventory(root, capsys)
    assert data["serving"] == [] and data["kind"] == "research", data["kind_why"]
    write_tree(root, {"tracking/Dockerfile": tracking.replace('"server", "--host"', '"models", "serve", "--host"')})
    assert [c["path"] for c in inventory(root, capsys)["serving"]] == ["tracking/Dockerfile"]  # type: ignore[index]


def test_a_bentoml_build_declared_in_pyproject_serves_the_model(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """BentoML 1.2 reads its build options from `[tool.bentoml.build]` as from a bentofile.yaml: bentoml/BentoVLLM
    builds its LLM services so (their class decorated through a variable), and was read as a no-ml project."""
    service = ('import bentoml\nfrom bentoml.models import HuggingFaceModel\n\n'
               'deploy = bentoml.service(resources={"gpu": 1}, traffic={"timeout": 300})\n\n\n'
               '@deploy\nclass Chat:\n'
               '    weights = HuggingFaceModel("qwen/qwen2.5-7b-instruct",\n'
               '                               revision="a09a35458c702b33eeacc393d103063234e8bc28")\n\n'
               '    def __command__(self) -> list[str]:\n'
               '        return ["vllm", "serve", self.weights, "--port", "8000"]\n')
    pyproject = ('[project]\nname = "chat-service"\nversion = "0.1.0"\nrequires-python = ">=3.11"\n\n'
                 '[tool.bentoml.build]\nservice = "service.py:Chat"\ninclude = ["*.py"]\n')
    root = git_repo(tmp_path / "r", {"service.py": service, "pyproject.toml": pyproject,
                                     "requirements.txt": "bentoml==1.4.25\nvllm==0.11.0\n"})
    data = inventory(root, capsys)
    assert data["kind"] == "service", data["kind_why"]
    assert [(c["path"], c["why"]) for c in data["deployments"]] == [  # type: ignore[union-attr, index]
        ("pyproject.toml", "a BentoML service build")]
    write_tree(root, {"pyproject.toml": pyproject.replace("[tool.bentoml.build]", "[tool.ruff]")
                      .replace('service = "service.py:Chat"\ninclude = ["*.py"]\n', 'line-length = 119\n')})
    assert inventory(root, capsys)["deployments"] == []


def test_code_that_fits_a_model_with_no_entrypoint_found_is_no_no_ml_project(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """ruteee/kubeflow-pipeline-gcp-deploy: a Kubeflow pipeline whose component fits the model, compiled and
    submitted by `launch()`, which CI deploys as a cloud function's entry point. mlgate finds no entrypoint for
    it, and said "no-ml" above its own list of code that trains a model."""
    pipeline = ("from kfp import compiler, dsl\nfrom kfp.dsl import Dataset, Input, Model, Output\n\n\n"
                "@dsl.component(base_image=\"python:3.11\", packages_to_install=[\"scikit-learn==1.5.2\"])\n"
                "def fit(rows: Input[Dataset], model: Output[Model]):\n    import joblib\n    import pandas as pd\n"
                "    from sklearn.ensemble import RandomForestClassifier\n\n    frame = pd.read_csv(rows.path)\n"
                "    clf = RandomForestClassifier(n_estimators=200)\n"
                "    clf.fit(frame.drop(columns=\"label\"), frame[\"label\"])\n    joblib.dump(clf, model.path)\n\n\n"
                "@dsl.pipeline(name=\"churn\")\ndef churn(rows_uri: str):\n"
                "    rows = dsl.importer(artifact_uri=rows_uri, artifact_class=Dataset)\n"
                "    fit(rows=rows.output)\n\n\n"
                "def launch(event, context):\n    compiler.Compiler().compile(churn, \"/tmp/churn.json\")\n")
    root = git_repo(tmp_path / "r", {"functions/pipeline.py": pipeline,
                                     "functions/requirements.txt": "kfp==2.7.0\n"})
    data = inventory(root, capsys)
    assert data["training"] == [] and [c["path"] for c in data["training_code"]] == [  # type: ignore[union-attr, index]
        "functions/pipeline.py"]
    assert (data["kind"], data["kind_why"]) == (
        "application", "trains or ships a model (functions/pipeline.py) and publishes no package")


def test_an_image_running_a_generic_script_serves_only_what_the_script_serves(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """rocket9-code/mlflow-deployment-controller's dashboard image runs `python app.py`, a Dash page listing its
    Kubernetes deployments: read as a model server, six monitoring rules failed on it. The same command on a
    script that loads the model serves it, and a script the repository does not hold is taken at its word."""
    image = "FROM python:3.11-slim\nWORKDIR /ui\nCOPY . /ui\nRUN pip install -r requirements.txt\n" \
            'CMD ["python", "app.py"]\n'
    dashboard = ("import dash\nimport pandas as pd\nfrom dash import dcc, html\n"
                 "from kubernetes import client, config\n\n"
                 "config.load_incluster_config()\napp = dash.Dash(__name__)\n\n\n"
                 "def rows() -> pd.DataFrame:\n"
                 "    items = client.AppsV1Api().list_namespaced_deployment(\"default\").items\n"
                 "    return pd.DataFrame({\"name\": [d.metadata.name for d in items]})\n\n\n"
                 "app.layout = html.Div([html.H1(\"Deployments\"), dcc.Markdown(rows().to_markdown())])\n\n"
                 "if __name__ == \"__main__\":\n    app.run(host=\"0.0.0.0\", port=8050)\n")
    files = {"src/train.py": TRAIN, "ui/Dockerfile": image, "ui/app.py": dashboard,
             "ui/requirements.txt": "dash==2.17.1\nkubernetes==30.1.0\npandas==2.2.2\n"}
    root = git_repo(tmp_path / "r", files)
    assert inventory(root, capsys)["serving"] == []
    write_tree(root, {"ui/app.py": dashboard.replace("import pandas as pd\n", "import joblib\nimport pandas as pd\n")
                      .replace("app = dash.Dash(__name__)\n", "app = dash.Dash(__name__)\n"
                               "model = joblib.load(\"model.joblib\")\n")})
    assert [c["path"] for c in inventory(root, capsys)["serving"]] == ["ui/Dockerfile"]  # type: ignore[index]
    git(root, "rm", "-q", "-f", "ui/app.py")
    assert [c["path"] for c in inventory(root, capsys)["serving"]] == ["ui/Dockerfile"]  # type: ignore[index]


def test_an_asgi_server_serves_only_what_its_application_module_serves(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """allenai/open-instruct's code sandbox image runs `uvicorn api:app`: an API that runs a model's generated code
    against test cases, whose helper module unpickles the tests and forbids `import torch` in the code it runs. It
    serves no model, so the repository is not a service; an application module whose helper loads a model does."""
    image = ("FROM python:3.10-slim\nWORKDIR /app\nCOPY . .\nRUN pip install -r requirements.txt\n"
             'CMD ["uvicorn", "api:app", "--host", "0.0.0.0", "--port", "1234"]\n')
    api = ("from fastapi import FastAPI\nfrom pydantic import BaseModel\n\nfrom sandbox.runner import run_tests\n\n"
           "app = FastAPI()\n\n\nclass Request(BaseModel):\n    program: str\n    tests: str\n\n\n"
           "@app.post(\"/run\")\ndef run(request: Request) -> dict:\n"
           "    return {\"passed\": run_tests(request.program, request.tests)}\n")
    runner = ("import base64\nimport pickle\nimport subprocess\nimport zlib\n\n"
              "FORBIDDEN = [\"import torch\", \"import joblib\", \"import subprocess\"]\n\n\n"
              "def run_tests(program: str, tests: str) -> list:\n"
              "    cases = pickle.loads(zlib.decompress(base64.b64decode(tests)))\n"
              "    if any(f in program for f in FORBIDDEN):\n        return [False] * len(cases)\n"
              "    return [subprocess.run([\"python\", \"-c\", program + \"\\n\" + c], timeout=5).returncode == 0\n"
              "            for c in cases]\n")
    files = {"src/train.py": TRAIN, "sandbox/Dockerfile": image, "sandbox/__init__.py": "", "sandbox/api.py": api,
             "sandbox/runner.py": runner, "sandbox/requirements.txt": "fastapi==0.115.0\nuvicorn==0.30.6\n"}
    root = git_repo(tmp_path / "r", files)
    data = inventory(root, capsys)
    assert (data["serving"], data["kind"]) == ([], "research")
    write_tree(root, {"sandbox/runner.py": "import torch\n\nMODEL = torch.jit.load(\"model.pt\")\n\n\n"
                                           "def run_tests(program, tests):\n    return MODEL(program, tests)\n"})
    assert [c["path"] for c in inventory(root, capsys)["serving"]] == ["sandbox/Dockerfile"]  # type: ignore[index]


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


RELEASE_WITH_PUBLISH_COMMENTED_OUT = """\
on:
  push:
    tags: ["v*"]
jobs:
  release:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
      - run: uv build
      # Publishing is opt-in for each project made from this template:
      # - name: Publish to PyPI
      #   run: uv publish --token $UV_PUBLISH_TOKEN
"""


def test_a_publish_step_commented_out_publishes_nothing(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """jtzanetatos/largest-spatiotemporal-lab: a project template's release workflow keeps its `uv publish` step
    commented out, for each project to opt in; it was read as a library published by that step, and its model
    API and training code as the library's API."""
    files: dict[str, str | bytes] = {
        "src/forecast/__init__.py": "", "src/forecast/train.py": TRAIN, "api/main.py": API,
        "pyproject.toml": '[project]\nname = "forecast"\ndependencies = ["scikit-learn==1.5.0"]\n',
        ".github/workflows/release.yml": RELEASE_WITH_PUBLISH_COMMENTED_OUT}
    data = inventory(git_repo(tmp_path / "r", files), capsys)
    assert data["kind"] == "service", data["kind_why"]
    enabled = RELEASE_WITH_PUBLISH_COMMENTED_OUT + "      - run: uv publish --token $UV_PUBLISH_TOKEN\n"
    data = inventory(git_repo(tmp_path / "s", {**files, ".github/workflows/release.yml": enabled}), capsys)
    assert data["kind"] == "library"
    assert "release.yml publishes it as a package (`uv publish" in str(data["kind_why"])


def test_numbered_lesson_folders_make_a_course(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    files: dict[str, str | bytes] = {}
    for lesson in ("01-intro", "02-tracking", "03-deployment"):
        files[f"{lesson}/requirements.txt"] = "scikit-learn==1.4.0\n"
        files[f"{lesson}/train.py"] = TRAIN
    data = inventory(git_repo(tmp_path / "r", files), capsys)
    assert data["kind"] == "course"
    assert [c["path"] for c in data["projects"]] == ["01-intro", "02-tracking", "03-deployment"]  # type: ignore


DEV_TOOLS_ONLY = """\
[tool.poetry]
name = "examples"
version = "1.0.0"

[tool.poetry.dependencies]
python = ">=3.11,<3.13"

[tool.poetry.dev-dependencies]
ruff = ">=0.4"
pytest = "^8"

[tool.ruff]
line-length = 100
"""


@pytest.mark.parametrize(("pyproject", "kind"), [
    # a root pyproject.toml that only configures tools for every folder: the folders stay separate projects
    (DEV_TOOLS_ONLY, "monorepo"),
    # one that declares runtime dependencies makes the root one project with sub-folders
    ('[project]\nname = "churn"\ndependencies = ["scikit-learn>=1.4"]\n', "research"),
    # a package the build backend is told to build, with no dependency of its own
    ('[project]\nname = "churn"\n\n[tool.setuptools.packages.find]\nwhere = ["src"]\n', "research"),
])
def test_a_root_pyproject_with_dev_tools_only_leaves_a_monorepo(
        tmp_path: Path, capsys: pytest.CaptureFixture[str], pyproject: str, kind: str) -> None:
    files: dict[str, str | bytes] = {"pyproject.toml": pyproject}
    for project in ("churn", "forecast", "vision"):
        files[f"{project}/requirements.txt"] = "scikit-learn==1.4.0\n"
        files[f"{project}/train.py"] = TRAIN
    data = inventory(git_repo(tmp_path / "r", files), capsys)
    assert data["kind"] == kind, data["kind_why"]


def test_images_requirements_and_a_packages_extension_are_parts_of_one_project(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    # gpt-neox's layout: one training framework whose docker image, requirement files (with a pyproject.toml of
    # extras) and the setup.py building its package's CUDA kernels were read as three nested projects
    root = git_repo(tmp_path / "r", {
        "train.py": TRAIN, "README.md": "# neo\n",
        "containers/docker/Dockerfile": "FROM nvcr.io/nvidia/pytorch:24.06-py3\nCOPY . /neo\n",
        "requirements/requirements.txt": "torch>=2.1\n", "requirements/pyproject.toml": '[project]\nname = "neo"\n',
        "neo/__init__.py": "", "neo/model.py": "import torch\n",
        "neo/fused_kernels/setup.py": "from setuptools import setup\nsetup(name='fused_kernels')\n",
        "neo/fused_kernels/__init__.py": ""})
    data = inventory(root, capsys)
    assert data["projects"] == [], data["projects"]
    assert data["kind"] != "monorepo", data["kind_why"]


def test_losses_metrics_and_augmentations_are_model_code_but_no_model_definition(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    # h2o-llmstudio's layout: nn.Module losses, a metric and an augmentation were listed as eleven "model
    # definitions" beside the five real ones
    torch_module = "import torch\nfrom torch import nn\n\n\nclass {name}(nn.Module):\n" \
                   "    def forward(self, x: torch.Tensor) -> torch.Tensor:\n        return x.mean()\n"
    train = ("import torch\n\nfrom studio.losses.causal import TokenAveragedLoss\nfrom studio.metrics.text import "
             "Perplexity\nfrom studio.models.causal import Model\n\n\ndef main() -> None:\n    model = Model()\n"
             "    loss = TokenAveragedLoss()(model(torch.ones(2)))\n    loss.backward()\n    print(Perplexity())\n"
             "\n\nif __name__ == '__main__':\n    main()\n")
    root = git_repo(tmp_path / "r", {
        "studio/__init__.py": "", "studio/train.py": train,
        "studio/models/__init__.py": "", "studio/models/causal.py": torch_module.format(name="Model"),
        "studio/losses/__init__.py": "", "studio/losses/causal.py": torch_module.format(name="TokenAveragedLoss"),
        "studio/metrics/__init__.py": "", "studio/metrics/text.py": torch_module.format(name="Perplexity"),
        "studio/augmentations/__init__.py": "",
        "studio/augmentations/nlp_aug.py": torch_module.format(name="BaseNLPAug")})
    data = inventory(root, capsys)
    assert [(c["path"], c["name"]) for c in data["models"]] == [  # type: ignore[union-attr, index]
        ("studio/models/causal.py", "Model")]
    assert data["features"] == [], data["features"]  # model code all the same: no feature module among them


def test_a_published_librarys_documentation_notebooks_are_not_its_training(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    # cleanlab: eleven docs/source/tutorials notebooks that fit models to show the API were its "training
    # entrypoints"; the same notebook in an application's notebooks/ folder is its training
    cells = [{"cell_type": "code", "metadata": {}, "outputs": [], "execution_count": None,
              "source": "import pandas as pd\nfrom sklearn.linear_model import LogisticRegression\n"
                        "df = pd.read_csv('train.csv')\nclf = LogisticRegression().fit(df[['a']], df['y'])\n"}]
    notebook = json.dumps({"cells": cells, "metadata": {}, "nbformat": 4, "nbformat_minor": 5})
    library = {"pyproject.toml": '[project]\nname = "labelfix"\nversion = "2.1.0"\n'
                                 'classifiers = ["Development Status :: 5 - Production/Stable"]\n'
                                 'dependencies = ["scikit-learn>=1.3"]\n',
               "README.md": "# labelfix\n\n```\npip install labelfix\n```\n",
               "labelfix/__init__.py": "", "labelfix/rank.py": "import numpy as np\n",
               "docs/source/tutorials/tabular.ipynb": notebook,
               # MLServer: an example's training script under docs-gb/examples, and a model defined as a fixture
               # of a runtime's tests ("no test imports LightningMNISTClassifier" failed its gate)
               "docs-gb/examples/mlflow/src/train.py": TRAIN,
               "runtimes/mlflow/tests/torch_fixtures.py": "import torch\n\n\nclass MNISTClassifier(torch.nn.Module):\n"
                                                          "    def forward(self, x):\n        return x\n"}
    data = inventory(git_repo(tmp_path / "lib", library), capsys)
    assert data["kind"] == "library" and data["training"] == [], data["training"]
    assert data["models"] == [], data["models"]
    assert [(c["path"], c["why"]) for c in data["tooling"]] == [  # type: ignore[union-attr, index]
        ("docs", "a published library's examples or documentation (1 script or notebook, teaching material): "
                 "not judged as its training"),
        ("docs-gb/examples", "a published library's examples or documentation (1 script or notebook, teaching "
                             "material): not judged as its training")]
    app = {"requirements.txt": "scikit-learn==1.4.0\n", "notebooks/tabular.ipynb": notebook}
    data = inventory(git_repo(tmp_path / "app", app), capsys)
    assert [c["path"] for c in data["training"]] == ["notebooks/tabular.ipynb"]  # type: ignore[union-attr, index]


def test_a_published_librarys_notebooks_folder_is_its_tutorials(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """skorch keeps its tutorials in notebooks/ (its README links them): fourteen were its "training entrypoints"
    and their `load_dataset("imdb")` failed the gate, where the same call in examples/ is a medium finding."""
    cells = [{"cell_type": "code", "metadata": {}, "outputs": [], "execution_count": None,
              "source": "from datasets import load_dataset\nfrom torch import nn\n"
                        "from wrapnet import NeuralNetClassifier\n"
                        "reviews = load_dataset(\"imdb\")\n"
                        "net = NeuralNetClassifier(nn.Linear(20, 2), max_epochs=3, lr=0.05)\n"
                        "net.fit(reviews['train']['x'], reviews['train']['label'])\n"}]
    notebook = json.dumps({"cells": cells, "metadata": {}, "nbformat": 4, "nbformat_minor": 5})
    files = {"pyproject.toml": '[project]\nname = "wrapnet"\nversion = "1.0.0"\n'
                               'classifiers = ["Development Status :: 5 - Production/Stable"]\n'
                               'dependencies = ["torch>=2.0", "scikit-learn>=1.3"]\n',
             "README.md": "# wrapnet\n\n    pip install wrapnet\n\n"
                          "Tutorials: see notebooks/Text_Classification.ipynb.\n",
             "wrapnet/__init__.py": "from wrapnet.net import NeuralNetClassifier\n",
             "wrapnet/net.py": "class NeuralNetClassifier:\n    def __init__(self, module, **kw):\n"
                               "        self.module = module\n",
             "notebooks/Text_Classification.ipynb": notebook}
    root = git_repo(tmp_path / "lib", files)
    data = inventory(root, capsys)
    assert data["kind"] == "library" and data["training"] == [], data["training"]
    assert main(["check", str(root), "--format", "json", "--fail-on", "never"]) == 0
    rules = {r["id"]: r for r in json.loads(capsys.readouterr().out)["rules"]}
    assert [(f["path"], f["confidence"]) for f in rules["data-hf-revision"]["findings"]] == [
        ("notebooks/Text_Classification.ipynb", "medium")]
    assert rules["repro-params-tracked"]["status"] == "not_applicable"


def test_a_published_librarys_notebook_at_its_top_is_a_tutorial(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """huggingface/setfit keeps a contributed walk-through at its top (and a copy in notebooks/): it was the
    library's one "training entrypoint", and its `load_dataset(...)` without a revision failed the gate, where the
    same notebook in notebooks/ is a medium finding. An application's notebook at its top stays its own work."""
    cells = [{"cell_type": "code", "metadata": {}, "outputs": [], "execution_count": None,
              "source": "from datasets import load_dataset\nfrom fewshot import FewShotModel, Trainer\n"
                        "data = load_dataset(\"financial_phrasebank\", \"sentences_allagree\")\n"
                        "model = FewShotModel.from_pretrained(\"acme/minilm-fewshot\")\n"
                        "trainer = Trainer(model=model, train_dataset=data[\"train\"])\ntrainer.train()\n"
                        "from sklearn.linear_model import LogisticRegression\n"
                        "rows = data[\"train\"]\n"
                        "head = LogisticRegression().fit(trainer.embed(rows), rows[\"label\"])\n"}]
    notebook = json.dumps({"cells": cells, "metadata": {}, "nbformat": 4, "nbformat_minor": 5})
    files: dict[str, str | bytes] = {
        "setup.py": 'from setuptools import setup\n\nsetup(name="fewshot", version="1.0.0", '
                    'classifiers=["Development Status :: 5 - Production/Stable"], install_requires=["torch>=2"])\n',
        "README.md": "# fewshot\n\n    pip install fewshot\n",
        "src/fewshot/__init__.py": "from fewshot.model import FewShotModel, Trainer\n",
        "src/fewshot/model.py": "class FewShotModel:\n    pass\n\n\nclass Trainer:\n    pass\n",
        "Financial_Sentiment_Walkthrough.ipynb": notebook}
    root = git_repo(tmp_path / "lib", files)
    data = inventory(root, capsys)
    assert data["kind"] == "library" and data["training"] == [], data["training"]
    assert main(["check", str(root), "--format", "json"]) == 0
    rules = {r["id"]: r for r in json.loads(capsys.readouterr().out)["rules"]}
    assert {(f["path"], f["confidence"]) for f in rules["data-hf-revision"]["findings"]} == {
        ("Financial_Sentiment_Walkthrough.ipynb", "medium")}
    # the same notebook at the top of an application is its own training
    files["README.md"] = "# sentiment\n\nOur model of financial news sentiment.\n"
    data = inventory(git_repo(tmp_path / "app", files), capsys)
    assert [c["path"] for c in data["training"]] == ["Financial_Sentiment_Walkthrough.ipynb"]  # type: ignore[union-attr, index]


def test_a_navigation_bar_is_no_starter_project_and_pytorch_wheel_builds_publish(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    # torchtune: "a template" because its README's link bar has a "Get Started" section link; it is a library
    # that PyTorch's test-infra wheel builders publish
    readme = ("# tunelib\n\n[**Overview**](#overview) | [**Installation**](#installation) | "
              "[**Get Started**](#get-started) | [**Documentation**](https://example.org/docs)\n\n"
              "tunelib is a PyTorch library for post-training LLMs.\n")
    files: dict[str, str | bytes] = {"README.md": readme, "recipes/full_finetune.py": TRAIN,
                                     "tunelib/__init__.py": "",
                                     "pyproject.toml": '[project]\nname = "tunelib"\ndependencies = ["torch"]\n'}
    data = inventory(git_repo(tmp_path / "a", files), capsys)
    assert data["kind"] != "template", data["kind_why"]
    files[".github/workflows/wheels.yaml"] = (
        "on: {push: {tags: ['v*']}}\njobs:\n  build:\n"
        "    uses: pytorch/test-infra/.github/workflows/build_wheels_linux.yml@main\n"
        "    with: {repository: acme/tunelib, package-name: tunelib}\n")
    data = inventory(git_repo(tmp_path / "b", files), capsys)
    assert data["kind"] == "library", data["kind_why"]


def test_a_library_whose_documentation_installs_it_by_name_is_a_library(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """timm's README never says `pip install timm`: its documentation's installation page does. Read as a research
    project, its loose requirements.txt (`torch`, `torchvision`) failed the gate eleven times, where a library's
    version ranges are right."""
    model = "import torch\n\n\nclass ResNet(torch.nn.Module):\n    def forward(self, x):\n        return x\n"
    files: dict[str, str | bytes] = {
        "pyproject.toml": '[project]\nname = "visionzoo"\ndynamic = ["version"]\n'
                          'classifiers = ["License :: OSI Approved :: Apache Software License"]\n'
                          'dependencies = ["torch", "torchvision"]\n',
        "requirements.txt": "torch\ntorchvision\npyyaml\n",
        "README.md": "# Vision zoo\n\nImage models with pretrained weights. See the paper [1].\n\n"
                     "[1] He et al., Deep Residual Learning, CVPR 2016. arXiv:1512.03385\n",
        "visionzoo/__init__.py": "from visionzoo.resnet import ResNet\n",
        "visionzoo/resnet.py": model,
        "train.py": TRAIN,
        "hfdocs/source/quickstart.mdx": "# Quickstart\n\nInstall it with pip:\n\n```bash\npip install visionzoo\n```\n"}
    root = git_repo(tmp_path / "lib", files)
    data = inventory(root, capsys)
    assert data["kind"] == "library", data["kind_why"]
    assert "hfdocs/source/quickstart.mdx installs it" in str(data["kind_why"])
    assert main(["check", str(root), "--format", "json", "--fail-on", "never"]) == 0
    rules = {r["id"]: r for r in json.loads(capsys.readouterr().out)["rules"]}
    assert rules["repro-deps-pinned"]["status"] == "not_applicable", rules["repro-deps-pinned"]
    # a page of the documentation that only mentions an install (a changelog's `pip install --pre`) is not read
    files["hfdocs/source/changes.mdx"] = files.pop("hfdocs/source/quickstart.mdx")
    assert inventory(git_repo(tmp_path / "other", files), capsys)["kind"] == "research"


def test_a_readme_linking_the_pypi_page_of_the_project_table_name_is_a_library(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """The PyPI badge was compared with the first `name =` of pyproject.toml, whatever its table: a commitizen
    table above `[project]` hid the package the README links, and the library was read as research."""
    model = "import torch\n\n\nclass TinyNet(torch.nn.Module):\n    def forward(self, x):\n        return x\n"
    files: dict[str, str | bytes] = {
        "pyproject.toml": '[tool.commitizen]\nname = "cz_conventional_commits"\n\n'
                          '[project]\nname = "tinynets"\nversion = "0.4.1"\ndependencies = ["torch>=2.1"]\n',
        "README.md": "# tinynets\n\n[![PyPI](https://img.shields.io/pypi/v/tinynets)](https://pypi.org/project/"
                     "tinynets/)\n\nSmall networks for edge devices (arXiv:2301.00002).\n",
        "tinynets/__init__.py": "from tinynets.net import TinyNet\n",
        "tinynets/net.py": model,
        "train.py": TRAIN,
    }
    data = inventory(git_repo(tmp_path / "lib", files), capsys)
    assert data["kind"] == "library", data["kind_why"]
    assert "pyproject.toml declares the package `tinynets`, and the README links its PyPI page" in str(
        data["kind_why"])


@pytest.mark.parametrize(("command", "kind"), [
    # iusztinpaul/energy-forecasting ships its pipeline packages to its own index for Airflow: not a library
    ("poetry publish -r my-pypi", "research"),
    ("twine upload --repository-url https://nexus.corp.example/repository/pypi/ dist/*", "research"),
    ("poetry publish --build", "library"),
    ("twine upload -r testpypi dist/*", "library"),
])
def test_an_upload_to_a_private_index_does_not_make_a_library(
        tmp_path: Path, capsys: pytest.CaptureFixture[str], command: str, kind: str) -> None:
    files: dict[str, str | bytes] = {
        "training_pipeline/__init__.py": "", "training_pipeline/train.py": TRAIN,
        "pyproject.toml": '[tool.poetry]\nname = "training-pipeline"\nversion = "0.1.0"\n',
        ".github/workflows/ci_cd.yml": "on: {push: {branches: [main]}}\njobs:\n  ship:\n    runs-on: ubuntu-latest\n"
                                       f"    steps:\n      - run: {command}\n"}
    data = inventory(git_repo(tmp_path / "r", files), capsys)
    assert data["kind"] == kind, data["kind_why"]


SERVICE = """\
import joblib
from fastapi import FastAPI

app = FastAPI()
model = joblib.load("model.joblib")


@app.post("/predict")
def predict(text: str) -> dict:
    return {"label": str(model.predict([text])[0])}
"""
CI = """\
on: [pull_request]
jobs:
  test:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
      - run: pip install -r requirements.txt && pytest
"""
NOTEBOOK = '{"cells": [], "metadata": {}, "nbformat": 4, "nbformat_minor": 5}'


@pytest.mark.parametrize(("files", "kind", "why"), [
    # a training script and nothing else: experiment code
    ({"train.py": TRAIN}, "research", "trains models (train.py), and nothing serves, deploys or tests them in CI"),
    # the same with tests run by CI: an application
    ({"train.py": TRAIN, "tests/test_train.py": "def test_x():\n    assert True\n",
      ".github/workflows/ci.yml": CI, "requirements.txt": "pandas==2.2.0\n"},
     "application", "trains or ships a model (train.py)"),
    # one notebook, no Python files
    ({"titanic.ipynb": NOTEBOOK, "data/train.csv": "a,b\n1,2\n"}, "notebooks", "1 notebook and 0 Python files"),
    # a book's numbered chapter notebooks
    ({f"{n:02d}_chapter.ipynb": NOTEBOOK for n in range(1, 7)} | {"tools.py": "X = 1\n"},
     "course", "6 numbered chapter notebooks (01_chapter.ipynb"),
    # a book's chapter folders, each with its code (rasbt/LLMs-from-scratch: ch02/, ch03/, appendix-A/)
    ({"ch02/01_main-chapter-code/ch02.ipynb": NOTEBOOK, "ch03/01_main-chapter-code/gpt.py": TRAIN,
      "ch04/02_bonus/train.py": TRAIN, "appendix-A/01_main-chapter-code/ddp.py": TRAIN},
     "course", "4 chapter folders with code (appendix-A, ch02, ch03"),
    # folders numbered as pipeline steps are no chapters
    ({"step1_data/prepare.py": "X = 1\n", "step2_train/train.py": TRAIN, "step3_serve/api.py": "X = 2\n"},
     "research", "trains models"),
    # a README that presents a sample, Microsoft's front matter, a getting-started project
    ({"train.py": TRAIN, "README.md": "# Churn\n\nThis sample shows how to train and register a model.\n"},
     "template", 'README.md presents it as a sample or starter project to copy ("This sample")'),
    ({"train.py": TRAIN, "README.md": "---\npage_type: sample\nlanguages:\n- python\n---\n# Churn\n"},
     "template", '("page_type: sample")'),
    ({"train.py": TRAIN, "README.md": "# DVC Get Started\n\nA step-by-step introduction.\n"},
     "template", '("Get Started")'),
    # "sample" as a verb, "boilerplate" of a training loop: not a sample project
    ({"train.py": TRAIN, "README.md": "# tinygpt\n\nTrain a GPT; `sample.py` lets you sample from it.\n"
                                       "train.py is a boilerplate training loop.\n"},
     "research", "trains models"),
    # "a sample request" to a model service is an example call, not a sample project
    ({"api.py": SERVICE, "README.md": "# Sentiment API\n\nServe a fine-tuned classifier over HTTP.\n\n"
                                      "Here's a sample request to the API:\n\n```sh\nhttp POST :8000/predict "
                                      "text=great\n```\n"},
     "service", "serves a model"),
])
def test_the_project_kind_and_its_reason(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                         files: dict[str, str | bytes], kind: str, why: str) -> None:
    data = inventory(git_repo(tmp_path / "r", files), capsys)
    assert (data["kind"], why in str(data["kind_why"])) == (kind, True), data["kind_why"]
    label = {"research": "a research project", "notebooks": "a notebooks project"}.get(kind, f"a {kind}")
    assert str(data["summary"]).startswith(label.replace("a application", "an application"))


def test_the_json_report_carries_the_inventory(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    import jsonschema

    root = git_repo(tmp_path / "r", {"train.py": TRAIN})
    assert main(["check", str(root), "--format", "json", "--fail-on", "never"]) == 0
    report = json.loads(capsys.readouterr().out)
    schema = json.loads((Path(__file__).resolve().parents[1] / "mlgate" / "schemas" /
                         "report.schema.json").read_text())
    jsonschema.validate(report, schema)
    assert report["inventory"]["kind"] == "research"  # trains, and nothing serves, deploys or tests it
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
    assert inventory(root, capsys)["kind"] == "research"  # not a library; nothing deploys, serves or tests it
    write_tree(root, {"README.md": "# pipelines\n\n    pip install pipelines\n"})
    git(root, "add", "README.md")
    assert inventory(root, capsys)["kind"] == "library"


@pytest.mark.parametrize(("install", "kind"), [
    ("git clone https://github.com/thu-ml/bayeslib.git\ncd bayeslib\npip install .", "library"),
    ('$ pip install ".[examples]"', "library"),
    ("git clone https://github.com/acme/bayes-lib bl && pip install -e bl", "no-ml"),  # not a whole line
    ("git clone https://github.com/acme/bayes-lib bl\npip install -e bl/", "library"),
    ("python setup.py install", "library"),
    ("pip install -e other-tool", "no-ml"),  # another checkout than the one cloned
    ("pip install -r requirements.txt", "no-ml"),
    ("git clone https://github.com/acme/bayes-lib\npip install -e bayes-lib", "library"),
    ("pip install -e .", "no-ml"),  # without classifiers: how an application sets up its environment too
])
def test_a_package_its_readme_installs_from_the_checkout_with_no_model_is_a_library(
        tmp_path: Path, capsys: pytest.CaptureFixture[str], install: str, kind: str) -> None:
    """A package with no model of its own that the README installs from its checkout (thu-ml/zhusuan's
    `pip install .` with PyPI classifiers, openai/human-eval's `pip install -e human-eval`) goes into its users'
    environments; `pip install -e .` alone is how langchain-ai/chat-langchain's agent sets up its own."""
    classifiers = "" if install.endswith(("-e .", "-e bayes-lib")) else \
        ', classifiers=["Development Status :: 3 - Alpha", "Intended Audience :: Science/Research"]'
    root = git_repo(tmp_path / "r", {
        "setup.py": f'from setuptools import setup\nsetup(name="bayes-lib", install_requires=["numpy>=1.14"]'
                    f'{classifiers})\n',
        "bayeslib/__init__.py": "", "bayeslib/hmc.py": "import numpy as np\n\n\ndef leapfrog(q, p):\n    return q, p\n",
        "README.md": f"# bayeslib\n\n```\n{install}\n```\n"})
    assert inventory(root, capsys)["kind"] == kind


def test_a_setup_py_that_names_its_package_through_a_constant_is_a_library(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A widely copied setup.py keeps its metadata in constants (`NAME = "..."`, then `setup(name=NAME)`):
    seen on ml-tooling/opyrator, read as a no-ml project whose examples' requirements failed the gate."""
    setup = ('from setuptools import setup\n\nNAME = "funcserve"\nVERSION = "0.3.1"\n\n'
             'setup(\n    name=NAME,\n    version=VERSION,\n    packages=["funcserve"],\n'
             '    install_requires=["fastapi", "pydantic"],\n'
             '    classifiers=["Development Status :: 4 - Beta", "Programming Language :: Python :: 3"],\n)\n')
    root = git_repo(tmp_path / "r", {
        "setup.py": setup, "funcserve/__init__.py": "", "funcserve/api.py": "def launch(fn):\n    return fn\n",
        "README.md": "# funcserve\n\nTurn a function into a web API.\n\n    pip install funcserve\n",
        "examples/sentiment/app.py": "from transformers import pipeline\n\nclassify = pipeline("
                                     "\"sentiment-analysis\", model=\"distilbert-base-uncased\")\n",
        "examples/sentiment/requirements.txt": "funcserve\ntransformers\ntorch\n"})
    assert inventory(root, capsys)["kind"] == "library"
    assert main(["check", str(root), "--format", "json", "--fail-on", "never"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert report["inventory"]["kind_why"] == ("setup.py declares the package `funcserve` with PyPI classifiers, "
                                               "and the README installs it")
    failing = [f for r in report["rules"] for f in r["findings"]
               if f["severity"] == "error" and f["confidence"] == "high"]
    assert failing == []


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


CDK_STACK = """\
import aws_cdk as cdk
from aws_cdk import aws_sagemaker as sagemaker


class ScoringStack(cdk.Stack):
    def __init__(self, scope, construct_id, config_name, **kwargs):
        super().__init__(scope, construct_id, **kwargs)
        sagemaker.CfnEndpoint(self, "ScoringEndpoint", endpoint_config_name=config_name)
"""

ANYSCALE = """\
name: recommender
compute_config: recommender-cpu
ray_serve_config:
  import_path: serve:app
rollout_strategy: ROLLOUT
"""


def test_deployments_in_infrastructure_code_are_listed_with_path_and_line(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    root = git_repo(tmp_path / "r", {"src/train.py": TRAIN, "infra/stack.py": CDK_STACK,
                                     "deploy/service.yaml": ANYSCALE})
    data = inventory(root, capsys)
    assert data["kind"] == "service"
    assert [(c["path"], c["line"], c["mode"], c["why"]) for c in data["deployments"]] == [  # type: ignore[union-attr, index]
        ("deploy/service.yaml", 3, "online", "Anyscale service `recommender`"),
        ("infra/stack.py", 8, "online", "SageMaker Endpoint (CDK) `ScoringEndpoint`")]
    assert main(["inventory", str(root)]) == 0
    out = capsys.readouterr().out
    assert "  infra/stack.py:8 [online]  SageMaker Endpoint (CDK) `ScoringEndpoint`" in out
    assert "found: a service with 1 training entrypoint, 2 deployments" in out
def test_a_librarys_maintenance_scripts_are_listed_as_tooling_not_training(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    import shutil

    fixture = Path(__file__).parent / "rules" / "spec-unit-tested" / "pass-library-maintenance-scripts-are-not-models"
    root = tmp_path / "r"
    shutil.copytree(fixture / "repo", root)
    git(root, "init", "-q")
    git(root, "add", "-A")
    git(root, "commit", "-qm", "library")
    data = inventory(root, capsys)
    assert data["kind"] == "library"
    assert data["training"] == []
    tooling = {c["path"]: c["why"] for c in data["tooling"]}  # type: ignore[union-attr]
    # check_capabilities.py's one class only wraps the layer it is given: it defines no model, so there is no model
    # code of it to leave out (peft's scripts/generate_method_capabilities.py)
    assert set(tooling) == {"scripts/train_memory.py"}
    assert "maintenance script of a published library" in tooling["scripts/train_memory.py"]
    assert main(["inventory", str(root)]) == 0
    assert "not the model (maintenance scripts, setup checks, a library's own commands): 1" in capsys.readouterr().out


FLOW = '''\
"""The intent pipeline: prepare the sessions, train the model, deploy it."""
from metaflow import FlowSpec, step


class IntentFlow(FlowSpec):

    @step
    def start(self):
        self.next(self.train_model)

    @step
    def train_model(self):
        from model import train_intent_model
        self.model = train_intent_model(self.sessions, self.labels)
        self.next(self.end)

    @step
    def end(self):
        print("done")


if __name__ == "__main__":
    IntentFlow()
'''

SETUP_CHECK = '''\
"""Dummy flow, just to verify the cloud setup works."""
import random

from metaflow import FlowSpec, step


class DummyFlow(FlowSpec):

    @step
    def start(self):
        import tensorflow as tf
        x = [[random.uniform(0, 1)] for _ in range(100)]
        y = [random.uniform(0, 1) for _ in range(100)]
        model = tf.keras.Sequential([tf.keras.layers.Dense(1)])
        model.compile(optimizer="adam", loss="mae")
        model.fit(x, y, epochs=2)
        self.next(self.end)

    @step
    def end(self):
        pass


if __name__ == "__main__":
    DummyFlow()
'''


def test_a_flow_that_calls_a_training_function_is_the_training_entrypoint_and_a_setup_check_is_not(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    root = git_repo(tmp_path / "r", {
        "flow_playground.py": SETUP_CHECK,
        "src/intent_flow.py": FLOW,
        "src/model.py": "import tensorflow as tf\n\n\ndef train_intent_model(x, y):\n"
                        "    model = tf.keras.Sequential([tf.keras.layers.Dense(1)])\n"
                        "    model.compile(optimizer='adam', loss='mae')\n    model.fit(x, y, epochs=3)\n"
                        "    return model\n",
        "requirements.txt": "metaflow==2.11.0\ntensorflow==2.15.0\n"})
    data = inventory(root, capsys)
    assert [c["path"] for c in data["training"]] == ["src/intent_flow.py"]  # type: ignore[index]
    assert [c["path"] for c in data["tooling"]] == ["flow_playground.py"]  # type: ignore[index]
    assert "dummy or a setup check" in data["tooling"][0]["why"]  # type: ignore[index]
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


def test_the_model_definition_is_the_class_that_composes_the_others(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    model = (
        "import torch\nfrom torch import nn\n\n\n"
        "class LayerNorm(nn.Module):\n    def forward(self, x):\n        return x\n\n\n"
        "class Block(nn.Module):\n    def __init__(self):\n        super().__init__()\n"
        "        self.ln = LayerNorm()\n\n    def forward(self, x):\n        return self.ln(x)\n\n\n"
        "class TinyGPT(nn.Module):\n    def __init__(self, n_layer=2):\n        super().__init__()\n"
        "        self.blocks = nn.ModuleList([Block() for _ in range(n_layer)])\n\n"
        "    def forward(self, x):\n        for b in self.blocks:\n            x = b(x)\n        return x\n"
    )
    data = inventory(git_repo(tmp_path / "r", {"model.py": model, "train.py": TRAIN}), capsys)
    assert [(c["path"], c["line"], c["name"]) for c in data["models"]] == [  # type: ignore[union-attr, index]
        ("model.py", 19, "TinyGPT")]


def test_a_librarys_own_training_command_is_listed_as_its_api(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Seen on a robotics library: `lerobot-train` is a script of the published package. It is the
    library's API (not this repository's training), and the inventory says so rather than "training: none"
    alone, so the reader sees it was recognised."""
    import shutil

    fixture = Path(__file__).parent / "rules" / "prov-model-card" / "partial-library-generates-cards"
    root = tmp_path / "r"
    shutil.copytree(fixture / "repo", root)
    (root / "src/armkit/scripts").mkdir()
    (root / "src/armkit/scripts/__init__.py").write_text("")
    (root / "src/armkit/scripts/armkit_train.py").write_text(
        "import argparse\n\nimport torch\n\nfrom armkit.policies.reach import ReachPolicy\n\n\n"
        "def main():\n    args = argparse.ArgumentParser().parse_args()\n    policy = ReachPolicy()\n"
        "    opt = torch.optim.Adam(policy.parameters())\n    for _ in range(10):\n"
        "        loss = policy(torch.randn(8, 14)).pow(2).mean()\n        loss.backward()\n        opt.step()\n\n\n"
        "if __name__ == \"__main__\":\n    main()\n")
    git(root, "init", "-q")
    git(root, "add", "-A")
    git(root, "commit", "-qm", "library")
    data = inventory(root, capsys)
    assert data["kind"] == "library"
    assert [c["path"] for c in data["training"]] == []  # type: ignore[union-attr]
    tooling = {c["path"]: c["why"] for c in data["tooling"]}  # type: ignore[union-attr]
    assert tooling == {"src/armkit/scripts/armkit_train.py":
                       "a published library's training command: its API, not a model this repository trains",
                       "examples": "a published library's examples or documentation (1 script or notebook, "
                                   "teaching material): not judged as its training"}


def test_a_library_package_at_the_root_is_its_api(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Seen on stable-baselines3 (held-out): a published library whose package is a top-level folder
    (gridrl/, not src/gridrl/) had its training loop taken for the project's training; a root folder
    that the package metadata does not name (a benchmark suite with an __init__.py) stays the project's."""
    import shutil

    fixture = Path(__file__).parent / "rules" / "feat-tests-exist" / "na-library-package-at-root"
    root = tmp_path / "r"
    shutil.copytree(fixture / "repo", root)
    write_tree(root, {"bench_suite/__init__.py": "", "bench_suite/train.py": TRAIN})
    git(root, "init", "-q")
    git(root, "add", "-A")
    git(root, "commit", "-qm", "library")
    data = inventory(root, capsys)
    assert data["kind"] == "library"
    assert [c["path"] for c in data["training"]] == ["bench_suite/train.py"]  # type: ignore[union-attr, index]


FIT_MODULE = """\
import pandas as pd
from sklearn.ensemble import RandomForestClassifier


def fit(frame: pd.DataFrame) -> RandomForestClassifier:
    return RandomForestClassifier(n_estimators=50).fit(frame.drop(columns="y"), frame["y"])
"""

SCORE_BATCH = """\
import joblib
import pandas as pd

model = joblib.load("models/model.joblib")
frame = pd.read_parquet("incoming/today.parquet")
frame["score"] = model.predict_proba(frame)[:, 1]
frame.to_parquet("scored/today.parquet")
"""

EVALUATE = """\
import json

import pandas as pd
from sklearn.metrics import roc_auc_score

held_out = pd.read_csv("data/test.csv")
print(json.dumps({"auc": roc_auc_score(held_out["y"], held_out["p"])}))
"""


def test_the_model_lists_training_code_configuration_data_reads_and_evaluation_with_their_evidence(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    root = git_repo(tmp_path / "r", {"src/train.py": TRAIN, "src/fitting.py": FIT_MODULE,
                                     "src/score_batch.py": SCORE_BATCH, "src/evaluate.py": EVALUATE,
                                     "params.yaml": "n_estimators: 50\n"})
    data = inventory(root, capsys)

    def listed(section: str) -> list[tuple[object, ...]]:
        return [(c["path"], c["line"], c.get("mode", "")) for c in data[section]]  # type: ignore[union-attr, index]

    # the entrypoint and the module whose function fits a model (no entry point of its own) are training code
    assert listed("training_code") == [("src/fitting.py", 6, "training"), ("src/train.py", 12, "entrypoint")]
    assert listed("model_config") == [("params.yaml", None, "params")]
    # the batch scoring job's read is its input, not training data
    assert [(p, line) for p, line, _ in listed("data_reads")] == [("src/evaluate.py", 6), ("src/train.py", 11)]
    assert listed("evaluation") == [("src/evaluate.py", 7, "")]
    assert all(c["why"] for s in ("training_code", "model_config", "data_reads", "evaluation")
               for c in data[s])  # type: ignore[union-attr, index]


def test_a_script_that_trains_at_module_level_is_a_training_entrypoint(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """No `def main`, no `if __name__`: the module's own statements fit the model, so running the file
    trains (nogibjj/mlops-template's bentoml/hello.py). A function that fits when called stays training
    code, and neither a benchmark that times training steps nor a quickstart that checks the installation
    is a training entrypoint."""
    root = git_repo(tmp_path / "r", {
        "serve/iris_model.py": (
            "import bentoml\nfrom sklearn import datasets, svm\n\n"
            "iris = datasets.load_iris()\n"
            "clf = svm.SVC(gamma='scale')\n"
            "clf.fit(iris.data, iris.target)\n"
            "bentoml.sklearn.save_model('iris_clf', clf)\n"),
        "serve/helpers.py": (
            "from sklearn.linear_model import LogisticRegression\n\n\n"
            "def fit_baseline(x, y):\n"
            "    return LogisticRegression().fit(x, y)\n"),
        "bench.py": (
            "import time\n\nimport torch\n\n"
            "model = torch.nn.Linear(4, 1)\n"
            "optimizer = torch.optim.SGD(model.parameters(), lr=0.1)\n"
            "start = time.time()\n"
            "for _ in range(10):\n"
            "    model(torch.randn(8, 4)).sum().backward()\n"
            "    optimizer.step()\n"
            "print(time.time() - start)\n"),
        "utils/quickstart_tf2.py": (
            "import tensorflow as tf\n\n"
            "(x, y), _ = tf.keras.datasets.mnist.load_data()\n"
            "model = tf.keras.Sequential([tf.keras.layers.Flatten(), tf.keras.layers.Dense(10)])\n"
            "model.compile(optimizer='adam', loss='sparse_categorical_crossentropy')\n"
            "model.fit(x, y, epochs=1)\n"),
    })
    data = inventory(root, capsys)
    assert [(c["path"], c["why"]) for c in data["training"]] == [  # type: ignore[union-attr, index]
        ("serve/iris_model.py", "a script that trains a model")]
    assert [(c["path"], c["line"]) for c in data["training_code"]] == [  # type: ignore[union-attr, index]
        ("bench.py", 9), ("serve/helpers.py", 5), ("serve/iris_model.py", 6), ("utils/quickstart_tf2.py", 6)]


def test_a_script_whose_statements_run_its_fitting_function_is_a_training_entrypoint(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """326-T/mlflow-project-sample's wine-quality/main.py hands `objective` to hyperopt's `fmin` at module level,
    and `objective` calls the function that fits: the image runs `python main.py`, which trains, but it was only
    "training code" (and the project read as training nothing). The same holds for a bare `run()` at the foot of a
    script; a function kept in a table is not run."""
    tune = ("import mlflow\nimport pandas as pd\nfrom hyperopt import fmin, hp, tpe\n"
            "from sklearn.ensemble import GradientBoostingRegressor\n"
            "from sklearn.metrics import mean_absolute_error\n\n"
            "frame = pd.read_csv(\"data/demand.csv\")\n\n\n"
            "def fit(params):\n    model = GradientBoostingRegressor(**params)\n"
            "    model.fit(frame[[\"price\", \"week\"]], frame[\"units\"])\n    return model\n\n\n"
            "def objective(params):\n    model = fit(params)\n"
            "    return mean_absolute_error(frame[\"units\"], model.predict(frame[[\"price\", \"week\"]]))\n\n\n"
            "with mlflow.start_run():\n"
            "    best = fmin(fn=objective, space={\"max_depth\": hp.choice(\"max_depth\", [2, 3, 4])},\n"
            "                algo=tpe.suggest, max_evals=10)\n"
            "    mlflow.log_params(best)\n")
    table = ("from sklearn.linear_model import LinearRegression\n\n\n"
             "def refit(x, y):\n    return LinearRegression().fit(x, y)\n\n\n"
             "TASKS = {\"refit\": refit}\n")
    root = git_repo(tmp_path / "r", {"jobs/tune.py": tune, "jobs/tasks.py": table,
                                     "jobs/run_once.py": tune.replace("def objective", "def _unused")
                                     .split("with mlflow")[0] + "fit({\"max_depth\": 3})\n"})
    data = inventory(root, capsys)
    assert sorted(c["path"] for c in data["training"]) == [  # type: ignore[union-attr, index]
        "jobs/run_once.py", "jobs/tune.py"]


def test_the_mlflow_tracking_server_image_serves_no_model(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """`mlflow server` starts MLflow's tracking UI (SL14-SL/mlops-sales-forecasting's Dockerfile.mlflow); only
    `mlflow models serve` serves a model."""
    root = git_repo(tmp_path / "r", {
        "src/train.py": TRAIN,
        "Dockerfile.mlflow": "FROM python:3.11-slim\nRUN pip install mlflow==2.22.0\n"
                             "CMD mlflow server --host 0.0.0.0 --backend-store-uri sqlite:///mlflow.db\n",
        "Dockerfile.serve": "FROM python:3.11-slim\nCMD mlflow models serve -m models:/churn/1 -p 8080\n",
    })
    data = inventory(root, capsys)
    assert [(c["path"], c["line"]) for c in data["serving"]] == [  # type: ignore[union-attr, index]
        ("Dockerfile.serve", 2)]


def test_a_compose_service_that_runs_the_model_server_is_serving(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A docker-compose stack runs the API beside MLflow, Prometheus and a worker (SL14-SL/mlops-sales-
    forecasting): the service that runs the serving image, or whose command serves the prediction handler's
    module, is listed; a worker, a dashboard or an alert webhook built from the same image is not."""
    compose = (
        "services:\n"
        "  mlflow:\n"
        "    image: ghcr.io/mlflow/mlflow:v2.22.0\n"
        "    command: mlflow server --host 0.0.0.0\n"
        "  api:\n"
        "    build: .\n"
        "    ports: ['8000:8000']\n"
        "  api-dev:\n"
        "    build: .\n"
        "    command: [uvicorn, app.main:app, --reload]\n"
        "  worker:\n"
        "    build: .\n"
        "    command: python -m app.retrain\n"
        "  alerts:\n"
        "    build: .\n"
        "    command: uvicorn app.alerts:app --port 8090\n"
        "  prometheus:\n"
        "    image: prom/prometheus:v2.53.0\n"
    )
    root = git_repo(tmp_path / "r", {
        "src/train.py": TRAIN, "app/main.py": API, "app/alerts.py": "def notify(payload):\n    return payload\n",
        "Dockerfile": "FROM python:3.11-slim\nCOPY . /app\nCMD uvicorn app.main:app --host 0.0.0.0\n",
        "docker-compose.yml": compose,
    })
    data = inventory(root, capsys)
    assert data["kind_why"] == "serves a model: an image that starts a server (`CMD uvicorn`) in Dockerfile"
    assert [(c["path"], c["line"], c["name"]) for c in data["serving"]  # type: ignore[union-attr, index]
            if c["path"] == "docker-compose.yml"] == [  # type: ignore[index]
        ("docker-compose.yml", 5, "api"), ("docker-compose.yml", 8, "api-dev")]


def test_a_percent_operator_continuing_a_line_is_python_not_a_magic(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """`print('...' \\` then `%(epoch, loss))` on the next line is string formatting (dair-ai/ML-Notebooks'
    first_nn.ipynb): blanking it as an IPython magic left the training cell unparsable, and the notebook
    that trains was not found. A magic at the start of a statement is still stripped."""
    cells = [
        "%matplotlib inline\nimport torch\nfrom torch import nn\n",
        "model = nn.Linear(4, 2)\noptimizer = torch.optim.SGD(model.parameters(), lr=0.1)\n",
        "for epoch in range(3):\n"
        "    loss = model(torch.randn(8, 4)).sum()\n"
        "    loss.backward()\n"
        "    optimizer.step()\n"
        "    print('epoch %d loss %.3f' \\\n"
        "          %(epoch, loss.item()))\n",
    ]
    notebook = json.dumps({"cells": [{"cell_type": "code", "metadata": {}, "outputs": [], "execution_count": None,
                                      "source": c} for c in cells],
                           "metadata": {}, "nbformat": 4, "nbformat_minor": 5})
    root = git_repo(tmp_path / "r", {"notebooks/first_nn.ipynb": notebook})
    data = inventory(root, capsys)
    assert [c["path"] for c in data["training"]] == ["notebooks/first_nn.ipynb"]  # type: ignore[union-attr, index]


def test_a_script_that_defines_its_model_and_trains_it_is_both(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    # PyTorch's MNIST example has this shape: the model class, the training loop and main() in one file
    script = (Path(__file__).parent / "rules" / "repro-seeds" / "fail-script-defines-and-trains-its-model"
              / "repo" / "sentiment.py").read_text()
    root = git_repo(tmp_path / "r", {"sentiment.py": script, "requirements.txt": "torch==2.3.1\n"})
    data = inventory(root, capsys)
    assert [c["path"] for c in data["training"]] == ["sentiment.py"]  # type: ignore[union-attr, index]
    assert [(c["path"], c["line"], c["name"]) for c in data["models"]] == [  # type: ignore[union-attr, index]
        ("sentiment.py", 10, "ReviewClassifier")]
    main(["check", str(root), "--select", "spec-codeowners", "--format", "json"])
    [rule] = json.loads(capsys.readouterr().out)["rules"]
    assert rule["summary"] == "1 finding (1 failing) over 1 model-spec files"  # the file once, not twice


def test_a_flow_shown_in_a_docstring_or_a_comment_is_no_pipeline(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    # an orchestrator's own source (Metaflow's decorators.py) shows `class MyFlow(FlowSpec):` in its
    # docstrings and comments; the module that defines a flow after a docstring that shows one is listed at
    # the definition
    root = git_repo(tmp_path / "r", {
        "flowkit/__init__.py": "",
        "flowkit/decorators.py": 'def flow_mutator(cls):\n    """Use it so:\n\n        @flow_mutator\n'
                                 '        class MyFlow(FlowSpec):\n            ...\n    """\n    return cls\n\n\n'
                                 "# class A(FlowSpec): a parent flow's steps are copied\n",
        "flows/train_flow.py": '"""A flow: `class TrainFlow(FlowSpec)` with a start and an end step."""\n'
                               "from metaflow import FlowSpec, step\n\n\nclass TrainFlow(FlowSpec):\n"
                               "    @step\n    def start(self):\n        self.next(self.end)\n\n"
                               "    @step\n    def end(self):\n        pass\n",
    })
    data = inventory(root, capsys)
    assert [(c["path"], c["line"]) for c in data["pipelines"]] == [  # type: ignore[union-attr, index]
        ("flows/train_flow.py", 5)]


def test_a_plugin_the_readme_installs_by_name_is_a_library(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    # mlflow-torchserve: no classifiers, no publishing workflow, but setup.py registers an MLflow deployment
    # plugin and the README installs the package from PyPI by its name
    setup = ('from setuptools import setup, find_packages\n\nsetup(\n    name="mlflow-tritonserve",\n'
             '    packages=find_packages(),\n    install_requires=["mlflow", "tritonclient"],\n'
             '    entry_points={"mlflow.deployments": "tritonserve=mlflow_tritonserve"},\n)\n')
    root = git_repo(tmp_path / "r", {
        "setup.py": setup, "mlflow_tritonserve/__init__.py": "def target_help():\n    return 'triton'\n",
        "README.md": "# mlflow-tritonserve\n\n```\npip install mlflow-tritonserve\n```\n",
    })
    data = inventory(root, capsys)
    assert data["kind"] == "library"
    assert "as a plugin (`mlflow.deployments` entry point)" in str(data["kind_why"])
    # an application's own command (console_scripts) is no plugin: what makes it a library then is only that its
    # README installs it from the package index by its name
    write_tree(root, {"setup.py": setup.replace('"mlflow.deployments": "tritonserve=mlflow_tritonserve"',
                                                '"console_scripts": ["serve=mlflow_tritonserve:main"]')})
    git(root, "commit", "-qam", "app")
    assert inventory(root, capsys)["kind_why"] == ("setup.py declares the package `mlflow-tritonserve`, and the "
                                                   "README installs it by name")
    write_tree(root, {"README.md": "# mlflow-tritonserve\n\n```\npip install -e .\n```\n"})
    git(root, "commit", "-qam", "from source")
    assert inventory(root, capsys)["kind"] != "library"


def test_any_trove_classifier_with_a_readme_install_makes_a_library(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    # alibi-detect's setup.py names its audience and Python versions, no development status and no licence
    setup = ('from setuptools import setup, find_packages\n\nsetup(\n    name="drift-kit",\n'
             '    packages=find_packages(),\n    install_requires=["numpy>=1.16", "scikit-learn>=1.0"],\n'
             '    classifiers=[\n        "Intended Audience :: Science/Research",\n'
             '        "Programming Language :: Python :: 3",\n    ],\n)\n')
    root = git_repo(tmp_path / "r", {
        "setup.py": setup, "drift_kit/__init__.py": "", "drift_kit/ks.py": "def ks_drift(a, b):\n    return 0.0\n",
        "README.md": "# drift-kit\n\nInstall it from PyPI:\n\n```bash\npip install drift-kit\n```\n",
    })
    data = inventory(root, capsys)
    assert data["kind"] == "library"
    assert data["kind_why"] == ("setup.py declares the package `drift-kit` with PyPI classifiers, and the README "
                                "installs it")


def test_routes_registered_by_a_call_are_serving_handlers(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    # FastAPI's `app.add_api_route(path, endpoint)` and Flask's `add_url_rule(rule, view_func=...)` register routes
    # as decorators do (hemmokarja/High-Performance-ML-API was read as "no ML" for want of a decorator)
    root = git_repo(tmp_path / "r", {
        "api/routes.py": "from fastapi import FastAPI, Request\n\n\n"
                         "async def _embed_text(body: dict, request: Request):\n"
                         "    model = request.app.state.model\n"
                         "    return {'embedding': model.encode(body['text']).tolist()}\n\n\n"
                         "async def _health(request: Request):\n    return {'status': 'ok'}\n\n\n"
                         "def register_routes(app: FastAPI) -> None:\n"
                         "    app.add_api_route('/health', _health, methods=['GET'])\n"
                         "    app.add_api_route('/v1/embed', _embed_text, methods=['POST'])\n",
        "legacy/app.py": "import joblib\nfrom flask import Flask, jsonify, request\n\napp = Flask(__name__)\n"
                         "model = joblib.load('model.joblib')\n\n\n"
                         "def score():\n    return jsonify(model.predict([request.json['x']]).tolist())\n\n\n"
                         "app.add_url_rule('/score', view_func=score, methods=['POST'])\n"})
    data = inventory(root, capsys)
    assert [(c["path"], c["line"], c["name"]) for c in data["serving"]] == [  # type: ignore[union-attr, index]
        ("api/routes.py", 4, "_embed_text"), ("legacy/app.py", 8, "score")]


def test_a_package_the_readme_installs_by_its_name_is_a_library_without_classifiers(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """openai/evals declares `[project] name = "evals"` with no PyPI classifiers and its README says "you can
    install the evals package via pip: `pip install evals`". Read as a template (its README links a dashboard's
    "Get started"), the requirement files of its benchmark tasks failed the gate 22 times, where a library's
    tasks are its users' to set up."""
    files: dict[str, str | bytes] = {
        "pyproject.toml": '[project]\nname = "gradekit"\nversion = "1.2.0"\ndependencies = ["datasets", "numpy"]\n',
        "README.md": "# gradekit\n\n[Get started](https://example.com/docs)\n\nTo run the graders locally, install "
                     "the package:\n\n```sh\npip install gradekit\n```\n",
        "gradekit/__init__.py": "",
        "gradekit/tasks/__init__.py": "",
        "gradekit/tasks/arith.py": "import numpy as np\n\n\ndef score(answers, expected):\n"
                                   "    return float(np.mean([a == e for a, e in zip(answers, expected)]))\n",
        "gradekit/tasks/fit/requirements.txt": "scikit-learn\npandas\n",
        "gradekit/tasks/fit/train.py": TRAIN}
    root = git_repo(tmp_path / "lib", files)
    data = inventory(root, capsys)
    assert data["kind"] == "library", data["kind_why"]
    assert data["kind_why"] == "pyproject.toml declares the package `gradekit`, and the README installs it by name"
    assert main(["check", str(root), "--format", "json", "--fail-on", "never"]) == 0
    report = json.loads(capsys.readouterr().out)
    failing = [(f["rule"], f["path"]) for r in report["rules"] for f in r["findings"]
               if f["severity"] == "error" and f["confidence"] == "high" and f["rule"] == "repro-deps-pinned"]
    assert failing == []
    # a README that installs only from the checkout (`pip install -e .`) publishes nothing
    files["README.md"] = "# gradekit\n\n```sh\npip install -e .\n```\n"
    assert inventory(git_repo(tmp_path / "src", files), capsys)["kind"] != "library"


def test_a_package_installed_from_a_git_repository_named_for_its_import_folder_is_a_library(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """suno-ai/bark's README installs it with `pip install git+https://github.com/suno-ai/bark.git`; its
    pyproject.toml names the distribution `suno-bark` and the package folder `bark`. Read as research, the
    tutorial notebook's unpinned Hub download failed the gate beside the package's own."""
    files: dict[str, str | bytes] = {
        "pyproject.toml": '[project]\nname = "acme-voice"\nversion = "0.1.0"\ndependencies = ["torch", '
                          '"transformers"]\n\n[tool.setuptools]\npackages = ["voice"]\n',
        "README.md": "# Voice\n\nText to speech. Paper: https://arxiv.org/abs/2301.00001\n\n```\npip install "
                     "git+https://github.com/acme/voice.git\n```\n",
        "voice/__init__.py": "",
        "voice/model.py": "import torch\n\n\nclass Decoder(torch.nn.Module):\n    def forward(self, x):\n"
                          "        return x\n",
        "notebooks/clone.ipynb": json.dumps({"cells": [{"cell_type": "code", "metadata": {}, "outputs": [],
                                                        "execution_count": None, "source": [
            "from transformers import AutoModel\n",
            "hubert = AutoModel.from_pretrained(\"facebook/hubert-base-ls960\")\n"]}],
            "metadata": {}, "nbformat": 4, "nbformat_minor": 5})}
    root = git_repo(tmp_path / "voice", files)
    data = inventory(root, capsys)
    assert data["kind"] == "library", data["kind_why"]
    assert data["kind_why"] == ("the README installs the package `acme-voice` from its git repository "
                                "(`pip install git+https://github.com/acme/voice.git`)")
    assert main(["check", str(root), "--format", "json", "--fail-on", "never"]) == 0
    report = json.loads(capsys.readouterr().out)
    hub = [(f["path"], f["confidence"]) for r in report["rules"] for f in r["findings"]
           if r["id"] == "data-hf-revision"]
    assert hub == [("notebooks/clone.ipynb", "medium")]
    # a git URL naming another repository installs someone else's package
    files["README.md"] = "# Voice\n\n```\npip install git+https://github.com/acme/speechkit.git\n```\n"
    assert inventory(git_repo(tmp_path / "other", files), capsys)["kind"] != "library"


def test_a_package_setuptools_finds_by_excluding_the_others_is_the_librarys(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    # lm-sys/FastChat: distributed as fschat, its package fastchat/ is what `[tool.setuptools.packages.find]`
    # finds once `exclude = ["playground*", ...]` is applied. The folder quoted in the exclude list was read
    # as the package, so fastchat/train/train.py, the library's training command, was "a model this
    # repository trains"
    root = git_repo(tmp_path / "r", {
        "pyproject.toml": '[project]\nname = "chatkit-serve"\nversion = "0.3.1"\n'
                          'classifiers = ["Programming Language :: Python :: 3"]\n'
                          'dependencies = ["transformers>=4.31.0", "torch"]\n\n'
                          '[tool.setuptools.packages.find]\nexclude = ["docs", "playground*", "tests*"]\n',
        "README.md": "# chatkit\n\n```bash\npip install chatkit-serve\n```\n",
        "chatkit/__init__.py": "", "chatkit/train/__init__.py": "", "playground/__init__.py": "",
        "chatkit/train/train.py": "import transformers\n\n\ndef train():\n"
                                  "    parser = transformers.HfArgumentParser((transformers.TrainingArguments,))\n"
                                  "    (args,) = parser.parse_args_into_dataclasses()\n"
                                  "    model = transformers.AutoModelForCausalLM.from_pretrained(args.output_dir)\n"
                                  "    transformers.Trainer(model=model, args=args).train()\n\n\n"
                                  'if __name__ == "__main__":\n    train()\n',
    })
    data = inventory(root, capsys)
    assert data["kind"] == "library" and data["training"] == []
    assert {"path": "chatkit/train/train.py", "line": None,
            "why": "a published library's training command: its API, not a model this repository trains"} \
        in data["tooling"]  # type: ignore[operator]


def test_the_package_the_root_installs_is_no_nested_project_with_its_own_requirements(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    # google-research/vision_transformer: setup.py installs vit_jax/, which keeps requirements.txt and
    # requirements-tpu.txt beside its modules; it was listed as a nested project. A folder the build file does
    # not install (a Cloud Function beside the package) with requirements of its own stays one
    root = git_repo(tmp_path / "r", {
        "setup.py": 'from setuptools import find_packages, setup\n\nsetup(\n    name="vit_kit",\n'
                    '    packages=find_packages(),\n    install_requires=["flax", "jax"],\n)\n',
        "vit_kit/__init__.py": "", "vit_kit/requirements.txt": "flax\njax\n",
        "vit_kit/train.py": "import flax\n\n\ndef train(config):\n    return flax.linen.Dense(10)\n",
        "trigger/main.py": "def handle(event, context):\n    return event\n",
        "trigger/requirements.txt": "google-cloud-aiplatform==1.60.0\n",
    })
    data = inventory(root, capsys)
    assert data["projects"] == [{"path": "trigger", "line": None, "why": "its own requirements.txt"}]


def test_an_application_that_prompts_a_hosted_model_serves_no_model_of_its_own(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """docker/genai-stack's api.py answers `/generate-ticket` with a chat model that chains.py picks by name
    (ChatOpenAI, ChatBedrock, ChatOllama), and jodog0412's RAG chatbot image runs `uvicorn main:app` over
    ChatOpenAI: both were services "serving a model", and the monitoring rules asked for drift against training
    data, a model-age alert and NaN guards. A route or image whose module loads a model of its own still serves
    it, a retrieval embedding wrapper notwithstanding."""
    chains = ("from langchain_huggingface import HuggingFaceEmbeddings\nfrom langchain_ollama import ChatOllama\n"
              "from langchain_openai import ChatOpenAI\n\n\n"
              "def load_llm(name: str, base_url: str):\n"
              "    if name.startswith(\"gpt-\"):\n        return ChatOpenAI(model=name, temperature=0)\n"
              "    return ChatOllama(base_url=base_url, model=name)\n\n\n"
              "def load_embeddings():\n    return HuggingFaceEmbeddings(model_name=\"all-MiniLM-L6-v2\")\n")
    api = ("import os\n\nfrom fastapi import FastAPI\n\nfrom chains import load_llm\n\n"
           "app = FastAPI()\nllm = load_llm(os.environ[\"LLM\"], os.environ[\"OLLAMA_BASE_URL\"])\n\n\n"
           "@app.get(\"/generate-ticket\")\ndef generate_ticket(text: str) -> dict:\n"
           "    return {\"ticket\": llm.invoke(f\"Write a support ticket about: {text}\").content}\n")
    image = ("FROM python:3.11-slim\nWORKDIR /app\nCOPY requirements.txt .\nRUN pip install -r requirements.txt\n"
             "COPY . .\nCMD [\"uvicorn\", \"api:app\", \"--host\", \"0.0.0.0\", \"--port\", \"8504\"]\n")
    files = {"api.py": api, "chains.py": chains, "api.Dockerfile": image,
             "requirements.txt": "fastapi==0.115.0\nlangchain-openai==0.2.1\nlangchain-ollama==0.2.0\n"
                                 "langchain-huggingface==0.1.0\nuvicorn==0.30.6\n"}
    root = git_repo(tmp_path / "r", files)
    data = inventory(root, capsys)
    assert data["serving"] == []
    assert data["kind"] == "no-ml"
    assert main(["check", str(root), "--select", "mon-drift,mon-staleness", "--format", "json"]) == 0
    statuses = {r["id"]: r["status"] for r in json.loads(capsys.readouterr().out)["rules"]}
    assert statuses == {"mon-drift": "not_applicable", "mon-staleness": "not_applicable"}
    # the same application scoring with a model it loads serves that model
    write_tree(root, {"api.py": api.replace("from chains import load_llm\n", "import joblib\n\n"
                                            "from chains import load_llm\n")
                      .replace("app = FastAPI()\n", "app = FastAPI()\nranker = joblib.load(\"ranker.joblib\")\n")})
    assert sorted(c["path"] for c in inventory(root, capsys)["serving"]) == [  # type: ignore[union-attr]
        "api.Dockerfile", "api.py"]


def test_a_deployment_that_names_its_hosted_model_by_provider_serves_no_model_of_its_own(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """svm9000/Private_Agent_LLM's Ray Serve deployment hands CrewAI agents `llm=f"ollama/{self.model}"`, and
    saeedhumai/react-in-dspy's `/predict` route runs a DSPy program over `dspy.LM("openai/gpt-4o-mini")`: LiteLLM's
    provider/model names of a hosted model. Neither serves a model of its own; a Hub id of the same organisation
    (`openai/whisper-small`) is no such name."""
    agents = ("import os\n\nfrom crewai import Agent, Crew, Task\nfrom fastapi import FastAPI\n"
              "from ray import serve\n\n"
              "app = FastAPI()\n\n\n@serve.deployment\n@serve.ingress(app)\nclass Research:\n"
              "    def __init__(self) -> None:\n        self.llm = f\"ollama/{os.getenv('MODEL', 'llama3.2')}\"\n\n"
              "    @app.post(\"/ask\")\n    def ask(self, question: str) -> str:\n"
              "        agent = Agent(role=\"Researcher\", goal=\"answer\", backstory=\"\", llm=self.llm)\n"
              "        task = Task(description=question, expected_output=\"an answer\", agent=agent)\n"
              "        return str(Crew(agents=[agent], tasks=[task]).kickoff())\n\n\ndeployment = Research.bind()\n")
    program = ("import dspy\nfrom fastapi import FastAPI\n\napp = FastAPI()\n"
               "dspy.configure(lm=dspy.LM(\"openai/gpt-4o-mini\"))\n"
               "answer = dspy.ChainOfThought(\"question -> answer\")\n\n\n"
               "@app.post(\"/predict\")\ndef predict(question: str) -> dict:\n"
               "    return answer(question=question).toDict()\n")
    root = git_repo(tmp_path / "r", {"serve/agents.py": agents, "api/program.py": program,
                                     "requirements.txt": "crewai==0.80.0\ndspy==2.5.43\nray[serve]==2.40.0\n"})
    assert inventory(root, capsys)["serving"] == []
    # a route over a Hub model of the same organisation serves that model
    write_tree(root, {"api/program.py": program.replace(
        "dspy.configure(lm=dspy.LM(\"openai/gpt-4o-mini\"))\nanswer = dspy.ChainOfThought(\"question -> answer\")\n",
        "from transformers import pipeline\n\nanswer = pipeline(\"automatic-speech-recognition\", "
        "model=\"openai/whisper-small\", revision=\"0123456789abcdef0123456789abcdef01234567\")\n")
        .replace("answer(question=question).toDict()", "answer(question)")})
    assert [c["path"] for c in inventory(root, capsys)["serving"]] == ["api/program.py"]  # type: ignore[index]


def test_a_managed_job_launcher_is_tested_through_the_script_its_job_runs(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """decodingml/llm-twin-course's run_on_sagemaker.py builds `HuggingFace(entry_point="finetune.py",
    source_dir=str(finetuning_dir))` and calls `fit()`: spec-unit-tested failed the gate on it ("add a test that
    builds the model from run_on_sagemaker.py") beside the same finding on finetune.py, the code the job runs.
    The launcher stays a training entrypoint; a job that runs a built-in algorithm's container is judged as
    before."""
    finetune = ("import argparse\n\nfrom datasets import load_dataset\nfrom transformers import AutoModelForCausalLM\n"
                "from trl import SFTConfig, SFTTrainer\n\n\n"
                "def main() -> None:\n    parser = argparse.ArgumentParser()\n"
                "    parser.add_argument(\"--base_model_name\")\n"
                "    parser.add_argument(\"--num_train_epochs\", type=int)\n"
                "    args = parser.parse_args()\n"
                "    model = AutoModelForCausalLM.from_pretrained(args.base_model_name, revision=\"a\" * 40)\n"
                "    data = load_dataset(\"json\", data_files=\"/opt/ml/input/data/train/rows.jsonl\")[\"train\"]\n"
                "    trainer = SFTTrainer(model=model, train_dataset=data,\n"
                "                         args=SFTConfig(output_dir=\"/opt/ml/model\", seed=7,\n"
                "                                        num_train_epochs=args.num_train_epochs))\n"
                "    trainer.train()\n\n\nif __name__ == \"__main__\":\n    main()\n")
    launcher = ("from pathlib import Path\n\nfrom sagemaker.huggingface import HuggingFace\n\n"
                "HERE = Path(__file__).resolve().parent\n\n\n"
                "def launch(epochs: int = 3) -> None:\n"
                "    job = HuggingFace(entry_point=\"finetune.py\", source_dir=str(HERE),\n"
                "                      instance_type=\"ml.g5.2xlarge\", instance_count=1,\n"
                "                      role=\"arn:aws:iam::111122223333:role/train\",\n"
                "                      transformers_version=\"4.36\", pytorch_version=\"2.1\", py_version=\"py310\",\n"
                "                      hyperparameters={\"base_model_name\": \"org/base\",\n"
                "                                       \"num_train_epochs\": epochs})\n"
                "    job.fit()\n\n\nif __name__ == \"__main__\":\n    launch()\n")
    root = git_repo(tmp_path / "r", {"training/finetune.py": finetune, "training/run_on_sagemaker.py": launcher,
                                     "training/requirements.txt": "trl==0.12.1\ntransformers==4.46.2\n"})

    def untested() -> list[tuple[str, str]]:
        main(["check", str(root), "--select", "spec-unit-tested", "--format", "json"])
        rule = json.loads(capsys.readouterr().out)["rules"][0]
        return [(f["path"], f["severity"]) for f in rule["findings"]]

    assert untested() == [("training/finetune.py", "error")]
    assert sorted(c["path"] for c in inventory(root, capsys)["training"]) == [  # type: ignore[union-attr]
        "training/finetune.py", "training/run_on_sagemaker.py"]
    # a job of a built-in algorithm's container runs no script of the repository: its launcher is judged
    write_tree(root, {"training/run_on_sagemaker.py": launcher.replace(
        "entry_point=\"finetune.py\", source_dir=str(HERE),", "image_uri=\"683313688378.dkr.ecr.us-east-1."
        "amazonaws.com/sagemaker-xgboost:1.7-1\", ")})
    assert untested() == [("training/finetune.py", "error"), ("training/run_on_sagemaker.py", "error")]
