"""`mlgate stamp` writes a sidecar that validates and makes prov-artifact-metadata pass; it refuses
missing artifacts and artifacts outside the repository with one clear line and exit 2."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest
from jsonschema import Draft202012Validator

from mlgate.cli import main
from mlgate.facts.provenance import provenance_schema
from mlgate.model import Status
from tests.conftest import git, git_repo, run_rule

MODEL_BYTES = b"\x80\x04\x95\x1a\x00\x00\x00\x00sklearn-model\x94."
CSV = "customer_id,tenure,churned\nC-1,14,1\nC-2,52,0\n"


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    root = git_repo(tmp_path / "proj", {
        "src/train.py": "import joblib\n",
        "models/clf.joblib": MODEL_BYTES,
        "data/train.csv": CSV,
        "data/raw.csv.dvc": "outs:\n- md5: 4e15d1ecdf8418f62ebf748e4d8e608c\n  size: 10\n  hash: md5\n  "
                            "path: raw.csv\n",
        "data/labels.parquet": "version https://git-lfs.github.com/spec/v1\n"
                               f"oid sha256:{'ab' * 32}\nsize 123456\n",
    })
    git(root, "remote", "add", "origin", "https://ci-bot:s3cr3t-token@github.com/acme/churn.git")
    monkeypatch.chdir(root)
    return root


def test_stamp_round_trip_makes_artifact_metadata_pass(project: Path,
                                                       capsys: pytest.CaptureFixture[str]) -> None:
    before = run_rule(project, "prov-artifact-metadata")
    assert before.status is Status.FAIL
    code = main(["stamp", "models/clf.joblib", "--data", "data/train.csv", "--data", "data/raw.csv",
                 "--data", "data/labels.parquet", "--data", "hf://datasets/acme/churn-labels@5c2b9e0d7a41",
                 "--data", "s3://acme-ml/exports/customers.parquet@3HL4kqtJlcpXroDT",
                 "--param", "n_estimators=300", "--param", "criterion=gini", "--param", "lr=0.05",
                 "--metric", "roc_auc=0.871", "--name", "churn-clf", "--version", "7"])
    assert code == 0
    out = capsys.readouterr().out
    assert "models/clf.joblib.provenance.json" in out
    sidecar = project / "models/clf.joblib.provenance.json"
    doc = json.loads(sidecar.read_text())
    assert not list(Draft202012Validator(provenance_schema()).iter_errors(doc))
    assert doc["artifact"] == {"path": "models/clf.joblib", "sha256": hashlib.sha256(MODEL_BYTES).hexdigest(),
                               "size": len(MODEL_BYTES), "format": "joblib"}
    assert doc["model"] == {"name": "churn-clf", "version": "7"}
    head = git(project, "rev-parse", "HEAD").strip()
    assert doc["code"] == {"repository": "https://github.com/acme/churn.git", "commit": head, "dirty": False}
    assert "s3cr3t" not in sidecar.read_text()
    data = {d["uri"]: d for d in doc["data"]}
    assert data["data/train.csv"]["sha256"] == hashlib.sha256(CSV.encode()).hexdigest()
    assert data["data/train.csv"]["pinned_by"] == "file"
    assert data["data/raw.csv"] == {"uri": "data/raw.csv", "md5": "4e15d1ecdf8418f62ebf748e4d8e608c",
                                    "pinned_by": "dvc"}
    assert data["data/labels.parquet"]["sha256"] == "ab" * 32
    assert data["data/labels.parquet"]["pinned_by"] == "lfs"
    assert data["hf://datasets/acme/churn-labels@5c2b9e0d7a41"]["revision"] == "5c2b9e0d7a41"
    assert data["s3://acme-ml/exports/customers.parquet"]["version"] == "3HL4kqtJlcpXroDT"
    assert doc["params"] == {"n_estimators": 300, "criterion": "gini", "lr": 0.05}
    assert doc["metrics"] == {"roc_auc": 0.871}
    after = run_rule(project, "prov-artifact-metadata")
    assert after.status is Status.PASS, [f.message for f in after.findings]


def test_stamp_records_a_dirty_tree_but_not_the_artifact_itself(project: Path) -> None:
    (project / "models/clf.joblib").write_bytes(MODEL_BYTES + b"retrained")
    assert main(["stamp", "models/clf.joblib", "--data", "data/train.csv"]) == 0
    assert json.loads((project / "models/clf.joblib.provenance.json").read_text())["code"]["dirty"] is False
    (project / "src/train.py").write_text("import joblib  # changed\n")
    assert main(["stamp", "models/clf.joblib", "--data", "data/train.csv"]) == 0
    doc = json.loads((project / "models/clf.joblib.provenance.json").read_text())
    assert doc["code"]["dirty"] is True
    result = run_rule(project, "prov-artifact-metadata")
    assert result.status is Status.PARTIAL
    text = (project / "models/clf.joblib.provenance.json").read_text().splitlines()
    dirty_line = next(i for i, line in enumerate(text, start=1) if '"dirty": true' in line)
    assert [f.line for f in result.findings] == [dirty_line]


def test_stamp_without_data_is_partial(project: Path) -> None:
    assert main(["stamp", "models/clf.joblib"]) == 0
    result = run_rule(project, "prov-artifact-metadata")
    assert result.status is Status.PARTIAL
    assert "records no training data" in result.findings[0].message


def test_stamp_a_dataset_folder(project: Path) -> None:
    source = "s3://acme/exports/2024-05/?versionId=abc"
    assert main(["stamp", "data", "--kind", "dataset", "--data", source]) == 0
    doc = json.loads((project / "data.provenance.json").read_text())
    assert doc["kind"] == "dataset" and doc["artifact"]["format"] == "directory"
    assert not list(Draft202012Validator(provenance_schema()).iter_errors(doc))


@pytest.mark.parametrize(("args", "message"), [
    (["stamp", "models/missing.pkl"], "models/missing.pkl: no such file or directory"),
    (["stamp", "OUTSIDE"], "outside the repository"),
    (["stamp", "models/clf.joblib", "--data", "hf://datasets/acme/churn@main"], "pin a commit"),
    (["stamp", "models/clf.joblib", "--data", "s3://bucket/train.parquet"], "no version"),
    (["stamp", "models/clf.joblib", "--data", "data/nope.csv"], "no such file"),
    (["stamp", "models/clf.joblib", "--metric", "auc=high"], "is not a number"),
    (["stamp", "models/clf.joblib", "--param", "lr"], "expected NAME=VALUE"),
])
def test_stamp_refuses_with_one_line(project: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                     args: list[str], message: str) -> None:
    outside = tmp_path / "elsewhere.pkl"
    outside.write_bytes(MODEL_BYTES)
    args = [str(outside) if a == "OUTSIDE" else a for a in args]
    assert main(args) == 2
    err = capsys.readouterr().err.strip()
    assert message in err
    assert len(err.splitlines()) == 1 and "Traceback" not in err
    assert not (project / "models/clf.joblib.provenance.json").exists()


def test_stamp_outside_any_repository(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                      capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "m.pkl").write_bytes(MODEL_BYTES)
    monkeypatch.chdir(tmp_path)
    assert main(["stamp", "m.pkl"]) == 2
    assert "not inside a git repository" in capsys.readouterr().err


def test_schema_is_valid_and_catalog_example_validates() -> None:
    from mlgate.catalog import load_catalog

    Draft202012Validator.check_schema(provenance_schema())
    example = load_catalog()["prov-artifact-metadata"].good.files["models/churn-clf.joblib.provenance.json"]
    assert not list(Draft202012Validator(provenance_schema()).iter_errors(json.loads(example)))


def test_documented_examples_validate() -> None:
    import re

    from ruamel.yaml import YAML

    text = (Path(__file__).resolve().parents[1] / "docs" / "provenance.md").read_text(encoding="utf-8")
    validator = Draft202012Validator(provenance_schema())
    blocks = re.findall(r"```(json|yaml)\n(.*?)```", text, re.S)
    assert len(blocks) == 2
    for lang, body in blocks:
        doc = json.loads(body) if lang == "json" else YAML(typ="safe").load(body)
        assert not [e.message for e in validator.iter_errors(doc)], lang
