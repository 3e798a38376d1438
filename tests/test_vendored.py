"""Vendored and generated code is left out of every rule, and the reports say what was left out and why.

The path conventions and copies of other projects have fixture cases (tests/rules/data-hf-revision/
pass-skips-*); what needs git (.gitattributes read by git check-attr, submodules) is tested here on
real git repositories.
"""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest

from mlgate.cli import main
from mlgate.facts.vendored import detect
from tests.conftest import git, git_repo

REPORT_SCHEMA = Path(__file__).resolve().parents[1] / "mlgate" / "schemas" / "report.schema.json"
SHA = "86b5e0934494bd15c9632b12f734a8a67f723594"

OWN = {
    "pyproject.toml": '[project]\nname = "review-sentiment"\nversion = "0.4.0"\n',
    "sentiment/__init__.py": "",
    "sentiment/model.py": (
        "from transformers import AutoModel\n\n"
        f'MODEL = AutoModel.from_pretrained("distilbert/distilbert-base-uncased", revision="{SHA}")\n'
    ),
}
NOTEBOOK = json.dumps({"cells": [{"cell_type": "code", "metadata": {}, "outputs": [], "execution_count": None,
                                   "source": ["from transformers import AutoModel\n",
                                              "m = AutoModel.from_pretrained(\"bert-base-uncased\")\n"]}],
                       "metadata": {}, "nbformat": 4, "nbformat_minor": 5})
UNPINNED = (
    "from transformers import AutoModel\n\n"
    'model = AutoModel.from_pretrained("sentence-transformers/all-MiniLM-L6-v2")\n'
)


def check_json(capsys: pytest.CaptureFixture[str], root: Path) -> dict:  # type: ignore[type-arg]
    code = main(["check", str(root), "--select", "data-hf-revision", "--format", "json"])
    out = capsys.readouterr().out
    report = json.loads(out)
    jsonschema.validate(report, json.loads(REPORT_SCHEMA.read_text()))
    report["exit"] = code
    return report  # type: ignore[no-any-return]


def hf_rule(report: dict) -> dict:  # type: ignore[type-arg]
    return next(r for r in report["rules"] if r["id"] == "data-hf-revision")  # type: ignore[no-any-return]


