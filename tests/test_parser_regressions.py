"""Regression tests for hand-written parsers that were wrong where the field's parsers are right
(issue 15): each test failed before its fix."""

from __future__ import annotations

from pathlib import Path

import pytest

from mlgate.model import Status
from tests.conftest import run_rule, write_tree

H64 = "3f" * 32


# ------------------------------------------------------------------ requirement lines (packaging)
def test_direct_url_with_hash_and_bare_wheel_url_are_pinned(tmp_path: Path) -> None:
    root = write_tree(tmp_path, {
        "requirements.txt": (
            "# pinned artifacts\n"
            f"torch @ https://download.pytorch.org/whl/cu121/torch-2.1.0%2Bcu121-cp311-cp311-linux_x86_64.whl#sha256={H64}\n"
            "https://files.pythonhosted.org/packages/ab/cd/numpy-1.26.0-cp311-cp311-manylinux_2_17_x86_64.whl"
            f"#sha256={H64}\n"
            f"scikit-learn==1.3.2 --hash=sha256:{H64}\n"
        ),
    })
    result = run_rule(root, "repro-deps-pinned")
    assert result.status is Status.PASS, [f.message for f in result.findings]
    assert not any("https" in f.message for f in result.findings)


def test_a_bare_url_is_never_named_https(tmp_path: Path) -> None:
    root = write_tree(tmp_path, {
        "requirements.txt": "https://github.com/psf/requests/archive/refs/heads/main.zip\npandas>=2\n",
    })
    result = run_rule(root, "repro-deps-pinned")
    messages = [f.message + " " + f.remediation for f in result.findings]
    assert not any("https is" in m or "https==" in m for m in messages), messages
    assert any(m.startswith("pandas is not pinned") for m in messages), messages
    by_line = {f.line: f for f in result.findings}
    assert by_line[2].message.startswith("pandas")


def test_requirement_names_are_canonical_and_markers_ignored(tmp_path: Path) -> None:
    root = write_tree(tmp_path, {
        "requirements.txt": (
            "-c constraints.txt\n"
            "Scikit_Learn\n"
            'numpy==1.26.0 ; python_version >= "3.9"\n'
            "torch==2.*\n"
        ),
        "constraints.txt": "scikit-learn==1.3.2\n",
    })
    result = run_rule(root, "repro-deps-pinned")
    loose = sorted(f.line for f in result.findings if "is not pinned" in f.message)
    assert loose == [4], [f.message for f in result.findings]  # a wildcard == is a range


def test_poetry_bare_version_is_an_exact_pin(tmp_path: Path) -> None:
    root = write_tree(tmp_path, {
        "pyproject.toml": (
            "[tool.poetry]\nname = 'trainer'\nversion = '0.1.0'\n\n"
            "[tool.poetry.dependencies]\n"
            'python = "^3.10"\n'
            'numpy = "1.26.0"\n'
            'pandas = {version = "2.1.4", extras = ["performance"]}\n'
            'torch = "==2.1.0"\n'
        ),
    })
    result = run_rule(root, "repro-deps-pinned")
    assert result.status is Status.PASS, [f.message for f in result.findings]


def test_poetry_ranges_are_still_ranges(tmp_path: Path) -> None:
    root = write_tree(tmp_path, {
        "pyproject.toml": (
            "[tool.poetry.dependencies]\n"
            'python = "^3.10"\n'
            'numpy = "^1.26"\n'
            'pandas = "2.1.*"\n'
            'torch = "1.26.0"\n'
        ),
    })
    result = run_rule(root, "repro-deps-pinned")
    assert result.status is Status.PARTIAL
    assert "(numpy, pandas)" in result.findings[0].message


# ------------------------------------------------------------------ unified diffs
def test_an_added_line_starting_with_plus_plus_is_not_a_file_header() -> None:
    from mlgate.github.diff import added_lines, parse_unified

    diff = (
        "diff --git a/src/count.c b/src/count.c\n"
        "index 1111111..2222222 100644\n"
        "--- a/src/count.c\n"
        "+++ b/src/count.c\n"
        "@@ -1,2 +1,4 @@\n"
        " int main() {\n"
        "+++ counter;\n"
        "+-- other;\n"
        "--- removed;\n"
        " }\n"
        "diff --git a/train.py b/train.py\n"
        "--- a/train.py\n"
        "+++ b/train.py\n"
        "@@ -3,0 +4 @@ import x\n"
        "+seed = 1\n"
    )
    assert parse_unified(diff) == {"src/count.c": {2, 3}, "train.py": {4}}
    patch = "@@ -1,1 +1,2 @@\n x\n+++ y\n"
    assert added_lines(patch) == {2}


