"""What the gate blames and how sure it is: repository-level findings keep their identity whatever
unrelated files a change adds, edits, removes or renames; findings that move with a renamed file keep
theirs; and only findings at or above the confidence floor fail the gate."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from mlgate.cli import main
from tests.conftest import git, git_repo, write_tree

# No tests, no CI, no Dependabot, no CODEOWNERS, no hyperparameter search: repository-level findings,
# shown at whichever file comes first (an anchor that unrelated files can move).
NO_TESTS = {
    "README.md": "# churn\n\nPredicts churn.\n",
    "requirements.txt": "pandas==2.2.2\nscikit-learn==1.5.0\n",
    "src/churn/train.py": """\
        import pandas as pd
        from sklearn.linear_model import LogisticRegression


        def main() -> None:
            df = pd.read_parquet("data/train.parquet")
            LogisticRegression(max_iter=200, random_state=0).fit(df.drop(columns=["y"]), df["y"])


        if __name__ == "__main__":
            main()
        """,
}


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def commit(root: Path, message: str) -> None:
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", message)


def only_unchanged(capsys: pytest.CaptureFixture[str], root: Path, rule: str) -> dict[str, object]:
    """`check --base HEAD~1 --select RULE`: nothing new, nothing fixed, the exit code 0, and the one finding
    that stays (unchanged) returned."""
    code, out, _ = run(capsys, "check", str(root), "--base", "HEAD~1", "--select", rule, "--format", "json")
    comparison = json.loads(out)["comparison"]
    assert comparison["new"] == [] and comparison["fixed"] == [], comparison
    (kept,) = comparison["unchanged"]
    assert code == 0, out
    return dict(kept)


def test_the_fixture_has_repository_level_findings(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    root = git_repo(tmp_path / "r", NO_TESTS)
    code, out, _ = run(capsys, "check", str(root), "--format", "json")
    assert code == 1
    findings = {f["rule"]: f for r in json.loads(out)["rules"] for f in r["findings"]}
    for rule in ("mon-dependency-watch", "spec-codeowners"):
        assert findings[rule]["scope"] == "repository" and findings[rule]["confidence"] == "high", rule


@pytest.mark.parametrize("change", ["add", "edit", "remove", "rename"])
def test_unrelated_change_adds_no_finding(tmp_path: Path, capsys: pytest.CaptureFixture[str], change: str) -> None:
    files = {**NO_TESTS, "AUTHORS.md": "Ada\n"}  # sorts first: the anchor of the repository-level findings
    root = git_repo(tmp_path / "r", files)
    if change == "add":
        write_tree(root, {".editorconfig": "root = true\n"})  # a new first file
    elif change == "edit":
        write_tree(root, {"AUTHORS.md": "Ada\nGrace\n", "README.md": "# churn\n\nPredicts churn weekly.\n"})
    elif change == "remove":
        git(root, "rm", "-q", "AUTHORS.md")
    else:
        git(root, "mv", "AUTHORS.md", "CONTRIBUTORS.md")  # no longer the first file
    commit(root, change)
    code, out, _ = run(capsys, "check", str(root), "--base", "HEAD~1")
    assert "New findings against HEAD~1: 0\n" in out
    assert "Fixed:" not in out
    assert code == 0, out
    assert out.rstrip().endswith("Gate PASSED")


def test_uncommitted_rename_of_the_code_keeps_its_findings(tmp_path: Path,
                                                           capsys: pytest.CaptureFixture[str]) -> None:
    root = git_repo(tmp_path / "r", NO_TESTS)
    code, before, _ = run(capsys, "check", str(root), "--format", "json")
    assert "src/churn/train.py" in {f["path"] for r in json.loads(before)["rules"] for f in r["findings"]}
    git(root, "mv", "src/churn/train.py", "src/churn/training.py")  # staged, not committed
    code, out, _ = run(capsys, "check", str(root), "--base", "HEAD", "--format", "json")
    comparison = json.loads(out)["comparison"]
    assert comparison["new"] == [] and comparison["fixed"] == []
    assert "src/churn/training.py" in {f["path"] for f in comparison["unchanged"]}
    assert code == 0


def test_a_new_problem_in_the_change_is_still_new(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    root = git_repo(tmp_path / "r", NO_TESTS)
    write_tree(root, {"requirements.txt": "pandas==2.2.2\nscikit-learn==1.5.0\nnumpy>=1.26\n"})
    commit(root, "a loose requirement")
    code, out, _ = run(capsys, "check", str(root), "--base", "HEAD~1")
    assert code == 1
    assert "New findings against HEAD~1: 1" in out and "requirements.txt:3  repro-deps-pinned" in out


# A dataset id read from configuration: the finding names the configured ids ("... and 2 more"), which change
# with every recipe added anywhere; its identity is the call, so a new recipe adds and fixes nothing
RECIPES = {
    "src/finetune/args.py": """\
        from dataclasses import dataclass


        @dataclass
        class DataArguments:
            dataset_name: str = "imdb"
        """,
    "src/finetune/data.py": """\
        from datasets import load_dataset

        from finetune.args import DataArguments


        def get_dataset(args: DataArguments):
            return load_dataset(args.dataset_name, split="train")
        """,
    "recipes/sentiment/config.yaml": "dataset_name: stanfordnlp/sst2\n",
    "recipes/reviews/config.yaml": "dataset_name: fancyzhx/amazon_polarity\n",
    "recipes/news/config.yaml": "dataset_name: fancyzhx/ag_news\n",
}


def test_a_new_recipe_does_not_renew_a_configured_download(tmp_path: Path,
                                                           capsys: pytest.CaptureFixture[str]) -> None:
    root = git_repo(tmp_path / "r", RECIPES)
    write_tree(root, {"recipes/forum/config.yaml": "dataset_name: SetFit/reddit\n"})
    commit(root, "a recipe")
    code, out, _ = run(capsys, "check", str(root), "--base", "HEAD~1", "--format", "json")
    comparison = json.loads(out)["comparison"]
    assert comparison["new"] == [] and comparison["fixed"] == [], comparison
    (kept,) = [f for f in comparison["unchanged"] if f["rule"] == "data-hf-revision"]
    assert (kept["path"], kept["line"]) == ("src/finetune/data.py", 7)
    assert "and 3 more" in kept["message"], kept["message"]  # the message is today's, the identity the call's
    assert code == 0, out  # nothing new: the gate passes


# A recipe that links the shared training script and requirements (k2-fsa/icefall: 171 of its 349 training
# scripts are symbolic links to another recipe's): the same code, reported and fixed once, at the target
RECIPE = {
    "recipes/librispeech/requirements.txt": "torch>=2.0\nnumpy==1.26.4\n",
    "recipes/librispeech/train.py": """\
        import torch


        def main() -> None:
            model = torch.nn.Linear(80, 500)
            optimizer = torch.optim.Adam(model.parameters())
            for _ in range(10):
                loss = model(torch.randn(8, 80)).sum()
                loss.backward()
                optimizer.step()


        if __name__ == "__main__":
            main()
        """,
}


def _link_recipe(root: Path, name: str) -> None:
    (root / "recipes" / name).mkdir(parents=True)
    for file in ("train.py", "requirements.txt"):
        (root / "recipes" / name / file).symlink_to(f"../librispeech/{file}")


def test_a_linked_copy_is_reported_at_its_target_only(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    root = git_repo(tmp_path / "r", RECIPE)
    _link_recipe(root, "aishell")
    commit(root, "aishell links the librispeech recipe")
    code, out, _ = run(capsys, "check", str(root), "--select", "repro-deps-pinned,repro-seeds", "--format", "json")
    report = json.loads(out)
    where = {(r["id"], f["path"], f["line"]) for r in report["rules"] for f in r["findings"]}
    assert where == {("repro-deps-pinned", "recipes/librispeech/requirements.txt", 1),
                     ("repro-seeds", "recipes/librispeech/train.py", 1)}, where
    summaries = {r["id"]: r["summary"] for r in report["rules"]}
    assert summaries["repro-deps-pinned"].startswith("1 finding (1 failing) over 2 dependency declarations")
    assert code == 1  # the loose torch still fails the gate, once


def test_a_new_recipe_linking_the_shared_one_adds_no_finding(tmp_path: Path,
                                                            capsys: pytest.CaptureFixture[str]) -> None:
    root = git_repo(tmp_path / "r", RECIPE)
    _link_recipe(root, "aishell")
    commit(root, "aishell links the librispeech recipe")
    code, out, _ = run(capsys, "check", str(root), "--base", "HEAD~1")
    assert "New findings against HEAD~1: 0\n" in out and "Fixed:" not in out
    assert code == 0, out


# A change that renames a project's folder (Azure/mlops-project-template moved classical/python-sdk/ to
# python-sdk-v1/): findings about the folder name it in their identity ("no lineage churn/data"), and a
# finding elsewhere can name a renamed file; both keep their identity, as a finding in a renamed file does
def _customers() -> str:
    rows = "".join(f"{i},{i % 72 + 1},{(i * 37) % 10000 / 100:.2f},{i % 2}\n" for i in range(70000))
    return "id,tenure,charges,churned\n" + rows


def test_renaming_a_folder_keeps_the_identity_of_findings_about_it(tmp_path: Path,
                                                                    capsys: pytest.CaptureFixture[str]) -> None:
    files = {**NO_TESTS, "src/churn/data/customers.csv": _customers()}
    root = git_repo(tmp_path / "r", files)
    git(root, "mv", "src/churn", "src/churn_v1")
    commit(root, "the churn project becomes churn_v1")
    code, out, _ = run(capsys, "check", str(root), "--base", "HEAD~1", "--format", "json")
    comparison = json.loads(out)["comparison"]
    assert comparison["new"] == [] and comparison["fixed"] == [], comparison
    about_folder = {f["rule"]: f["message"] for f in comparison["unchanged"] if "data/customers.csv" in f["path"]}
    assert "src/churn_v1/data" in about_folder["data-lfs"], about_folder  # the finding names the new folder
    assert "prov-dataset-lineage" in about_folder, about_folder
    assert code == 0, out


def test_moving_a_top_level_folder_named_like_a_word_of_a_key_renews_nothing(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    # spec-hparam-search's key is "no search": the folder search/ moving to sweeps/ must not make it "no sweeps"
    root = git_repo(tmp_path / "r", {**NO_TESTS, "search/README.md": "# Planned sweeps\n"})
    git(root, "mv", "search", "sweeps")
    commit(root, "search/ becomes sweeps/")
    code, out, _ = run(capsys, "check", str(root), "--base", "HEAD~1", "--format", "json")
    comparison = json.loads(out)["comparison"]
    assert comparison["new"] == [] and comparison["fixed"] == [], comparison
    assert "spec-hparam-search" in {f["rule"] for f in comparison["unchanged"]}
    assert code == 0, out


# Six scripts that publish datasets and no datasheet anywhere (huggingface/autotrain-advanced: a pull request
# removing one preprocessor was told of three untouched publishers as new): one absence, the repository's
PUBLISHERS = {
    "README.md": "# corpora\n\nBuilds our evaluation corpora.\n",
    **{f"corpora/{name}.py": f"""\
        from datasets import load_dataset


        def main() -> None:
            ds = load_dataset("json", data_files="raw/{name}.jsonl", split="train")
            ds.push_to_hub("acme/{name}")


        if __name__ == "__main__":
            main()
        """ for name in ("forums", "manuals", "news", "reviews", "tickets", "wiki")},
}


def test_removing_a_dataset_publisher_surfaces_no_other_as_new(tmp_path: Path,
                                                               capsys: pytest.CaptureFixture[str]) -> None:
    root = git_repo(tmp_path / "r", PUBLISHERS)
    git(root, "rm", "-q", "corpora/forums.py")
    commit(root, "forums are no longer published")
    kept = only_unchanged(capsys, root, "prov-datasheet")
    assert kept["path"] == "corpora/manuals.py" and "and 4 more" in str(kept["message"]), kept


# Four fine-tuning scripts push their models to the Hub and the repository has no model card: one absence, the
# repository's. Shown one finding per push cut to the first three, a pull request adding a script that sorts first
# pushed the last one out: one push "new" and one "fixed", neither touched by the change.
PUSHERS = {
    "README.md": "# adapters\n\nFine-tunes our support models.\n",
    **{f"finetune/{name}.py": f"""\
        from transformers import AutoModelForSequenceClassification


        def main() -> None:
            model = AutoModelForSequenceClassification.from_pretrained("acme/base", revision="4f2a9c1")
            model.push_to_hub("acme/{name}")


        if __name__ == "__main__":
            main()
        """ for name in ("billing", "returns", "shipping", "warranty")},
}


def test_adding_a_model_push_renews_no_other_push(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    root = git_repo(tmp_path / "r", PUSHERS)
    (root / "finetune" / "accounts.py").write_text(
        (root / "finetune" / "billing.py").read_text().replace("billing", "accounts"))
    git(root, "add", "-A")
    commit(root, "accounts get their own model")
    kept = only_unchanged(capsys, root, "prov-model-card")
    assert kept["path"] == "finetune/accounts.py" and kept["line"] == 6, kept
    assert "and 4 more: finetune/billing.py:6" in str(kept["message"]), kept
    assert kept["level"] == "fail" and kept["confidence"] == "high", kept


# A CODEOWNERS file that owns only the workflows (optuna/optuna-examples #361): "no CODEOWNERS" becomes one
# "has no code owner" per model folder, the same unowned files; it is neither new nor fixed. Removing a
# CODEOWNERS file that owned a model folder is still new.
TWO_MODELS = {**NO_TESTS, "src/forecast/train.py": NO_TESTS["src/churn/train.py"]}


def _codeowners_comparison(capsys: pytest.CaptureFixture[str], root: Path) -> dict[str, list[dict[str, str]]]:
    _, out, _ = run(capsys, "check", str(root), "--base", "HEAD~1", "--select", "spec-codeowners",
                       "--format", "json")
    comparison: dict[str, list[dict[str, str]]] = json.loads(out)["comparison"]
    return comparison


def test_a_codeowners_file_for_the_workflows_renews_no_unowned_folder(tmp_path: Path,
                                                                      capsys: pytest.CaptureFixture[str]) -> None:
    root = git_repo(tmp_path / "r", TWO_MODELS)
    write_tree(root, {".github/CODEOWNERS": "/.github/ @acme/infra\n"})
    commit(root, "the infra team reviews workflow changes")
    comparison = _codeowners_comparison(capsys, root)
    assert comparison["new"] == [] and comparison["fixed"] == [], comparison
    assert sorted(f["message"].split(" (")[0] for f in comparison["unchanged"]) == [
        "1 model-spec file in src/churn/", "1 model-spec file in src/forecast/"]


def test_removing_a_codeowners_file_that_owned_a_model_folder_is_new(tmp_path: Path,
                                                                     capsys: pytest.CaptureFixture[str]) -> None:
    root = git_repo(tmp_path / "r", {**TWO_MODELS, ".github/CODEOWNERS": "/src/churn/ @acme/ml\n"})
    git(root, "rm", "-q", ".github/CODEOWNERS")
    commit(root, "no more code owners")
    comparison = _codeowners_comparison(capsys, root)
    assert [f["message"][:18] for f in comparison["new"]] == ["no CODEOWNERS file"], comparison
    assert comparison["fixed"] == [], comparison  # src/forecast/ is as unowned as before


# asteroid-team/asteroid: a recipe links another's model (egs/kinect-wsj/DeepClustering/model.py ->
# ../../wsj0-mix/DeepClustering/model.py). The link is the same file, not a copy: the target's finding must not
# call the target "a word-for-word copy of the one in <the link>, reported there", when the link's is dropped
SEPARATION = {
    "egs/wsj0-mix/DeepClustering/model.py": """\
        import torch
        from torch import nn


        class Chimera(nn.Module):
            def __init__(self, n_src: int = 2) -> None:
                super().__init__()
                self.rnn = nn.LSTM(129, 300, num_layers=2, batch_first=True)
                self.mask = nn.Linear(300, 129 * n_src)

            def forward(self, x: torch.Tensor) -> torch.Tensor:
                out, _ = self.rnn(x)
                return torch.sigmoid(self.mask(out))
        """,
}


def test_a_linked_model_is_no_copy_of_its_target(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    root = git_repo(tmp_path / "r", SEPARATION)
    (root / "egs" / "kinect-wsj" / "DeepClustering").mkdir(parents=True)
    (root / "egs" / "kinect-wsj" / "DeepClustering" / "model.py").symlink_to("../../wsj0-mix/DeepClustering/model.py")
    commit(root, "kinect-wsj links the wsj0-mix model")
    _, out, _ = run(capsys, "check", str(root), "--select", "spec-unit-tested", "--format", "json")
    report = json.loads(out)
    found = [(f["path"], f["line"], f["confidence"], f["message"]) for r in report["rules"] for f in r["findings"]]
    assert found == [("egs/wsj0-mix/DeepClustering/model.py", 5, "high",
                      "no test imports Chimera (egs/wsj0-mix/DeepClustering/model.py)")], found


# --------------------------------------------------------------------------------------- confidence
# One finding of each kind: an unseeded training script (medium: a seed set by a helper is missed)
UNSEEDED = {
    "src/churn/train.py": """\
        import pandas as pd
        from sklearn.ensemble import RandomForestClassifier


        def main() -> None:
            df = pd.read_parquet("data/train.parquet")
            RandomForestClassifier(n_estimators=100).fit(df.drop(columns=["y"]), df["y"])


        if __name__ == "__main__":
            main()
        """,
}


def test_medium_confidence_findings_are_listed_marked_and_do_not_fail_the_gate(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    root = git_repo(tmp_path / "r", UNSEEDED)
    code, out, _ = run(capsys, "check", str(root), "--select", "repro-seeds")
    assert code == 0
    assert ("src/churn/train.py:7  src/churn/train.py trains with sklearn but seeds no random number generator, "
            "so two runs give different models  [medium confidence: does not fail the gate]") in out
    assert out.rstrip().endswith("Gate PASSED")
    code, out, _ = run(capsys, "check", str(root), "--select", "repro-seeds", "--format", "json")
    report = json.loads(out)
    (finding,) = [f for r in report["rules"] for f in r["findings"]]
    assert (finding["severity"], finding["confidence"]) == ("error", "medium")
    assert report["gate"] == {"passed": True, "reasons": [], "confidence_floor": "high"}
    code, out, _ = run(capsys, "check", str(root), "--select", "repro-seeds", "--format", "markdown")
    assert "seeds no random number generator, so two runs give different models _(medium confidence: does not " \
           "fail the gate)_" in out
    code, out, _ = run(capsys, "check", str(root), "--select", "repro-seeds", "--format", "sarif")
    (result,) = json.loads(out)["runs"][0]["results"]
    assert result["properties"]["confidence"] == "medium" and result["rank"] == 60.0
    rule = next(r for r in json.loads(out)["runs"][0]["tool"]["driver"]["rules"] if r["id"] == "repro-seeds")
    assert rule["properties"]["precision"] == "medium"


def test_the_confidence_floor_from_the_flag_and_from_the_config(tmp_path: Path,
                                                                capsys: pytest.CaptureFixture[str]) -> None:
    root = git_repo(tmp_path / "r", UNSEEDED)
    code, out, _ = run(capsys, "check", str(root), "--select", "repro-seeds", "--fail-confidence", "medium")
    assert code == 1 and out.rstrip().endswith("Gate FAILED: 1 error finding")
    assert "does not fail the gate" not in out
    write_tree(root, {".mlgate.yaml": "fail-confidence: medium\n"})
    code, out, _ = run(capsys, "check", str(root), "--select", "repro-seeds", "-q")
    assert code == 1 and out == "mlgate: ML Test Score 0; gate failed: 1 error finding\n"
    code, _, _ = run(capsys, "check", str(root), "--select", "repro-seeds", "-q", "--fail-confidence", "high")
    assert code == 0  # the flag wins over the file


def test_a_wrong_confidence_floor_gets_the_same_message_from_the_flag_and_the_config(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    root = git_repo(tmp_path / "r", UNSEEDED)
    code, _, err = run(capsys, "check", str(root), "--fail-confidence", "hgh")
    assert code == 2
    assert err.splitlines()[-1] == ("mlgate: error: argument --fail-confidence: 'hgh' is not valid for "
                                    "fail-confidence; did you mean high?")
    write_tree(root, {".mlgate.yaml": "fail-on: error\nfail-confidence: hgh\n"})
    code, _, err = run(capsys, "check", str(root))
    assert code == 2
    assert err == "mlgate: error: .mlgate.yaml:2: 'hgh' is not valid for fail-confidence; did you mean high?\n"
    code, _, err = run(capsys, "check", str(root), "--fail-confidence", "certain")
    assert err.splitlines()[-1].endswith("'certain' is not valid for fail-confidence; use one of high, medium, low")


def test_an_unresolved_hub_id_is_low_confidence(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    root = git_repo(tmp_path / "r", {
        "requirements.txt": "transformers==4.44.0\n",
        "src/embed.py": """\
            import sys

            from transformers import AutoModel


            def load(name: str) -> AutoModel:
                return AutoModel.from_pretrained(name)


            model = load(sys.argv[1])
            bert = AutoModel.from_pretrained("bert-base-uncased")
            """,
    })
    code, out, _ = run(capsys, "check", str(root), "--select", "data-hf-revision", "--format", "json")
    got = {(f["line"], f["level"], f["confidence"]) for r in json.loads(out)["rules"] for f in r["findings"]}
    assert got == {(7, "partial", "low"), (11, "fail", "high")}
    assert code == 1  # the literal id fails the gate; the unresolved one alone would not


def test_self_attribute_is_read_from_its_own_class_not_a_field_of_the_same_name_elsewhere(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """`self.model` in a feature class is that class's default ("bert-base-uncased"), not the `model` field
    of an LLM-judge settings class in another module (which named "gpt-4o-mini" in the message)."""
    root = git_repo(tmp_path / "r", {
        "requirements.txt": "transformers==4.44.0\npydantic==2.8.2\n",
        "src/scorer/descriptors/judges.py": """\
            from pydantic import BaseModel


            class JudgeSettings(BaseModel):
                provider: str = "openai"
                model: str = "gpt-4o-mini"
            """,
        "src/scorer/features/bertscore.py": """\
            from pydantic import BaseModel
            from transformers import BertModel


            class BertScore(BaseModel):
                model: str = "bert-base-uncased"

                def embed(self, texts):
                    encoder = BertModel.from_pretrained(self.model)
                    return encoder(texts)


            class Reranker:
                def __init__(self, name: str) -> None:
                    self.name = name

                def load(self):
                    return BertModel.from_pretrained(self.name)
            """,
    })
    code, out, _ = run(capsys, "check", str(root), "--select", "data-hf-revision", "--format", "json")
    found = {f["line"]: (f["message"], f["confidence"]) for r in json.loads(out)["rules"] for f in r["findings"]}
    assert 'BertModel.from_pretrained("bert-base-uncased")' in found[9][0] and found[9][1] == "high"
    assert "gpt-4o-mini" not in out
    # set from a constructor parameter: no static value, so not a confident finding
    assert found[18][1] == "low"
    assert code == 1  # the class's literal default fails the gate


def test_a_self_attribute_set_from_a_constructor_parameter_is_what_the_caller_passes(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """`self.random_state = random_state` (default None) is the caller's value: `MyLinearSVC(random_state=42)`
    is seeded, and no finding may say the seed is None (a chapter notebook of a textbook was flagged)."""
    cells = [
        "import numpy as np\nfrom sklearn.base import BaseEstimator\n"
        "from sklearn.model_selection import train_test_split",
        "class MyLinearSVC(BaseEstimator):\n"
        "    def __init__(self, C=1, n_epochs=1000, random_state=None):\n"
        "        self.C = C\n"
        "        self.n_epochs = n_epochs\n"
        "        self.random_state = random_state\n\n"
        "    def fit(self, X, y):\n"
        "        if self.random_state:\n"
        "            np.random.seed(self.random_state)\n"
        "        self.w_ = np.random.randn(X.shape[1])\n"
        "        return self",
        "X, y = np.load('data/x.npy'), np.load('data/y.npy')\n"
        "X_train, X_test, y_train, y_test = train_test_split(X, y, random_state=42)\n"
        "svm = MyLinearSVC(C=2, random_state=42)\n"
        "svm.fit(X_train, y_train)",
    ]
    notebook = {"cells": [{"cell_type": "code", "execution_count": None, "metadata": {}, "outputs": [],
                           "source": c} for c in cells],
                "metadata": {}, "nbformat": 4, "nbformat_minor": 5}
    root = git_repo(tmp_path / "r", {"requirements.txt": "numpy==1.26.4\nscikit-learn==1.5.0\n",
                                     "svm.ipynb": json.dumps(notebook)})
    code, out, _ = run(capsys, "check", str(root), "--select", "repro-seeds", "--format", "json")
    (rule,) = json.loads(out)["rules"]
    assert rule["status"] == "pass" and rule["findings"] == [], rule
    assert code == 0


def test_a_librarys_examples_list_unpinned_hub_downloads_without_failing_the_gate(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A published library's examples show users how to call it (whoever copies one pins the revision they
    train with): listed at medium confidence. A benchmark the library runs itself still fails the gate."""
    root = git_repo(tmp_path / "r", {
        "pyproject.toml": '[project]\nname = "tinytune"\ndependencies = ["transformers>=4.40"]\n',
        "src/tinytune/__init__.py": "",
        "src/tinytune/adapters.py": "def wrap(model):\n    return model\n",
        ".github/workflows/release.yml": "on: {release: {types: [published]}}\njobs:\n  pypi:\n"
                                         "    runs-on: ubuntu-latest\n    steps:\n"
                                         "      - uses: pypa/gh-action-pypi-publish@release/v1\n",
        "examples/finetune.py": """\
            from transformers import AutoModelForSequenceClassification

            from tinytune.adapters import wrap

            model = wrap(AutoModelForSequenceClassification.from_pretrained("bert-base-uncased"))
            """,
    })
    code, out, _ = run(capsys, "check", str(root), "--select", "data-hf-revision", "--format", "json")
    found = [(f["path"], f["confidence"]) for r in json.loads(out)["rules"] for f in r["findings"]]
    assert found == [("examples/finetune.py", "medium")]
    assert code == 0
    write_tree(root, {"benchmarks/run.py": """\
        from datasets import load_dataset

        rows = load_dataset("gsm8k", "main", split="test")
        """})
    git(root, "add", "benchmarks/run.py")
    code, out, _ = run(capsys, "check", str(root), "--select", "data-hf-revision", "--format", "json")
    found = [(f["path"], f["confidence"]) for r in json.loads(out)["rules"] for f in r["findings"]]
    assert sorted(found) == [("benchmarks/run.py", "high"), ("examples/finetune.py", "medium")]
    assert code == 1
    # a maintenance script converting a checkpoint once, and an API parameter's default that callers
    # replace: medium; an id the package hard-codes for itself: high
    git(root, "rm", "-q", "-f", "benchmarks/run.py")
    write_tree(root, {
        "scripts/convert_checkpoint.py": """\
            from transformers import AutoModel

            AutoModel.from_pretrained("acme/original-checkpoint").save_pretrained("converted")
            """,
        "src/tinytune/encoders.py": """\
            from transformers import AutoModel


            def load_encoder(name_or_path: str = "image_encoder"):
                return AutoModel.from_pretrained(name_or_path)


            def load_safety_checker():
                return AutoModel.from_pretrained("acme/safety-checker")
            """,
    })
    git(root, "add", "-A")
    code, out, _ = run(capsys, "check", str(root), "--select", "data-hf-revision", "--format", "json")
    found = [(f["path"], f["line"], f["confidence"]) for r in json.loads(out)["rules"] for f in r["findings"]]
    assert sorted(found) == [("examples/finetune.py", 5, "medium"), ("scripts/convert_checkpoint.py", 3, "medium"),
                             ("src/tinytune/encoders.py", 5, "medium"), ("src/tinytune/encoders.py", 9, "high")]
    assert code == 1


