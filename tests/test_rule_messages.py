"""Messages that are right about what they name: the dataset a call loads, never one picked from
several configuration files, and no fix URL for an id the call does not always load."""

from __future__ import annotations

from pathlib import Path

from tests.conftest import run_rule, write_tree

RECIPES = {
    "src/finetune/args.py": """\
        from dataclasses import dataclass


        @dataclass
        class DataArguments:
            dataset_name: str = "imdb"
            dataset_split: str = "train"
        """,
    "src/finetune/data.py": """\
        from datasets import load_dataset

        from finetune.args import DataArguments


        def get_dataset(args: DataArguments):
            return load_dataset(args.dataset_name, split=args.dataset_split)
        """,
    "recipes/sentiment/config.yaml": "dataset_name: stanfordnlp/sst2\ndataset_split: train\n",
    "recipes/reviews/config.yaml": "dataset_name: fancyzhx/amazon_polarity\ndataset_split: train\n",
    "recipes/news/config.yaml": "dataset_name: fancyzhx/ag_news\ndataset_split: train\n",
}


def test_a_configured_dataset_id_names_every_configured_dataset_and_no_single_url(tmp_path: Path) -> None:
    root = write_tree(tmp_path, RECIPES)
    (finding,) = run_rule(root, "data-hf-revision").findings
    assert (finding.path, finding.line) == ("src/finetune/data.py", 7)
    assert finding.message.startswith("load_dataset(args.dataset_name) (configured: "), finding.message
    configured = [name for name in ("stanfordnlp/sst2", "fancyzhx/amazon_polarity", "fancyzhx/ag_news", "imdb")
                  if name in finding.message]
    assert len(configured) == 2 and "and 2 more" in finding.message, finding.message  # never one as the only one
    assert "huggingface.co/" not in finding.remediation, finding.remediation
    assert finding.level.value == "fail" and finding.confidence.value == "medium"  # which one a run uses is unknown


def test_a_single_configured_dataset_is_named_with_its_url(tmp_path: Path) -> None:
    files = {k: v for k, v in RECIPES.items() if not k.startswith("recipes/") or "news" in k}
    files["src/finetune/args.py"] = files["src/finetune/args.py"].replace(' = "imdb"', "")
    root = write_tree(tmp_path, files)
    (finding,) = run_rule(root, "data-hf-revision").findings
    assert finding.message.startswith('load_dataset("fancyzhx/ag_news") downloads'), finding.message
    assert "https://huggingface.co/datasets/fancyzhx/ag_news/commits/main" in finding.remediation


# ------------------------------------------------------------------ DVC matrix stages
MATRIX_DVC = """\
stages:
  prepare:
    matrix:
      task: [churn]
      split: [train, test]
    cmd: python src/prepare.py --task ${item.task} --split ${item.split}
    deps:
      - src/prepare.py
      - data/raw/${item.task}.csv
    outs:
      - data/processed/${item.task}-${item.split}.parquet
"""


def _matrix_lock(split: str, n: int) -> str:
    return (
        f"  prepare@churn-{split}:\n"
        f"    cmd: python src/prepare.py --task churn --split {split}\n"
        "    deps:\n"
        f"    - path: data/raw/churn.csv\n      hash: md5\n      md5: {n}a2b4d3f0e1ba9b1ff4c8cd2e5c6c77a\n"
        "    outs:\n"
        f"    - path: data/processed/churn-{split}.parquet\n      hash: md5\n"
        f"      md5: {n}b2b4d3f0e1ba9b1ff4c8cd2e5c6c77a\n"
    )


def test_matrix_stages_are_judged_as_their_locked_expansions(tmp_path: Path) -> None:
    root = write_tree(tmp_path, {
        ".dvc/config": "",
        "dvc.yaml": MATRIX_DVC,
        "dvc.lock": "schema: '2.0'\nstages:\n" + _matrix_lock("train", 1) + _matrix_lock("test", 2),
        "src/prepare.py": "import pandas as pd\n",
    })
    for rule in ("prov-dataset-lineage", "data-dvc-pinned"):
        result = run_rule(root, rule)
        assert not any("${" in f.message for f in result.findings), [f.message for f in result.findings]
        assert result.status.value == "pass", (rule, [f.message for f in result.findings])


def test_an_unlocked_matrix_item_is_named_as_dvc_lock_names_it(tmp_path: Path) -> None:
    root = write_tree(tmp_path, {
        ".dvc/config": "",
        "dvc.yaml": MATRIX_DVC,
        "dvc.lock": "schema: '2.0'\nstages:\n" + _matrix_lock("train", 1),
        "src/prepare.py": "import pandas as pd\n",
    })
    findings = run_rule(root, "prov-dataset-lineage").findings
    assert [(f.path, f.message) for f in findings] == [
        ("dvc.yaml", "data/processed/churn-test.parquet is produced by stage 'prepare@churn-test', but dvc.lock "
                     "does not lock it")]


# ------------------------------------------------------------------ feat-train-serve-shared
def test_the_finding_names_the_derived_features_serving_lacks() -> None:
    case = Path(__file__).parent / "rules" / "feat-train-serve-shared"
    case = case / "fail-training-derives-columns-serving-does-not"
    (finding,) = run_rule(case / "repo", "feat-train-serve-shared").findings
    for column in ("tenure_years", "charges_per_month", "support_calls_rate", "is_senior", "has_family"):
        assert f"`{column}`" in finding.message, finding.message
    assert "churned" not in finding.message  # the label is no feature
    assert "`total_charges`" not in finding.message  # a raw column cleaned in place is still that input
    assert "src/churn/train.py derives" in finding.message and "(line 16)" in finding.message


def _script(default: str, cls: str) -> str:
    return (
        "import argparse\n\n"
        f"from transformers import {cls}\n\n"
        "parser = argparse.ArgumentParser()\n"
        f'parser.add_argument("--model_name", default="{default}")\n'
        "args = parser.parse_args()\n"
        f"model = {cls}.from_pretrained(args.model_name)\n"
    )


def test_each_script_names_its_own_default_model(tmp_path: Path) -> None:
    root = write_tree(tmp_path, {
        "scripts/train_text.py": _script("google-bert/bert-base-uncased", "AutoModelForSequenceClassification"),
        "scripts/train_vision.py": _script("google/vit-base-patch16-224", "AutoModelForImageClassification"),
    })
    found = {f.path: f for f in run_rule(root, "data-hf-revision").findings}
    assert set(found) == {"scripts/train_text.py", "scripts/train_vision.py"}
    assert found["scripts/train_text.py"].message.startswith(
        'AutoModelForSequenceClassification.from_pretrained("google-bert/bert-base-uncased")')
    assert found["scripts/train_vision.py"].message.startswith(
        'AutoModelForImageClassification.from_pretrained("google/vit-base-patch16-224")')
    assert "google/vit-base-patch16-224/commits/main" in found["scripts/train_vision.py"].remediation