def test_quoted_non_ascii_file_names_are_decoded() -> None:
    from mlgate.github.diff import parse_unified

    diff = (
        'diff --git "a/donn\\303\\251es.py" "b/donn\\303\\251es.py"\n'
        'new file mode 100644\n'
        '--- /dev/null\n'
        '+++ "b/donn\\303\\251es.py"\n'
        "@@ -0,0 +1 @@\n"
        "+import pandas\n"
        'diff --git "a/tab\\there.py" "b/tab\\there.py"\n'
        '--- "a/tab\\there.py"\n'
        '+++ "b/tab\\there.py"\n'
        "@@ -1 +1 @@\n"
        "-x = 1\n"
        "+x = 2\n"
        "diff --git a/gone.py b/gone.py\n"
        "deleted file mode 100644\n"
        "--- a/gone.py\n"
        "+++ /dev/null\n"
        "@@ -1 +0,0 @@\n"
        "-x = 1\n"
    )
    assert parse_unified(diff) == {"données.py": {1}, "tab\there.py": {1}}


# ------------------------------------------------------------------ Dockerfiles
DIGEST = "sha256:" + "ab" * 32


def _image_findings(root: Path) -> list[tuple[int | None, str]]:
    result = run_rule(root, "repro-image-digest")
    return sorted((f.line, f.message) for f in result.findings)


def test_heredoc_bodies_are_not_instructions(tmp_path: Path) -> None:
    root = write_tree(tmp_path, {"Dockerfile": (
        "# syntax=docker/dockerfile:1.7\n"
        f"FROM python:3.11-slim@{DIGEST}\n"
        "COPY <<EOF /app/train.py\n"
        "from sklearn import linear_model\n"
        "FROM = 'not an instruction'\n"
        "EOF\n"
        "RUN <<-'SETUP' bash\n"
        "\tpip install -r requirements.txt\n"
        "\tfrom ubuntu\n"
        "\tSETUP\n"
        'CMD ["python", "/app/train.py"]\n'
    )})
    assert _image_findings(root) == []
    assert run_rule(root, "repro-image-digest").status is Status.PASS


def test_escape_directive_after_syntax_directive(tmp_path: Path) -> None:
    root = write_tree(tmp_path, {"Dockerfile": (
        "# syntax=docker/dockerfile:1\n"
        "# escape=`\n"
        "FROM mcr.microsoft.com/windows/servercore:ltsc2022 AS build\n"
        "COPY src C:\\src\\\n"
        "FROM mcr.microsoft.com/windows/nanoserver\n"
        "COPY --from=build C:\\src C:\\app\n"
    )})
    lines = [line for line, _ in _image_findings(root)]
    assert lines == [3, 5]


def test_a_directive_after_a_comment_is_only_a_comment(tmp_path: Path) -> None:
    from mlgate.rules.repro import dockerfile_instructions

    text = "# a comment\n# escape=`\nFROM python:3.11 `\nRUN echo \\\n  hi\n"
    got = [(line, instr) for line, instr, _ in dockerfile_instructions(text)]
    assert got == [(3, "FROM"), (4, "RUN")]


def test_continuations_with_comments_and_blank_lines(tmp_path: Path) -> None:
    from mlgate.rules.repro import dockerfile_instructions

    text = (
        "ARG PY=3.11\n"
        "FROM \\\n"
        "  # the interpreter image\n"
        "  python:${PY}-slim \\\n"
        "\n"
        "  AS base\n"
        "FROM base\n"
    )
    got = dockerfile_instructions(text)
    assert [(line, instr) for line, instr, _ in got] == [(1, "ARG"), (2, "FROM"), (7, "FROM")]
    assert got[1][2].split() == ["python:${PY}-slim", "AS", "base"]
    root = write_tree(tmp_path, {"Dockerfile": text})
    findings = _image_findings(root)
    assert [line for line, _ in findings] == [2]
    assert "python:${PY}-slim (= python:3.11-slim)" in findings[0][1]