# h2oai/h2ogpt #1936 removes a Snyk workflow (`snyk test --file=requirements.txt`), a dependency scanner
# that runs no test. Read as a test run mlgate could not follow, it hid that no CI job runs the tests, so
# removing it made "no CI job runs them" new. A scanner's `test` subcommand runs no test, on either side.
SCANNED = {
    **NO_TESTS,
    "tests/test_features.py": "from churn.train import main\n\n\ndef test_main() -> None:\n    assert main\n",
    ".github/workflows/lint.yml": """\
        on: [pull_request]
        jobs:
          lint:
            runs-on: ubuntu-latest
            steps:
              - uses: actions/checkout@v4
              - run: ruff check .
        """,
    ".github/workflows/snyk.yml": """\
        on: [pull_request]
        jobs:
          scan:
            runs-on: ubuntu-latest
            steps:
              - uses: actions/checkout@v4
              - run: snyk test --file=requirements.txt --package-manager=pip --severity-threshold=high
        """,
}


def test_removing_a_dependency_scan_renews_no_missing_test_job(tmp_path: Path,
                                                                capsys: pytest.CaptureFixture[str]) -> None:
    root = git_repo(tmp_path / "r", SCANNED)
    git(root, "rm", "-q", ".github/workflows/snyk.yml")
    commit(root, "drop the Snyk scan")
    kept = only_unchanged(capsys, root, "feat-tests-in-ci")
    assert kept["message"] == "1 test file exists but no CI job runs them", kept


