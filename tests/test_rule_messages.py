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
    assert finding.level.value == "fail" and finding.confidence.value == "high"


def test_a_single_configured_dataset_is_named_with_its_url(tmp_path: Path) -> None:
    files = {k: v for k, v in RECIPES.items() if not k.startswith("recipes/") or "news" in k}
    files["src/finetune/args.py"] = files["src/finetune/args.py"].replace(' = "imdb"', "")
    root = write_tree(tmp_path, files)
    (finding,) = run_rule(root, "data-hf-revision").findings
    assert finding.message.startswith('load_dataset("fancyzhx/ag_news") downloads'), finding.message
    assert "https://huggingface.co/datasets/fancyzhx/ag_news/commits/main" in finding.remediation