# ------------------------------------------------------------------ model cards (setext headings)
SETEXT_CARD = """\
churn-clf v7
============

Intended use
------------
Weekly ranking of subscription customers by churn risk for the retention team.

Training data
-------------
`data/train.parquet`, DVC md5 4163d0ab90d83c867971d2e20eb742e7 (January 2022 to April 2024).

Evaluation results
------------------
Hold-out May 2024: ROC AUC 0.871, recall at 10% 0.74 on every region.

Limitations
-----------
Not validated for business customers; scores drift after pricing changes.

---

* a list item
---
"""


def test_setext_headings_are_sections(tmp_path: Path) -> None:
    from mlgate.facts.provenance import sections

    got = [(s.title, s.level, s.line) for s in sections(SETEXT_CARD, 1)]
    assert got == [("churn-clf v7", 1, 1), ("Intended use", 2, 4), ("Training data", 2, 8),
                   ("Evaluation results", 2, 12), ("Limitations", 2, 16)]
    root = write_tree(tmp_path, {"models/MODEL_CARD.md": SETEXT_CARD, "models/churn-clf.onnx": b"\x08\x07onnx"})
    result = run_rule(root, "prov-model-card")
    assert result.status is Status.PASS, [f.message for f in result.findings]


def test_a_thematic_break_after_a_blank_line_and_fenced_dashes_are_no_headings() -> None:
    from mlgate.facts.provenance import sections

    body = "# Card\n\nText\n\n---\n\n```\ncode\n---\n```\n   \n===\n"
    assert [(s.title, s.line) for s in sections(body, 1)] == [("Card", 1)]


# ------------------------------------------------------------------ INI files (configparser)
def test_multi_line_python_files_in_ini_files(tmp_path: Path) -> None:
    from mlgate.facts.tests import test_sources
    from mlgate.repo import build_index

    root = write_tree(tmp_path, {
        "setup.cfg": (
            "[metadata]\nname = churn\n\n"
            "[tool:pytest]\n"
            "python_files =\n"
            "    check_*.py\n"
            "    # a comment line inside the value\n"
            "    *_spec.py\n"
            "addopts = -q\n"
        ),
        "tox.ini": "[pytest]\npython_files = verify_*.py\n    probe_*.py\n",
        "quality/check_model.py": "import churn\n",
        "quality/model_spec.py": "import churn\n",
        "quality/verify_data.py": "import churn\n",
        "quality/probe_api.py": "import churn\n",
        "churn/train.py": "x = 1\n",
    })
    got = set(test_sources(build_index(root, use_git=False)))
    assert {"quality/check_model.py", "quality/model_spec.py", "quality/verify_data.py",
            "quality/probe_api.py"} <= got
    assert "churn/train.py" not in got


def test_a_broken_ini_file_is_not_fatal(tmp_path: Path) -> None:
    from mlgate.facts.tests import test_sources
    from mlgate.repo import build_index

    root = write_tree(tmp_path, {"pytest.ini": "python_files = x\n[pytest\n", "t/test_a.py": "x = 1\n"})
    assert test_sources(build_index(root, use_git=False)) == ["t/test_a.py"]


# ------------------------------------------------------------------ .gitattributes and the git index
POINTER = (
    "version https://git-lfs.github.com/spec/v1\n"
    "oid sha256:4d7a214614ab2935c943f9e0ff69d22eadbb8f32b1258daaa5e2ca24d17e2393\n"
    "size 12345\n"
)
ATTRS = (
    "models/ filter=lfs diff=lfs merge=lfs -text\n"
    '"weird name.bin" filter=lfs diff=lfs merge=lfs -text\n'
    "*.onnx filter=lfs diff=lfs merge=lfs -text\n"
)


def _lfs_findings(root: Path, use_git: bool) -> list[str]:
    from mlgate.config import load_config
    from mlgate.engine import Selection, run_rules
    from mlgate.repo import build_index
    from tests.conftest import TODAY

    index = build_index(root, use_git=use_git)
    results = run_rules(index, load_config(root), Selection(select=("data-lfs",)), today=TODAY)
    return sorted(f.path for r in results for f in r.findings if "plain git blob, not an LFS" in f.message)


def test_gitattributes_as_git_reads_them(tmp_path: Path) -> None:
    from tests.conftest import git_repo

    files: dict[str, str | bytes] = {
        ".gitattributes": ATTRS,
        "models/model.bin": b"\x00\x01weights",
        "weird name.bin": b"\x00\x02weights",
        "ok.onnx": POINTER,
    }
    plain = write_tree(tmp_path / "plain", files)
    assert _lfs_findings(plain, use_git=False) == ["weird name.bin"]
    repo = git_repo(tmp_path / "repo", files)
    assert _lfs_findings(repo, use_git=True) == ["weird name.bin"]