# rocklambros/mlops-toxic-moderation #9 commits the data modules a .gitignore pattern had swallowed; a test
# of them, unchanged, became "applies per-slice thresholds" because dedup.py collapses duplicate rows with
# `groupby(...).agg(agg)`, `agg` a dict of pandas' named reductions: a reduction of the data, not a metric
# per group, whether the dict is written in the call or named before it.
DEDUP_TEST = {
    **NO_TESTS,
    "tests/test_dedup.py": """\
        import pandas as pd

        from churn.dedup import collapse_exact, jaccard


        def test_near_duplicates_are_above_the_threshold() -> None:
            assert jaccard({"a", "b", "c"}, {"a", "b", "d"}) >= 0.5


        def test_exact_duplicates_collapse() -> None:
            df = pd.DataFrame({"id": [2, 1], "text": ["x", "x"], "toxic": [0, 1]})
            assert len(collapse_exact(df)) == 1
        """,
}
DEDUP = {
    "src/churn/dedup.py": """\
        import pandas as pd

        LABELS = ["toxic", "insult"]


        def jaccard(a: set[str], b: set[str]) -> float:
            return len(a & b) / len(a | b)


        def collapse_exact(df: pd.DataFrame) -> pd.DataFrame:
            agg = {"id": "first", "text": "first"}
            agg.update({label: "max" for label in LABELS if label in df})
            return df.sort_values("id").groupby("text", as_index=False).agg(agg)
        """,
}