def test_linguist_generated_and_vendored_files_are_skipped_and_reported(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    root = git_repo(tmp_path / "r", {
        **OWN,
        ".gitattributes": "gen/** linguist-generated\nsentiment/contrib/minilm.py linguist-vendored=true\n"
                          "*.ipynb linguist-vendored\n",
        "notebooks/explore.ipynb": NOTEBOOK,
        "gen/client/encode.py": UNPINNED,
        "gen/client/__init__.py": "",
        "sentiment/contrib/minilm.py": UNPINNED,
        "sentiment/contrib/own.py": "VALUE = 1\n",
    })
    report = check_json(capsys, root)
    rule = hf_rule(report)
    assert rule["status"] == "fail"
    assert [f["path"] for f in rule["findings"]] == ["notebooks/explore.ipynb"]
    assert report["skipped"] == [
        {"path": "gen", "reason": "marked linguist-generated in .gitattributes", "files": 2},
        {"path": "sentiment/contrib/minilm.py", "reason": "marked linguist-vendored in .gitattributes", "files": 1},
    ]


def test_gitattributes_can_keep_a_conventional_vendor_folder(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    root = git_repo(tmp_path / "r", {
        **OWN,
        ".gitattributes": "third_party/ours/** -linguist-vendored\n",
        "third_party/ours/encode.py": UNPINNED,
        "third_party/theirs/encode.py": UNPINNED,
    })
    report = check_json(capsys, root)
    rule = hf_rule(report)
    assert rule["status"] == "fail"
    assert {(f["path"], f["line"]) for f in rule["findings"]} == {("third_party/ours/encode.py", 3)}
    assert report["skipped"] == [{"path": "third_party", "reason": "a third_party/ folder", "files": 1}]


def test_text_report_says_what_was_skipped_in_one_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    root = git_repo(tmp_path / "r", {
        **OWN,
        "third_party/minilm/LICENSE": "Apache License\nVersion 2.0, January 2004\n",
        "third_party/minilm/setup.py": 'from setuptools import setup\nsetup(name="minilm")\n',
        "third_party/minilm/minilm/encode.py": UNPINNED,
        "vendor_libs/minilm/LICENSE": "Apache License\nVersion 2.0, January 2004\n",
        "vendor_libs/minilm/setup.py": 'from setuptools import setup\nsetup(name="minilm")\n',
        "vendor_libs/minilm/minilm/encode.py": UNPINNED,
    })
    code = main(["check", str(root), "--select", "data-hf-revision"])
    out = capsys.readouterr().out
    assert code == 0, out
    line = next(ln for ln in out.splitlines() if "skipped:" in ln)  # the "found:" line only counts them
    assert line.startswith("2 vendored or generated trees skipped: third_party (a third_party/ folder); "
                           "vendor_libs/minilm (own LICENSE and setup.py (project 'minilm'))")
    assert "data-hf-revision" in out and "sentiment" not in line


def test_git_submodule_path_is_reported(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    lib = git_repo(tmp_path / "lib", {"encode.py": UNPINNED})
    root = git_repo(tmp_path / "r", OWN)
    git(root, "-c", "protocol.file.allow=always", "submodule", "add", "-q", str(lib), "external_libs/minilm")
    git(root, "commit", "-q", "-m", "add submodule")
    report = check_json(capsys, root)
    assert hf_rule(report)["status"] == "pass"
    assert {"path": "external_libs/minilm", "reason": "a git submodule", "files": 1} in report["skipped"]


def test_detect_leaves_own_subpackages_and_monorepo_packages_alone() -> None:
    licence = b"MIT License\nCopyright (c) 2025 Review Analytics Team\n"
    contents = {
        "LICENSE": licence,
        "pyproject.toml": b'[project]\nname = "review-sentiment"\n',
        "packages/encoder/LICENSE": licence,
        "packages/encoder/pyproject.toml": b'[project]\nname = "review-encoder"\n',
        "docs/LICENSE": b"CC-BY-4.0\n",
        "docs/package.json": b'{"name": "review-sentiment-docs"}',
    }
    files = sorted([*contents, "packages/encoder/encoder/x.py", "sentiment/external/__init__.py",
                    "sentiment/__init__.py", "sentiment/external/api.py", "docs/index.md"])

    def read(path: str, limit: int) -> bytes | None:
        return contents.get(path, b"")[:limit]

    found = detect(files, read)
    assert found.trees == ()  # same licence; an own docs package; an `external` subpackage of the project

    found = detect([*files, "external/x.py", "node_modules/a/index.js"], read)
    assert [(t.path, t.files) for t in found.trees] == [("external", 1), ("node_modules", 1)]


def test_detect_copies_under_the_same_standard_licence_and_workspace_members() -> None:
    apache = b"Apache License\nVersion 2.0, January 2004\nhttp://www.apache.org/licenses/\n"
    contents = {
        "LICENSE": apache,  # research code without a manifest, two upstream projects copied in
        "GroundingDINO/LICENSE": apache,
        "GroundingDINO/setup.py": b'setup(\n    name="groundingdino",\n    version="0.1.0",\n)\n',
        "segment_anything/LICENSE": apache,
        "segment_anything/setup.py": b'setup(name="segment_anything", version="1.0")\n',
    }
    files = sorted([*contents, "GroundingDINO/groundingdino/models.py", "segment_anything/sam/build.py", "demo.py"])

    def read(path: str, limit: int) -> bytes | None:
        return contents.get(path, b"")[:limit]

    found = detect(files, read)
    assert [(t.path, t.reason, t.files) for t in found.trees] == [
        ("GroundingDINO", "own LICENSE and setup.py (project 'groundingdino')", 3),
        ("segment_anything", "own LICENSE and setup.py (project 'segment_anything')", 3),
    ]
    contents["pyproject.toml"] = b'[project]\nname = "grounded-sam"\n[tool.uv.workspace]\nmembers = ["segment_*"]\n'
    found = detect(sorted([*files, "pyproject.toml"]), read)
    assert [t.path for t in found.trees] == ["GroundingDINO"]


def test_detect_copies_with_a_licence_and_a_note_of_their_source() -> None:
    """A folder with its own licence and, atop its README or __init__.py, the repository it came from is a
    copy without a manifest (the baselines research code copies in); a licence alone, or a note naming the
    repository's own project, is not."""
    contents = {
        "pyproject.toml": b'[project]\nname = "tsmixer"\n',
        "baselines/FEDformer/LICENSE": b"MIT License\n\nCopyright (c) 2021 the FEDformer authors\n",
        "baselines/FEDformer/README.md": b"# FEDformer\nFrom https://github.com/MAZiqing/FEDformer\n\nFrequency...\n",
        "weights/LICENSE": b"Model weights are released under CC BY-NC 4.0.\n",
        "weights/README.md": b"Download the checkpoints from https://github.com/acme/tsmixer/releases\n",
        "tsmixer_lite/LICENSE": b"MIT License\n",
        "tsmixer_lite/__init__.py": b"# Copied from https://github.com/acme/tsmixer.git\n",
    }
    files = sorted([*contents, "baselines/FEDformer/models/FEDformer.py", "weights/convert.py",
                    "tsmixer_lite/model.py"])

    def read(path: str, limit: int) -> bytes | None:
        return contents.get(path, b"")[:limit]

    found = detect(files, read)
    assert [(t.path, t.reason, t.files) for t in found.trees] == [
        ("baselines/FEDformer",
         "own LICENSE and a note of its source (README.md: https://github.com/MAZiqing/FEDformer)", 3)]


def test_a_lock_file_marked_generated_is_still_the_projects_own(tmp_path: Path) -> None:
    """kserve marks its uv.lock files linguist-generated to fold their diffs: they are still the lock
    that pins its environment."""
    from mlgate.repo import build_index

    marks = "uv.lock linguist-generated=true\napi/gen.py linguist-generated\n"
    root = git_repo(tmp_path / "r", {".gitattributes": marks,
                                     "uv.lock": "version = 1\n", "pyproject.toml": '[project]\nname = "x"\n',
                                     "api/gen.py": "X = 1\n"})
    index = build_index(root)
    assert "uv.lock" in index.files and "api/gen.py" not in index.files


def test_a_project_templates_placeholder_folder_is_left_out(tmp_path: Path) -> None:
    """cookiecutter-data-science: `{{ cookiecutter.repo_name }}/Makefile` syncs a placeholder bucket; it
    is what the template generates, not a data read of this repository."""
    from mlgate.repo import build_index

    root = git_repo(tmp_path / "r", {
        "cookiecutter.json": '{"repo_name": "project"}\n',
        "{{ cookiecutter.repo_name }}/Makefile":
            "sync_data_down:\n\taws s3 sync s3://{{ cookiecutter.bucket }}/data/ data/\n",
        "ccds/__init__.py": ""})
    index = build_index(root)
    assert index.files == ("ccds/__init__.py", "cookiecutter.json")
    assert [(t.path, t.reason) for t in index.vendored] == [
        ("{{ cookiecutter.repo_name }}", "a project template's placeholder folder")]


def test_a_header_names_another_holder_only_against_a_licence_that_names_one(tmp_path: Path) -> None:
    """foreign_copyright: a file header whose holder the root licence does not name is a copy; licence
    boilerplate ("Grant of Copyright License", "copyright notice", "[name of copyright owner]") names no one,
    so a repository under an unfilled Apache template judges no header foreign."""
    from mlgate.facts.project import foreign_copyright
    from mlgate.repo import build_index
    from tests.conftest import git_repo

    apache = ("                                 Apache License\n"
              "   2. Grant of Copyright License. Subject to the terms and conditions of\n"
              "      copyright notice that is included in or attached to the work\n"
              "   Copyright [yyyy] [name of copyright owner]\n")
    model = "# Copyright 2023 The Orbit Team. All rights reserved.\nimport torch\n"
    root = git_repo(tmp_path / "a", {"LICENSE": apache, "orbit/model.py": model})
    assert foreign_copyright(build_index(root), "orbit/model.py") is None
    filled = apache + "\n   Copyright 2020 - present, Harbor Vision, Inc\n"
    root = git_repo(tmp_path / "b", {"LICENSE": filled, "orbit/model.py": model,
                                     "orbit/head.py": "# Copyright (c) 2024 Harbor Vision Inc.\nimport torch\n"})
    index = build_index(root)
    assert foreign_copyright(index, "orbit/model.py") == "The Orbit Team. All rights reserved"
    assert foreign_copyright(index, "orbit/head.py") is None


def _isvc(name: str) -> str:
    return ("apiVersion: serving.kserve.io/v1beta1\nkind: InferenceService\nmetadata:\n"
            f"  name: {name}\nspec:\n  predictor:\n    model:\n      modelFormat:\n        name: sklearn\n"
            f"      storageUri: gs://acme-models/{name}/\n")


def test_older_release_folders_of_rendered_manifests_are_left_out(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    # a serving platform keeps the rendered manifests of every past release (kserve: install/v0.15.0/...):
    # copies generated from its sources, not deployments of its own to judge one by one
    root = git_repo(tmp_path / "r", {
        "pyproject.toml": '[project]\nname = "fraud-serving"\nversion = "0.3.0"\n',
        "install/README.md": "Release manifests.\n",
        "install/0.1.0/fraud.yaml": _isvc("fraud-old"),
        "install/v0.2.0/fraud.yaml": _isvc("fraud-old"),
        "install/v0.2.0/install.sh": "kubectl apply -f fraud.yaml\n",
        "install/v0.3.0-rc1/fraud.yaml": _isvc("fraud-rc"),
        "install/v0.3.0/fraud.yaml": _isvc("fraud"),
    })
    code = main(["check", str(root), "--select", "rollout-canary", "--format", "json"])
    report = json.loads(capsys.readouterr().out)
    jsonschema.validate(report, json.loads(REPORT_SCHEMA.read_text()))
    assert code == 1
    rule = next(r for r in report["rules"] if r["id"] == "rollout-canary")
    assert [(f["path"], f["line"]) for f in rule["findings"]] == [("install/v0.3.0/fraud.yaml", 6)]
    assert report["skipped"] == [{
        "path": "install", "files": 4,
        "reason": "a release archive: 3 older release folders of rendered manifests (0.1.0 to v0.3.0-rc1); "
                  "the newest, v0.3.0, is read"}]


def test_versioned_folders_that_are_not_release_copies_stay() -> None:
    def read(path: str, limit: int) -> bytes | None:
        return b""

    files = sorted([
        "data/v1.0/train.json", "data/v1.1/train.json", "data/v2.0/train.json",  # dataset versions
        "deploy/v1/svc.yaml", "deploy/v2/svc.yaml", "deploy/v3/svc.yaml",  # API versions, not releases
        "releases/1.0.0/serve.yaml", "releases/1.1.0/serve.py", "releases/1.2.0/serve.yaml",  # code in one
        "charts/1.0.0/a.yaml", "charts/1.1.0/a.yaml",  # two releases: not an archive
    ])
    assert detect(files, read).trees == ()
    # a course's numbered sections (3.0/, 3.1/, 3.2/ with a README each) are not releases
    assert detect(["course/3.0/README.md", "course/3.1/README.md", "course/3.2/README.md"], read).trees == ()


REMOTE_TRAIN = (
    "import pandas as pd\n"
    "from sklearn.linear_model import LogisticRegression\n\n"
    'df = pd.read_csv("https://example.org/reviews.csv")\n'
    'LogisticRegression().fit(df[["x"]], df["y"])\n'
)
REMOTE_NOTEBOOK = json.dumps({"cells": [{"cell_type": "code", "metadata": {}, "outputs": [], "execution_count": None,
                                         "source": ["import pandas as pd\n",
                                                    'df = pd.read_csv("https://example.org/reviews.csv")\n']}],
                              "metadata": {}, "nbformat": 4, "nbformat_minor": 5})


def remote_rule(capsys: pytest.CaptureFixture[str], root: Path) -> tuple[dict, dict]:  # type: ignore[type-arg]
    code = main(["check", str(root), "--select", "data-remote-unpinned", "--format", "json"])
    report = json.loads(capsys.readouterr().out)
    jsonschema.validate(report, json.loads(REPORT_SCHEMA.read_text()))
    report["exit"] = code
    return report, next(r for r in report["rules"] if r["id"] == "data-remote-unpinned")


def test_linguist_documentation_trees_are_not_the_projects_code(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Benchmark reproductions and documentation notebooks marked linguist-documentation (as
    Nixtla/statsforecast marks experiments/ and nbs/) are not judged; their prose stays, and the report
    says what was left out."""
    root = git_repo(tmp_path / "r", {
        **OWN,
        ".gitattributes": "experiments/** linguist-documentation\nnbs/** linguist-documentation\n",
        "experiments/arima/train.py": REMOTE_TRAIN,
        "experiments/arima/Dockerfile": "FROM python:3.11\n",
        "experiments/arima/README.md": "# ARIMA benchmark\n",
        "nbs/tutorial.ipynb": REMOTE_NOTEBOOK,
        "nbs/index.md": "# Docs\n",
        "src/train.py": REMOTE_TRAIN,
    })
    report, rule = remote_rule(capsys, root)
    assert [(f["path"], f["line"]) for f in rule["findings"]] == [("src/train.py", 4)]
    assert report["skipped"] == [
        {"path": "experiments", "reason": "marked linguist-documentation in .gitattributes; prose kept", "files": 2},
        {"path": "nbs", "reason": "marked linguist-documentation in .gitattributes; prose kept", "files": 1},
    ]
    code = main(["inventory", str(root), "--format", "json"])
    inventory = json.loads(capsys.readouterr().out)
    assert code == 0
    assert [c["path"] for c in inventory["training"]] == ["src/train.py"]
    assert [c["path"] for c in inventory["projects"]] == []
    main(["check", str(root), "--select", "data-remote-unpinned"])
    line = next(ln for ln in capsys.readouterr().out.splitlines() if "skipped:" in ln)
    assert line.startswith("2 vendored, generated or documentation trees skipped: experiments (marked "
                           "linguist-documentation in .gitattributes; prose kept); nbs (")


def test_linguist_documentation_on_notebooks_alone_only_hides_them_from_the_language_bar(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    root = git_repo(tmp_path / "r", {
        **OWN,
        ".gitattributes": "*.ipynb linguist-documentation\n",
        "notebooks/explore.ipynb": REMOTE_NOTEBOOK,
        "src/explore.ipynb": REMOTE_NOTEBOOK,
        "src/train.py": "print('train')\n",
    })
    report, rule = remote_rule(capsys, root)
    assert sorted(f["path"] for f in rule["findings"]) == ["notebooks/explore.ipynb", "src/explore.ipynb"]
    assert report["skipped"] == []


def test_detect_keeps_prose_and_owners_of_a_documentation_tree() -> None:
    files = ["docs/CODEOWNERS", "docs/model_card.md", "docs/guide.rst", "docs/train.py", "docs/conf.py",
             "src/model.py"]
    attributes = {f: "documentation" for f in files if f.startswith("docs/")}
    found = detect(files, lambda _p, _n: b"", attributes=attributes)
    assert found.skipped == {"docs/train.py", "docs/conf.py"}
    assert [(t.path, t.files) for t in found.trees] == [("docs", 2)]


def test_a_dvc_lock_marked_generated_still_locks_its_pipeline(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """poprox-recommender marks every dvc.lock linguist-generated (to fold its diff on GitHub): the lock
    is still the record of each stage's data and code, so a locked pipeline is not reported as having
    no committed dvc.lock."""
    case = Path(__file__).parent / "rules" / "data-dvc-pinned" / "pass-locked-pipeline" / "repo"
    files = {str(p.relative_to(case)): p.read_text() for p in sorted(case.rglob("*")) if p.is_file()}
    root = git_repo(tmp_path / "r", {**files, ".gitattributes": "dvc.lock linguist-generated=true\n"})
    main(["check", str(root), "--select", "data-dvc-pinned", "--format", "json"])
    report = json.loads(capsys.readouterr().out)
    rule = next(r for r in report["rules"] if r["id"] == "data-dvc-pinned")
    assert rule["status"] == "pass", [f["message"] for f in rule["findings"]]


def test_kaggles_evaluation_harness_is_a_known_copy(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    # a code competition's entrants copy Kaggle's kaggle_evaluation/ harness (gateway, inference server,
    # generated gRPC code) beside their own code: it is not the project's serving
    harness = "codes/src/kaggle_evaluation"
    root = git_repo(tmp_path / "r", {
        **OWN,
        f"{harness}/__init__.py": "",
        f"{harness}/cmi_inference_server.py": (
            "import kaggle_evaluation.core.templates\n\n\nclass CMIInferenceServer("
            "kaggle_evaluation.core.templates.InferenceServer):\n"
            "    def _get_gateway_for_test(self, data_paths=None):\n        return None\n"),
        f"{harness}/core/relay.py": (
            "import grpc\nfrom concurrent import futures\n\n\ndef define_server(*endpoint_listeners):\n"
            "    server = grpc.server(futures.ThreadPoolExecutor(max_workers=1))\n"
            "    server.add_insecure_port('[::]:50051')\n    return server\n"),
    })
    assert main(["inventory", str(root), "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert [(s["path"], s["why"]) for s in data["skipped"]] == [
        (harness, "Kaggle's competition evaluation harness (a kaggle_evaluation/ folder) (3 files)")]
    assert not any(c["path"].startswith(harness) for key in ("serving", "training", "features", "models")
                   for c in data[key])


def test_a_copy_whose_setup_py_names_itself_in_a_dict_of_arguments_is_left_out() -> None:
    # allenai/OLMo's inference/compression/dependencies/AutoGPTQ: MIT licence, and setup(**common_setup_kwargs)
    # with {"name": "auto_gptq", ...}; its analysis reported AutoGPTQ's own downloads as OLMo's
    contents = {
        "LICENSE": b"Apache License\nVersion 2.0, January 2004\n",
        "pyproject.toml": b'[project]\nname = "ai2-olmo"\n',
        "inference/compression/dependencies/AutoGPTQ/LICENSE": b"MIT License\n\nCopyright (c) 2023 PanQiWei\n",
        "inference/compression/dependencies/AutoGPTQ/setup.py":
            b'from setuptools import setup\n\ncommon_setup_kwargs = {\n    "version": "0.5.0.dev0",\n'
            b'    "name": "auto_gptq",\n}\nsetup(packages=[], **common_setup_kwargs)\n',
    }
    files = sorted([*contents, "olmo/__init__.py", "inference/compression/dependencies/AutoGPTQ/auto_gptq/__init__.py"])

    def read(path: str, limit: int) -> bytes | None:
        return contents.get(path, b"")[:limit]

    found = detect(files, read)
    assert [(t.path, t.reason, t.files) for t in found.trees] == [
        ("inference/compression/dependencies/AutoGPTQ", "own LICENSE and setup.py (project 'auto_gptq')", 3)]


def test_a_committed_bentoml_store_is_build_output(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    # youjin2/mlops committed its BENTOML_HOME: `bentoml build` copies the service's sources under
    # bentos/<name>/<tag>/src/, and that copy made a tutorial's notebook folder a service that serves a model
    store = "bentoml_home/bentos/churn_classifier/q4k2mbd7xoz3"
    service = ("import bentoml\nimport numpy as np\nfrom bentoml.io import NumpyNdarray\n\n"
               "runner = bentoml.sklearn.get(\"churn_clf:latest\").to_runner()\n"
               "svc = bentoml.Service(\"churn_classifier\", runners=[runner])\n\n\n"
               "@svc.api(input=NumpyNdarray(), output=NumpyNdarray())\n"
               "def classify(rows: np.ndarray) -> np.ndarray:\n    return runner.predict.run(rows)\n")
    root = git_repo(tmp_path / "r", {
        **OWN,
        f"{store}/bento.yaml": "service: service:svc\nname: churn_classifier\nversion: q4k2mbd7xoz3\n"
                              "bentoml_version: 1.0.7\n",
        f"{store}/apis/openapi.yaml": "openapi: 3.0.2\ninfo:\n  title: churn_classifier\n",
        f"{store}/src/service.py": service,
        f"{store}/README.md": "This is a Machine Learning Service created with BentoML.\n",
    })
    assert main(["inventory", str(root), "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert [(s["path"], s["why"]) for s in data["skipped"]] == [
        (store, "a built Bento (`bentoml build` output: bento.yaml and its copy of the service's sources) (4 files)")]
    assert data["serving"] == [] and data["kind"] != "service"