def test_fallback_matcher_agrees_with_git_check_attr(tmp_path: Path) -> None:
    from mlgate.facts.lfs import routed_through_lfs
    from mlgate.git import filter_attributes
    from mlgate.repo import build_index
    from tests.conftest import git_repo

    files: dict[str, str | bytes] = {
        ".gitattributes": (
            "models/ filter=lfs\nmodels filter=lfs\n"
            '"weird name.bin" filter=lfs\n*.pt filter=lfs\n/top.ckpt filter=lfs\n'
            "data/**/*.parquet filter=lfs\ndata/keep/*.parquet -filter\n"
            "sub/*.h5 filter=lfs\n\"tab\\tname.pkl\" filter=lfs\n"
        ),
        "sub/.gitattributes": "*.bin filter=lfs\nlocal.pt !filter\n",
        "models/a.bin": "x", "models/b.pt": "x", "weird name.bin": "x", "weird": "x",
        "top.ckpt": "x", "nested/top.ckpt": "x", "data/x/y/z.parquet": "x", "data/keep/k.parquet": "x",
        "sub/w.h5": "x", "sub/deeper/w.h5": "x", "sub/deeper/v.bin": "x", "sub/local.pt": "x",
        "tab\tname.pkl": "x", "name.bin": "x",
    }
    root = git_repo(tmp_path / "repo", files)
    paths = sorted(p for p in files if not p.endswith(".gitattributes"))
    by_git = filter_attributes(root, paths)
    assert by_git is not None
    git_lfs = sorted(p for p in paths if by_git.get(p) == "lfs")
    assert git_lfs == ["data/x/y/z.parquet", "models/b.pt", "sub/deeper/v.bin", "sub/w.h5", "tab\tname.pkl",
                       "top.ckpt", "weird name.bin"]
    index = build_index(root, use_git=False)
    assert sorted(p for p in paths if routed_through_lfs(index, p)) == git_lfs
    # a sub-folder analysed on its own: paths relative to it, the whole repository's attributes apply
    assert filter_attributes(root / "sub", ["deeper/v.bin", "local.pt", "w.h5"]) == {
        "deeper/v.bin": "lfs", "local.pt": "unspecified", "w.h5": "lfs"}
    assert filter_attributes(tmp_path, ["x"]) is None  # not a git work tree


def test_git_reads_an_index_of_version_4(tmp_path: Path) -> None:
    from tests.conftest import git, git_repo

    root = git_repo(tmp_path / "repo", {".gitattributes": "*.onnx filter=lfs diff=lfs merge=lfs -text\n",
                                        "models/churn.onnx": POINTER, "train.py": "x = 1\n"})
    (root / "models/churn.onnx").write_bytes(b"\x08\x07onnx-real-weights" * 100)  # as git-lfs smudges it
    assert _lfs_findings(root, use_git=True) == []
    git(root, "update-index", "--index-version", "4")  # what feature.manyFiles sets
    assert _lfs_findings(root, use_git=True) == []
    (root / "plain.onnx").write_bytes(b"\x08\x07plain")
    git(root, "add", "plain.onnx")
    assert _lfs_findings(root, use_git=True) == ["plain.onnx"]


# ------------------------------------------------------------------ YAML: the fast loader and its fallback
YAML_CASES = {
    "duplicate keys": "seed: null\nlr: 0.1\nseed: 42\n",
    "duplicate nested keys": "stages:\n  train:\n    cmd: python a.py\n  train:\n    cmd: python b.py\n",
    "custom tags": "Bucket: !Ref ModelBucket\nName: !Sub [a, b]\nn: !!str 5\nm: !Custom {k: v}\n",
    "python tags": "x: !!python/name:os.system ''\ny: !!python/object:os.system {}\n",
    "anchors and merges": ("base: &b {lr: 0.1, epochs: 3}\nrun:\n  <<: *b\n  epochs: 5\nother: *b\n"
                           "a: &a {x: 1}\nc:\n  <<: [*a, *b]\n  z: 3\n"),
    "set and binary": "s: !!set {a: null}\nt: 2001-12-14\nb: !!binary aGVsbG8=\n",
}


def _plain(node: object) -> object:
    if isinstance(node, dict):
        return {k: _plain(v) for k, v in node.items()}
    if isinstance(node, list):
        return [_plain(v) for v in node]
    return node