def test_committing_a_dedup_module_makes_its_test_no_slice_evaluation(tmp_path: Path,
                                                                        capsys: pytest.CaptureFixture[str]) -> None:
    root = git_repo(tmp_path / "r", DEDUP_TEST)
    write_tree(root, DEDUP)
    commit(root, "commit the data modules .gitignore swallowed")
    _, out, _ = run(capsys, "check", str(root), "--base", "HEAD~1", "--select", "spec-slice-eval",
                    "--format", "json")
    report = json.loads(out)
    assert report["comparison"]["new"] == [] and report["comparison"]["fixed"] == [], report["comparison"]
    (rule,) = report["rules"]
    assert rule["status"] == "not_applicable", rule


# datarootsio/ml-skeleton-py #7 moves the call of `train` out of tests/test_train.py into a fixture of
# tests/conftest.py, which pytest loads for every test below it: the test still trains the model, through
# the fixture. "no test imports ml_skeleton/train.py" was new, and failed the gate.
TRAINED_BY_FIXTURE = {
    "requirements.txt": "pandas==2.2.2\nscikit-learn==1.5.0\npytest==8.3.3\n",
    ".github/workflows/tests.yml": """\
        on: [push, pull_request]
        jobs:
          test:
            runs-on: ubuntu-latest
            steps:
              - uses: actions/checkout@v4
              - run: pip install -r requirements.txt && pytest tests
        """,
    "skeleton/__init__.py": "",
    "skeleton/train.py": """\
        import pickle

        import pandas as pd
        from sklearn.linear_model import LogisticRegression


        def train(csv: str, out: str) -> None:
            df = pd.read_csv(csv)
            model = LogisticRegression(max_iter=500, random_state=0).fit(df.drop(columns=["y"]), df["y"])
            with open(out, "wb") as fh:
                pickle.dump(model, fh)
        """,
    "tests/test_train.py": """\
        import pickle

        from skeleton.train import train


        def test_train_writes_a_classifier(tmp_path) -> None:
            train("tests/data/sample.csv", str(tmp_path / "m.p"))
            assert hasattr(pickle.load(open(tmp_path / "m.p", "rb")), "predict_proba")
        """,
}