def _key_lines(doc: object) -> list[tuple[object, int | None]]:
    from mlgate.repo import yaml_line

    assert isinstance(doc, dict)
    return [(k, yaml_line(doc, k)) for k in doc]


@pytest.mark.parametrize("text", list(YAML_CASES.values()), ids=list(YAML_CASES))
def test_fast_yaml_loader_and_its_fallback_agree(text: str, monkeypatch: pytest.MonkeyPatch) -> None:
    from mlgate import yamlfast
    from mlgate.repo import load_yaml_documents

    notices: list[str] = []
    fast = load_yaml_documents(text, "x.yaml", lambda p, m: notices.append(m))
    monkeypatch.setattr(yamlfast, "load_all", lambda text: None)  # no libyaml: the fallback loads it
    slow = load_yaml_documents(text, "x.yaml", lambda p, m: notices.append(m))
    assert notices == []
    assert [_plain(d) for d in fast] == [_plain(d) for d in slow]
    assert [type(v) for d in fast for v in d.values()] == [type(v) for d in slow for v in d.values()]
    assert [_key_lines(d) for d in fast] == [_key_lines(d) for d in slow]


def test_duplicate_keys_last_one_wins_as_in_pyyaml(monkeypatch: pytest.MonkeyPatch) -> None:
    from mlgate import yamlfast
    from mlgate.repo import load_yaml_documents, yaml_line

    for _ in range(2):
        (doc,) = load_yaml_documents(YAML_CASES["duplicate keys"], "p.yaml", None)
        assert doc["seed"] == 42 and yaml_line(doc, "seed") == 3
        monkeypatch.setattr(yamlfast, "load_all", lambda text: None)
    (doc,) = load_yaml_documents(YAML_CASES["custom tags"], "t.yaml", None)
    assert doc["Bucket"] == "ModelBucket" and doc["n"] == "5" and doc["Name"] == ["a", "b"]


def test_ruamel_yaml_is_bounded() -> None:
    import re

    try:
        import tomllib
    except ImportError:  # Python 3.10
        import tomli as tomllib  # type: ignore[no-redef]

    deps = tomllib.loads((Path(__file__).parents[1] / "pyproject.toml").read_text())["project"]["dependencies"]
    ruamel = [d for d in deps if re.match(r"ruamel\.yaml(\.clib)?\b", d)]
    assert ruamel and all("<" in d for d in ruamel), ruamel


# ------------------------------------------------------------------ messages: DVC foreach stages
FOREACH_DVC = """\
stages:
  prepare:
    foreach:
      - churn
      - fraud
    do:
      cmd: python src/prepare.py --task ${item}
      deps:
        - src/prepare.py
        - data/raw/${item}.csv
      outs:
        - data/processed/${item}.parquet
      metrics:
        - reports/${item}.json:
            cache: false
"""


def _lock_entry(item: str, n: int) -> str:
    return (
        f"  prepare@{item}:\n"
        f"    cmd: python src/prepare.py --task {item}\n"
        "    deps:\n"
        f"    - path: data/raw/{item}.csv\n      hash: md5\n      md5: {n}d2b4d3f0e1ba9b1ff4c8cd2e5c6c77a\n"
        "    outs:\n"
        f"    - path: data/processed/{item}.parquet\n      hash: md5\n      md5: {n}e2b4d3f0e1ba9b1ff4c8cd2e5c6c77a\n"
        f"    - path: reports/{item}.json\n      hash: md5\n      md5: {n}f2b4d3f0e1ba9b1ff4c8cd2e5c6c77a\n"
    )


def test_foreach_stages_are_judged_as_their_locked_expansions(tmp_path: Path) -> None:
    root = write_tree(tmp_path, {
        ".dvc/config": "",
        "dvc.yaml": FOREACH_DVC,
        "dvc.lock": "schema: '2.0'\nstages:\n" + _lock_entry("churn", 1) + _lock_entry("fraud", 2),
        "src/prepare.py": "import pandas as pd\n",
    })
    for rule in ("prov-dataset-lineage", "data-dvc-pinned"):
        result = run_rule(root, rule)
        assert not any("${" in f.message for f in result.findings), [f.message for f in result.findings]
        assert result.status is Status.PASS, [f.message for f in result.findings]