def test_moving_the_training_call_into_a_conftest_fixture_keeps_the_model_tested(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    root = git_repo(tmp_path / "r", TRAINED_BY_FIXTURE)
    write_tree(root, {
        "tests/conftest.py": """\
            import pytest

            from skeleton.train import train


            @pytest.fixture(scope="module")
            def trained(tmp_path_factory) -> str:
                out = str(tmp_path_factory.mktemp("m") / "m.p")
                train("tests/data/sample.csv", out)
                return out
            """,
        "tests/test_train.py": """\
            import pickle


            def test_train_writes_a_classifier(trained: str) -> None:
                assert hasattr(pickle.load(open(trained, "rb")), "predict_proba")
            """,
    })
    commit(root, "train once, in a fixture")
    code, out, _ = run(capsys, "check", str(root), "--base", "HEAD~1", "--select", "spec-unit-tested",
                       "--format", "json")
    report = json.loads(out)
    assert report["comparison"]["new"] == [], report["comparison"]
    assert report["rules"][0]["status"] == "pass", report["rules"][0]
    assert code == 0


# MLOpsGroup9/FrontShiftAI #108 moves its Cloud Run deploy (`docker push`) from `on: push` to
# `on: workflow_run` after the CI workflow: the image is still pushed on every push to main, after the tests,
# and no evaluation gate came with the change. mlgate called the ungated push fixed.
RELEASED = {
    "src/train.py": """\
        import joblib
        from sklearn.datasets import fetch_california_housing
        from sklearn.ensemble import RandomForestRegressor

        X, y = fetch_california_housing(return_X_y=True)
        joblib.dump(RandomForestRegressor(n_estimators=50, random_state=0).fit(X, y), "model.joblib")
        """,
    "Dockerfile": """\
        FROM python:3.12-slim
        WORKDIR /app
        COPY src ./src
        RUN pip install scikit-learn==1.5.0 joblib==1.4.2 bentoml==1.3.0 && python src/train.py
        CMD ["bentoml", "serve", "src/service.py:HousePrices", "--port", "3000"]
        """,
    ".github/workflows/ci.yml": """\
        name: CI
        on: [push, pull_request]
        jobs:
          lint:
            runs-on: ubuntu-latest
            steps:
              - uses: actions/checkout@v4
              - run: ruff check .
        """,
    ".github/workflows/release.yml": """\
        name: release
        on:
          push:
            branches: [main]
        jobs:
          image:
            runs-on: ubuntu-latest
            steps:
              - uses: actions/checkout@v4
              - run: docker build -t ghcr.io/acme/house-prices:latest .
              - run: docker push ghcr.io/acme/house-prices:latest
        """,
}


PUSHED_BY_ACTION = """\
    name: release
    on:
      push:
        branches: [main]
    jobs:
      image:
        runs-on: ubuntu-latest
        steps:
          - uses: actions/checkout@v4
          - uses: docker/build-push-action@v6
            with:
              push: true
              tags: ghcr.io/acme/house-prices:latest
    """


@pytest.mark.parametrize("release", [RELEASED[".github/workflows/release.yml"], PUSHED_BY_ACTION],
                         ids=["docker-push", "build-push-action"])
def test_deploying_after_the_ci_workflow_fixes_no_ungated_push(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                                              release: str) -> None:
    root = git_repo(tmp_path / "r", {**RELEASED, ".github/workflows/release.yml": release})
    release = (root / ".github/workflows/release.yml").read_text()
    (root / ".github/workflows/release.yml").write_text(release.replace(
        "on:\n  push:\n    branches: [main]\n",
        "on:\n  workflow_run:\n    workflows: [CI]\n    branches: [main]\n    types: [completed]\n"))
    commit(root, "deploy once CI has passed")
    _, out, _ = run(capsys, "check", str(root), "--base", "HEAD~1", "--select", "rollout-quality-gate",
                    "--format", "json")
    report = json.loads(out)
    assert report["comparison"]["new"] == [] and report["comparison"]["fixed"] == [], report["comparison"]
    (rule,) = report["rules"]
    assert rule["status"] == "fail" and rule["findings"][0]["path"] == ".github/workflows/release.yml", rule


# SalisMaxima/ct_scan_mlops #137 adds a data-validation script that rejects NaN tensors among the processed
# inputs; no training code runs it. mlgate called "training never checks for NaN or Inf" fixed: any finiteness
# check outside the serving code counted as training's guard.
TRAINED_ON_GPU = {
    "requirements.txt": "torch==2.4.0\n",
    "src/scan/__init__.py": "",
    "src/scan/train.py": """\
        import torch
        from torch import nn


        def main() -> None:
            torch.manual_seed(0)
            model = nn.Linear(16, 4)
            opt = torch.optim.SGD(model.parameters(), lr=0.01)
            for _ in range(10):
                x, y = torch.randn(32, 16), torch.randint(0, 4, (32,))
                loss = nn.functional.cross_entropy(model(x), y)
                opt.zero_grad()
                loss.backward()
                opt.step()
            torch.save(model.state_dict(), "model.pt")


        if __name__ == "__main__":
            main()
        """,
}


def test_a_data_check_for_nan_inputs_fixes_no_unguarded_training(tmp_path: Path,
                                                                 capsys: pytest.CaptureFixture[str]) -> None:
    root = git_repo(tmp_path / "r", TRAINED_ON_GPU)
    write_tree(root, {"src/scan/validate.py": """\
        from pathlib import Path

        import torch


        def main() -> None:
            for f in Path("data/processed").glob("*.pt"):
                if torch.isnan(torch.load(f, weights_only=True)).any():
                    raise SystemExit(f"{f} holds NaN values")


        if __name__ == "__main__":
            main()
        """})
    commit(root, "validate the processed tensors")
    _, out, _ = run(capsys, "check", str(root), "--base", "HEAD~1", "--select", "mon-numeric-guards",
                    "--format", "json")
    report = json.loads(out)
    assert report["comparison"]["new"] == [] and report["comparison"]["fixed"] == [], report["comparison"]
    (rule,) = report["rules"]
    assert rule["status"] == "fail" and rule["findings"][0]["path"] == "src/scan/train.py", rule