def test_an_unlocked_foreach_item_is_named_as_dvc_lock_names_it(tmp_path: Path) -> None:
    root = write_tree(tmp_path, {
        ".dvc/config": "",
        "dvc.yaml": FOREACH_DVC,
        "dvc.lock": "schema: '2.0'\nstages:\n" + _lock_entry("churn", 1),
        "src/prepare.py": "import pandas as pd\n",
    })
    findings = run_rule(root, "prov-dataset-lineage").findings
    assert [(f.path, f.line, f.message) for f in findings] == [
        ("dvc.yaml", 12, "data/processed/fraud.parquet is produced by stage 'prepare@fraud', but dvc.lock does "
                         "not lock it")]
    assert "dvc repro prepare@fraud" in findings[0].remediation


# ------------------------------------------------------------------ messages: notebook cells and lines
def _notebook(cells: list[list[str]], outputs_lines: int) -> str:
    import json

    big_output = [{"output_type": "stream", "name": "stdout", "text": [f"row {i}\n" for i in range(outputs_lines)]}]
    nb = {"cells": [{"cell_type": "markdown", "metadata": {}, "source": ["# Churn data\n", "Exploration."]}]
          + [{"cell_type": "code", "metadata": {}, "execution_count": i, "outputs": big_output,
              "source": src} for i, src in enumerate(cells, start=1)],
          "metadata": {}, "nbformat": 4, "nbformat_minor": 5}
    return json.dumps(nb, indent=1)


def test_notebook_findings_give_the_cell_and_its_line(tmp_path: Path) -> None:
    import json
    import subprocess
    import sys
    from importlib import resources

    import jsonschema

    root = write_tree(tmp_path, {"explore.ipynb": _notebook([
        ["import pandas as pd\n"],
        ["# read the raw export\n", "\n", "df = pd.read_csv('s3://acme/churn/train.csv')\n"],
    ], outputs_lines=3000)})
    result = run_rule(root, "data-remote-unpinned")
    (finding,) = result.findings
    assert (finding.cell, finding.cell_line) == (3, 3)
    assert finding.line is not None and finding.line > 3000  # the file's line, for annotations
    assert finding.location() == "explore.ipynb (cell 3, line 3)"
    assert finding.to_json()["cell_line"] == 3
    proc = subprocess.run([sys.executable, "-m", "mlgate", "check", str(root), "--select", "data-remote-unpinned",
                           "--fail-on", "never"], capture_output=True, text=True, timeout=120)
    assert "explore.ipynb (cell 3, line 3)" in proc.stdout, proc.stdout
    assert f"explore.ipynb:{finding.line}" not in proc.stdout
    proc = subprocess.run([sys.executable, "-m", "mlgate", "check", str(root), "--select", "data-remote-unpinned",
                           "--fail-on", "never", "--format", "json"], capture_output=True, text=True, timeout=120)
    report = json.loads(proc.stdout)
    schema = json.loads(resources.files("mlgate").joinpath("schemas/report.schema.json").read_text())
    jsonschema.validate(report, schema)
    (reported,) = [f for r in report["rules"] for f in r["findings"]]
    assert (reported["cell"], reported["cell_line"]) == (3, 3)
    proc = subprocess.run([sys.executable, "-m", "mlgate", "check", str(root), "--select", "data-remote-unpinned",
                           "--fail-on", "never", "--format", "sarif"], capture_output=True, text=True, timeout=120)
    (sarif,) = json.loads(proc.stdout)["runs"][0]["results"]
    assert "(cell 3, line 3)" in sarif["message"]["text"]


# ------------------------------------------------------------------ messages: Hub ids in fix URLs
def test_an_unresolved_hub_id_never_becomes_a_url(tmp_path: Path) -> None:
    root = write_tree(tmp_path, {
        "src/models.py": (
            "from transformers import AutoModel, AutoTokenizer\n\n"
            "def load(name, tokenizer_name):\n"
            "    tok = AutoTokenizer.from_pretrained(tokenizer_name, revision='v1.0')\n"
            "    return AutoModel.from_pretrained(name), tok\n\n"
            "def load_pinned(name):\n"
            "    return AutoModel.from_pretrained(name, revision='0123456789abcdef0123456789abcdef01234567')\n"
        ),
        "src/serve.py": (
            "from transformers import AutoModel\n\n"
            "model = AutoModel.from_pretrained('distilbert/distilbert-base-uncased')\n"
        ),
    })
    result = run_rule(root, "data-hf-revision")
    texts = {f.path + ":" + str(f.line): f.message + " | " + f.remediation for f in result.findings}
    assert set(texts) == {"src/models.py:4", "src/models.py:5", "src/serve.py:3"}, texts
    for where in ("src/models.py:4", "src/models.py:5"):
        assert "huggingface.co/" not in texts[where], texts[where]
        assert "used elsewhere in this repository" not in texts[where], texts[where]
    assert "https://huggingface.co/distilbert/distilbert-base-uncased/commits/main" in texts["src/serve.py:3"]


ATTR_PATTERNS = [
    "*.bin", "models/", "models", "models/*", "models/**", "**/ckpt", "/top.pt", "a/**/b.pt", "a/*/b.pt",
    "*.[ch]kpt", "w?ights.pt", "[!a]*.pt", "**/data/*.parquet", "data/**", "sub/*.h5", "x/y/", "*",
    "**", "deep/**/", "*.tar.gz", "name with space.bin", "\\#hash.bin", "a/**/**/c", "*/*.onnx", "m*/x.pt",
]
ATTR_PATHS = [
    "w.bin", "models/a.bin", "models/sub/b.pt", "models", "x/models/c.pt", "ckpt", "z/ckpt", "top.pt",
    "q/top.pt", "a/b.pt", "a/x/b.pt", "a/x/y/b.pt", "m.ckpt", "m.hkpt", "weights.pt", "wXights.pt", "apple.pt",
    "zoo.pt", "data/x.parquet", "r/data/y.parquet", "data/deep/z.parquet", "sub/w.h5", "sub/q/w.h5",
    "x/y/z.pt", "deep/1/2.txt", "t.tar.gz", "name with space.bin", "#hash.bin", "a/c", "a/1/2/c", "k/m.onnx",
    "k/l/m.onnx", "mod/x.pt", "mx/x.pt",
]


def test_each_gitattributes_pattern_matches_as_git_matches_it(tmp_path: Path) -> None:
    """Every pattern above against every path, answered by git (one custom attribute a pattern) and by
    the fallback reader: they must agree."""
    import subprocess

    from mlgate.facts.lfs import attr_pattern_matches
    from tests.conftest import git

    root = tmp_path / "repo"
    root.mkdir()
    git(root, "init", "-q")
    lines = [f'{p if " " not in p else chr(34) + p + chr(34)} p{i}' for i, p in enumerate(ATTR_PATTERNS)]
    (root / ".gitattributes").write_text("\n".join(lines) + "\n")
    out = subprocess.run(["git", "-c", "core.attributesFile=/dev/null", "check-attr", "-z", "--stdin", "-a"],
                         cwd=root, input=b"".join(p.encode() + b"\0" for p in ATTR_PATHS),
                         capture_output=True, check=True).stdout.split(b"\0")
    by_git = {(out[i].decode(), int(out[i + 1].decode()[1:])) for i in range(0, len(out) - 2, 3)}
    ours = {(path, i) for path in ATTR_PATHS for i, p in enumerate(ATTR_PATTERNS) if attr_pattern_matches(p, path)}
    assert len(by_git) > 40
    assert sorted(ours - by_git) == [] and sorted(by_git - ours) == []


def test_a_standard_tag_on_a_value_it_cannot_build_is_text(monkeypatch: pytest.MonkeyPatch) -> None:
    from mlgate import yamlfast
    from mlgate.repo import load_yaml_documents

    text = "epochs: !!int\nlr: !!float abc\nseed: !!int 7\n"
    notices: list[str] = []
    for _ in range(2):
        assert load_yaml_documents(text, "p.yaml", lambda p, m: notices.append(m)) == [
            {"epochs": "", "lr": "abc", "seed": 7}]
        assert notices == []
        monkeypatch.setattr(yamlfast, "load_all", lambda text: None)


# ------------------------------------------------------------------ Python 3.12 f-strings (PEP 701)
PEP701_TRAIN = (
    "import os\n"
    "\n"
    "import joblib\n"
    "import pandas as pd\n"
    "from sklearn.ensemble import RandomForestClassifier\n"
    "\n"
    "OUT = os.getenv(\"MODEL_DIR\", \"models\")\n"
    "df = pd.read_csv(\"data/iris.csv\")\n"
    "clf = RandomForestClassifier(n_estimators=100)\n"
    "clf.fit(df.drop(columns=[\"species\"]), df[\"species\"])\n"
    "joblib.dump(clf, os.path.join(OUT, \"model.joblib\"))\n"
    "print(f\"saved to {os.path.join(OUT, \"model.joblib\")}\")\n"
)


def test_a_training_script_written_for_python_3_12_is_read_on_any_python(tmp_path: Path) -> None:
    # an f-string that reuses its own quotes inside a replacement field is Python 3.12+ syntax; on an older
    # interpreter the whole script was dropped ("no training entrypoints found") and its rules were silent
    root = write_tree(tmp_path, {"train.py": PEP701_TRAIN})
    seeds = run_rule(root, "repro-seeds")
    assert seeds.status is Status.FAIL, seeds.summary
    assert [(f.path, f.line) for f in seeds.findings] == [("train.py", 9)], [f.message for f in seeds.findings]
    assert run_rule(root, "spec-hparam-search").status is Status.FAIL


def test_the_pep701_backport_keeps_values_and_positions() -> None:
    import ast

    from mlgate.pep701 import backport_fstrings

    text = 'x = f"{d["k"]:>{w}}"; y = 1\n'
    out = backport_fstrings(text)
    assert out == "x = f\"{d['k']:>{w}}\"; y = 1\n"
    tree = ast.parse(out)
    key = next(n for n in ast.walk(tree) if isinstance(n, ast.Constant) and n.value == "k")
    assert (key.col_offset, key.end_col_offset) == (9, 12)
    assert next(n for n in ast.walk(tree) if isinstance(n, ast.Name) and n.id == "y").col_offset == 22
    assert backport_fstrings('ok = f"{x}"\n') is None  # nothing to rewrite
    assert backport_fstrings('v = f"{x["it\'s"]}"\n') is None  # the other quote inside: left alone


def test_f_strings_nested_hundreds_deep_are_a_notice_not_a_crash(tmp_path: Path) -> None:
    # the 3.12 backport reads fields recursively; a hostile module nesting f-strings 250 deep exhausted the stack
    deep = "x = " + "f'{f\"{" * 250 + "1" + "}\"}'" * 250 + "\n"
    root = write_tree(tmp_path, {"train.py": "import torch\n" + deep, "model.py": "import torch\n"})
    result = run_rule(root, "repro-seeds")
    assert result.status is not Status.ERROR, result.summary


def test_check_attributes_reads_names_as_git_writes_them(tmp_path: Path) -> None:
    """git's check-attr output is decoded once and split at its NULs: a name in UTF-8 and one that is not
    (its bytes kept as surrogates, as the file list keeps them) are answered under the names mlgate lists."""
    import os

    from mlgate import git as mgit
    from tests.conftest import git, git_repo

    root = git_repo(tmp_path / "repo", {".gitattributes": "*.bin filter=lfs\n*.pt -filter\n", "caf\u00e9.bin": "x",
                                        "plain.pt": "x", "other.txt": "x"})
    os.close(os.open(os.fsencode(str(root)) + b"/odd\xff.bin", os.O_CREAT | os.O_WRONLY))
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "odd")
    listed = mgit.tracked_files(root)
    assert listed is not None
    files = [f for f in listed[0] if f != ".gitattributes"]
    odd = b"odd\xff.bin".decode("utf-8", "surrogateescape")
    assert set(files) == {"caf\u00e9.bin", "plain.pt", "other.txt", odd}
    for light in (True, False):
        assert mgit.filter_attributes(root, files, light=light) == {
            "caf\u00e9.bin": "lfs", odd: "lfs", "plain.pt": "unset", "other.txt": "unspecified"}


@pytest.mark.parametrize("source", [
    "1", "-1.5", "+2", "-True", "'a'", "b'x'", "None", "(1, 2)", "[1, 'a', (2, -3)]", "{1, 2}", "{'a': [1, 2]}",
    "{**other}", "name", "a.b", "a[0]", "f'{x}'", "set()", "set([1])", "frozenset()", "field(default_factory=list)",
    "1 + 2j", "[x]", "{[1]: 2}", "{[1], 2}", "(*rest,)", "lambda: 1", "...",
])
def test_literal_values_are_what_literal_eval_gives(source: str) -> None:
    # mlgate reads declared defaults without ast.literal_eval (whose nested functions are reference cycles that
    # the paused collector never frees): the same values, and UNRESOLVED where literal_eval raises
    import ast

    from mlgate.facts.python import UNRESOLVED, _literal

    node = ast.parse(source, mode="eval").body
    try:
        expected = ast.literal_eval(node)
    except (ValueError, TypeError):  # not a literal; an unhashable key or member
        expected = UNRESOLVED
    got = _literal(node)
    assert got is UNRESOLVED if expected is UNRESOLVED else (got == expected and type(got) is type(expected))
