"""RepoIndex: the files mlgate sees and how bad input becomes notices."""

from __future__ import annotations

import ast
import json
import os
from collections import Counter
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from mlgate import repo as repo_module
from mlgate.facts.codeowners import parse
from mlgate.patterns import PathSet
from mlgate.repo import MAX_TEXT_BYTES, Needles, RepoIndex, _Matcher, build_index
from tests.conftest import git_repo, write_tree


def test_plain_directory_respects_nested_gitignore(tmp_path: Path) -> None:
    root = write_tree(tmp_path / "r", {
        ".gitignore": "data/\n*.log\n!keep.log\n",
        "data/raw.csv": "a,b\n",
        "run.log": "x\n",
        "keep.log": "x\n",
        "src/.gitignore": "generated_*.py\n",
        "src/generated_model.py": "x = 1\n",
        "src/model.py": "x = 1\n",
        ".git/config": "[core]\n",
    })
    index = build_index(root, use_git=False)
    assert index.files == (".gitignore", "keep.log", "src/.gitignore", "src/model.py")


def test_git_repository_uses_tracked_files_and_exclude(tmp_path: Path) -> None:
    root = git_repo(tmp_path / "r", {"a.py": "x = 1\n", "examples/b.py": "y = 2\n"})
    (root / "untracked.py").write_text("z = 3\n")
    index = build_index(root, exclude=PathSet(["examples/**"]))
    assert index.files == ("a.py",)
    assert index.commit is not None and len(index.commit) == 40


def test_subdirectory_of_a_git_repository(tmp_path: Path) -> None:
    root = git_repo(tmp_path / "r", {"top.py": "", "examples/demo/train.py": "", "examples/demo/params.yaml": ""})
    index = build_index(root / "examples" / "demo")
    assert index.files == ("params.yaml", "train.py")


def test_symlinks_out_of_the_repository_are_not_followed(tmp_path: Path) -> None:
    outside = tmp_path / "secret.txt"
    outside.write_text("password")
    root = write_tree(tmp_path / "r", {"inside.yaml": "a: 1\n"})
    os.symlink(outside, root / "leak.yaml")
    os.symlink(root / "inside.yaml", root / "alias.yaml")
    os.symlink(root / "loop", root / "loop")
    index = build_index(root, use_git=False)
    assert index.text("leak.yaml") is None
    assert index.text("alias.yaml") == "a: 1\n"
    assert index.text("loop") is None
    messages = {n.path: n.message for n in index.notices}
    assert "outside the repository" in messages["leak.yaml"]
    assert "does not resolve" in messages["loop"]


def test_large_binary_and_invalid_files_become_notices(tmp_path: Path) -> None:
    root = write_tree(tmp_path / "r", {
        "big.yaml": "a: " + "x" * (MAX_TEXT_BYTES + 10) + "\n",
        "junk.py": b"\x00\x01\x02binary",
        "latin.py": b"name = '\xe9'\n",
        "utf16.yaml": "key: value\n".encode("utf-16"),
        "broken.yaml": "a: [1, 2\n",
        "chart/templates/crd.yaml": "{{- if .Values.crds.enabled -}}\n---\napiVersion: v1\nkind: ConfigMap\n"
                                    "{{- end }}\n",
        "broken.py": "def f(:\n",
        # a workflow whose `run: |` block is broken by a line at column 0 (GitHub rejects it too): its
        # `${{ }}` expressions are strings of the workflow, not a template (mihgank-qwe/ml_ops2's ci-cd.yml)
        ".github/workflows/ci.yml": "on: push\njobs:\n  t:\n    runs-on: ${{ matrix.os }}\n    steps:\n"
                                    "      - run: |\n          python -c \"\nimport sys\n\"\n",
        "bad.ipynb": "{not json",
        "list.ipynb": "[1, 2]",
        "deep.json": "[" * 100_000 + "]" * 100_000,
    })
    index = build_index(root, use_git=False)
    assert index.text("big.yaml") is None
    assert index.text("junk.py") is None and index.python("junk.py") is None
    assert index.python("latin.py") is not None
    assert index.yaml("utf16.yaml")[0]["key"] == "value"
    assert index.yaml("broken.yaml") == [] and index.yaml("chart/templates/crd.yaml") == []
    assert index.yaml(".github/workflows/ci.yml") == []
    assert index.python("broken.py") is None
    assert index.notebook("bad.ipynb") is None and index.notebook("list.ipynb") is None
    assert index.json("deep.json") is None
    messages = {n.path: n.message for n in index.notices}
    assert "larger than the" in messages["big.yaml"]
    assert "binary" in messages["junk.py"]
    assert "not valid UTF-8" in messages["latin.py"]
    assert messages["broken.yaml"].startswith("invalid YAML at line 2")
    # a Helm template is no broken YAML: said as what it is
    assert messages["chart/templates/crd.yaml"].startswith("a template (`{{ }}` expressions) that is not YAML")
    assert messages[".github/workflows/ci.yml"].startswith("invalid YAML at line 9")
    assert messages["broken.py"].startswith("Python syntax error at line 1")
    assert messages["bad.ipynb"].startswith("invalid JSON")
    assert "no 'cells' list" in messages["list.ipynb"]
    assert "nested too deeply" in messages["deep.json"]


def test_yaml_alias_bomb_is_not_expanded(tmp_path: Path) -> None:
    bomb = "a: &a [x, x, x, x, x, x, x, x, x]\n" + "".join(
        f"{chr(98 + i)}: &{chr(98 + i)} [*{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}]\n"
        for i in range(9))
    shared = "base: &base {lr: 0.1, seed: 1}\ntrain: {<<: *base, epochs: 3}\neval: *base\n"
    root = write_tree(tmp_path / "r", {"bomb.yaml": bomb, "shared.yaml": shared})
    index = build_index(root, use_git=False)
    # the loader shares one object per anchor, but every recursive walk of a rule would expand it:
    # a document that expands past MAX_YAML_NODES is refused once, with a notice
    assert index.yaml("bomb.yaml") == []
    assert "alias bomb" in {n.path: n.message for n in index.notices}["bomb.yaml"]
    (doc,) = index.yaml("shared.yaml")  # ordinary anchors and merge keys still load
    assert doc["train"]["lr"] == 0.1 and doc["eval"]["seed"] == 1


def test_notebook_code_cells_with_lines_and_magics(tmp_path: Path) -> None:
    nb = {"cells": [
        {"cell_type": "markdown", "metadata": {}, "source": ["# Train\n"]},
        {"cell_type": "code", "metadata": {}, "outputs": [], "execution_count": 1,
         "source": ["%pip install transformers\n", "from transformers import AutoModel\n",
                    "m = AutoModel.from_pretrained('bert-base-uncased')\n"]},
        {"cell_type": "code", "metadata": {}, "outputs": [], "execution_count": 2,
         "source": "%%bash\nls -la\n"},
    ], "metadata": {}, "nbformat": 4, "nbformat_minor": 5}
    root = write_tree(tmp_path / "r", {"train.ipynb": json.dumps(nb, indent=1)})
    index = build_index(root, use_git=False)
    sources = list(index.python_sources())
    assert len(sources) == 1 and sources[0].cell == 2
    line, cell = sources[0].where(3)
    assert cell == 2
    assert "from_pretrained" in index.lines("train.ipynb")[line - 1]


def test_codeowners_parsing_follows_github() -> None:
    owners, problems = parse(
        "# comment\n"
        "*            @acme/all\n"
        "docs/*       @acme/docs   # inline comment\n"
        "/configs/    @acme/ml\n"
        "/configs/exp/\n"
        "!negated     @acme/x\n"
        "src/[ab].py  @acme/x\n"
        "models/      not-an-owner\n"
        "\\#odd.yaml  user@example.com\n", "CODEOWNERS")
    def owner(path: str) -> tuple[str, ...] | None:
        rule = owners.rule_for(path)
        return rule.owners if rule else None
    assert owner("docs/guide.md") == ("@acme/docs",)
    assert owner("docs/api/ref.md") == ("@acme/all",)  # docs/* does not reach subdirectories
    assert owner("configs/model/a.yaml") == ("@acme/ml",)
    assert owner("configs/exp/sweep.yaml") == ()  # the later pattern with no owners unassigns
    assert owner("#odd.yaml") == ("user@example.com",)
    assert [line for line, _ in problems] == [6, 7, 8]


def test_deeply_nested_yaml_is_refused_before_parsing(tmp_path: Path) -> None:
    root = write_tree(tmp_path / "r", {
        "deep.yaml": "a: " + "[" * 3000 + "]" * 3000 + "\n",
        "quoted.yaml": "a: '" + "[" * 3000 + "'\nb: [1, {c: 2}]\n",
    })
    index = build_index(root, use_git=False)
    assert index.yaml("deep.yaml") == []
    assert index.yaml("quoted.yaml")[0]["b"][1]["c"] == 2
    assert {n.path: n.message for n in index.notices}["deep.yaml"] == (
        "YAML nested more than 200 levels deep; not analysed")


# ----------------------------------------------------------------- the content pre-filter
_TORCH = Needles("import torch", "from torch")
_SERVING = Needles("FastAPI", "Flask")
_LATEST = Needles(":latest")
_TODO = Needles("TODO")
_PARAMETERS = Needles("parameters:")
_ALL = (_TORCH, _SERVING, _LATEST, _TODO, _PARAMETERS)


def test_a_searched_notebook_is_read_once_for_its_cells(tmp_path: Path) -> None:
    """The pre-filter's read of a notebook gives its code cells too (the JSON is decoded once), the same
    cells and lines as a notebook read for them alone; a notebook with a BOM or undecodable bytes is read
    again as before (the text differs from the search's)."""
    nb = {"cells": [
        {"cell_type": "markdown", "metadata": {}, "source": ["# Fit\n"]},
        {"cell_type": "code", "metadata": {}, "outputs": [{"output_type": "stream", "text": ["x\n" * 3]}],
         "execution_count": 1, "source": ["import torch\n", "loss.backward()  # é\n"]},
        {"cell_type": "code", "metadata": {}, "outputs": [], "execution_count": 2, "source": "model.fit(X)\n"},
    ], "metadata": {}, "nbformat": 4, "nbformat_minor": 5}
    text = json.dumps(nb, indent=1, ensure_ascii=False)
    undecodable = text.replace("# Fit", "# Fit \udcff").encode("utf-8", "surrogateescape")
    files: dict[str, str | bytes] = {"a.ipynb": text, "bom.ipynb": b"\xef\xbb\xbf" + text.encode(),
                                     "bad.ipynb": undecodable}
    root = write_tree(tmp_path / "r", files)
    fresh = build_index(root, use_git=False)
    expected = {p: fresh.notebook(p) for p in files}
    assert expected["a.ipynb"] == expected["bom.ipynb"] and expected["a.ipynb"] is not None
    assert [(c.number, c.line) for c in expected["a.ipynb"] or []] == [(2, 23), (3, 32)]
    index = build_index(root, use_git=False)
    reads = _counting_reads(index)
    for path in files:
        assert index.contains(path, Needles.of("backward"))
    assert {p: index.notebook(p) for p in files} == expected
    assert reads == {"a.ipynb": 1, "bom.ipynb": 2, "bad.ipynb": 2}
    assert [n.message for n in index.notices] == [n.message for n in fresh.notices]


def _counting_reads(index: RepoIndex) -> Counter[str]:
    """Reads of each file's contents, whether with its size (``read_sized``) or not."""
    reads: Counter[str] = Counter()
    original, original_sized = index.source.read, index.source.read_sized  # type: ignore[attr-defined]

    def read(path: str, limit: int) -> bytes | None:
        reads[path] += 1
        return original(path, limit)

    def read_sized(path: str, limit: int) -> tuple[int | None, bytes | None]:
        size, data = original_sized(path, limit)
        if data is not None:
            reads[path] += 1
        return size, data

    index.source.read = read  # type: ignore[method-assign]
    index.source.read_sized = read_sized  # type: ignore[attr-defined]
    return reads


def test_prefilter_reads_each_file_once_for_every_declared_set(tmp_path: Path) -> None:
    root = write_tree(tmp_path / "r", {
        "train.py": "import torch\n# TODO: seed\n",
        "serve.py": "from fastapi import FastAPI\n",
        "nb.ipynb": json.dumps({"cells": [{"cell_type": "code", "source": ["from torch import nn"]}]}),
        "deploy.yaml": "image: org/model:latest\n",
        "MLproject": "name: x\nparameters:\n  lr: 0.1\n",
        "notes.md": "FastAPI and Flask are mentioned here, import torch too\n",
    })
    index = build_index(root, use_git=False)
    reads = _counting_reads(index)
    answers = {
        (path, needles.words): index.contains(path, needles)
        for needles in _ALL
        for path in index.files
    }
    truth = {(path, n.words): any(w in (root / path).read_text() for w in n.words)
             for n in _ALL for path in index.files}
    assert answers == truth
    assert answers[("train.py", _TORCH.words)] and answers[("nb.ipynb", _TORCH.words)]
    assert answers[("notes.md", _TORCH.words)] and answers[("MLproject", _PARAMETERS.words)]
    # every file was read once, however many sets were asked about it
    assert reads == Counter({p: 1 for p in index.files})
    # asked again: answered from the bits kept, nothing read
    assert index.contains("serve.py", _SERVING) and not index.contains("serve.py", _TORCH)
    assert reads == Counter({p: 1 for p in index.files})


def test_prefilter_on_unreadable_files_is_a_notice_and_no(tmp_path: Path) -> None:
    outside = tmp_path / "secret.py"
    outside.write_text("import torch\n")
    root = write_tree(tmp_path / "r", {
        "big.py": "import torch\n" + "#" * (MAX_TEXT_BYTES + 1),
        "utf16.py": "import torch\n".encode("utf-16"),
    })
    os.symlink(outside, root / "leak.py")
    index = build_index(root, use_git=False)
    assert not index.contains("leak.py", _TORCH)
    assert not index.contains("big.py", _TORCH)
    assert index.contains("utf16.py", _TORCH)
    messages = {n.path: n.message for n in index.notices}
    assert "outside the repository" in messages["leak.py"] and "limit" in messages["big.py"]


def test_a_search_takes_each_file_size_from_its_read(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The first search of a file learns its size from the open that reads it: no lstat before the read
    (as costly as the read itself on a tree of small files), and every later ``size`` is answered from it."""
    root = write_tree(tmp_path / "r", {"train.py": "import torch\n", "big.py": "import torch\n" + "#" * MAX_TEXT_BYTES,
                                       "empty.py": ""})
    index = build_index(root, use_git=False)
    asked: list[str] = []
    size = index.source.size
    monkeypatch.setattr(index.source, "size", lambda path: asked.append(path) or size(path))
    assert index.contains("train.py", _TORCH) and not index.contains("big.py", _TORCH)
    assert not index.contains("empty.py", _TORCH) and index.text("train.py") == "import torch\n"
    assert index.size("train.py") == 13 and index.size("big.py") == 13 + MAX_TEXT_BYTES and index.size("empty.py") == 0
    assert asked == []
    assert "limit" in {n.path: n.message for n in index.notices}["big.py"]


def test_a_file_is_read_to_its_end_whatever_its_size_said(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """One read when the file has the size fstat gave; a file that grew or shrank since is read to its end (or
    the limit) as before."""
    from mlgate import repo

    path = tmp_path / "f.txt"
    path.write_bytes(b"0123456789")
    reads: list[int] = []
    real = os.read
    monkeypatch.setattr(repo.os, "read", lambda fd, n: reads.append(n) or real(fd, n))
    for size, limit, expected, asked in ((10, 100, b"0123456789", [11]), (4, 100, b"0123456789", [5, 95, 90]),
                                         (20, 100, b"0123456789", [21, 90]), (10, 6, b"012345", [6]),
                                         (0, 100, b"0123456789", [1, 99, 90]), (10, 10, b"0123456789", [10])):
        reads.clear()
        fd = os.open(path, os.O_RDONLY)
        try:
            assert repo._read_fd(fd, limit, size) == expected, (size, limit)
        finally:
            os.close(fd)
        assert reads == asked, (size, limit)
    (tmp_path / "e.txt").write_bytes(b"")
    fd = os.open(tmp_path / "e.txt", os.O_RDONLY)
    try:
        assert repo._read_fd(fd, 100, 0) == b""
    finally:
        os.close(fd)


def test_the_head_of_an_image_or_a_model_file_is_its_first_bytes_alone(tmp_path: Path) -> None:
    """data-lfs asks every file's head: a small text file is read whole and kept for the searches to come, but an
    image, archive or model file (by its suffix) gives its first bytes only, unless they start as UTF-16 text;
    every head is the file's first bytes, and a search of such a file still reads it."""
    png = b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 8
    utf16 = "torch weights".encode("utf-16")
    root = write_tree(tmp_path / "r", {"a.png": png, "w.bin": utf16, "m.PT": b"import torch" + b"\xff" * 300,
                                       "train.py": "import torch\n"})
    index = build_index(root, use_git=False)
    for path in index.files:
        assert index.head(path, 64) == (root / path).read_bytes()[:64]
    assert "a.png" not in index._searched and "m.PT" not in index._searched and "train.py" in index._searched
    assert index.contains("m.PT", _TORCH) and not index.contains("a.png", _TORCH)

def test_texts_and_heads_after_a_search_read_no_file_again(tmp_path: Path) -> None:
    """A file searched, then read as text (which forgets the search's bytes), then asked for its head (data-lfs
    asks every file's) is read once: the head comes from the text when the text is the file's bytes. So is an
    empty module (its search finds nothing to keep). A notebook is searched in its cells' code: its JSON is read
    again for its text (keeping every small notebook's JSON cost peft 0.4 MB of peak memory)."""
    notebook = json.dumps({"cells": [{"cell_type": "code", "source": ["import torch\n"]}]})
    root = write_tree(tmp_path / "r", {"train.py": "import torch\n", "pkg/__init__.py": "", "nb.ipynb": notebook,
                                       "bom.py": "\ufeffimport torch\n", "latin.py": b"# caf\xe9\nimport torch\n"})
    index = build_index(root, use_git=False)
    reads = _counting_reads(index)
    for path in index.files:
        index.contains(path, _TORCH)
        index.text(path)
    assert index.python("train.py") is not None and index.notebook_sources("nb.ipynb")
    for path in index.files:
        assert index.head(path, 64) == (root / path).read_bytes()[:64]
    assert reads["train.py"] == reads["pkg/__init__.py"] == 1 and reads["nb.ipynb"] == 2
    # a text that is not the file's bytes (a byte order mark dropped, undecodable bytes replaced): read for its head
    assert reads["bom.py"] == reads["latin.py"] == 2


def test_containing_answers_as_contains_and_reads_no_file_before_it_is_asked(tmp_path: Path) -> None:
    root = write_tree(tmp_path / "r", {"a.py": "import torch\n", "b.py": "import os\n",
                                       "c.py": "from torch import nn\n", "d.py": "import torch\n"})
    index = build_index(root, use_git=False)
    reads = _counting_reads(index)
    found = index.containing(index.files, _TORCH)
    assert next(found) == "a.py" and set(reads) == {"a.py"}  # lazy: the files after the first hit not read yet
    assert list(found) == ["c.py", "d.py"]
    assert list(index.containing(reversed(index.files), _TORCH)) == ["d.py", "c.py", "a.py"]  # answered, in order
    assert list(index.containing(index.files, Needles.of("os"))) == [p for p in index.files
                                                                      if index.contains(p, Needles.of("os"))]
    assert reads == Counter({p: 1 for p in index.files})


def test_sets_known_at_run_time_are_registered_once_and_answered_from_then_on(tmp_path: Path) -> None:
    root = write_tree(tmp_path / "r", {"params.yaml": "learning_rate: 0.1\ntempérature: 0.7\n"})
    index = build_index(root, use_git=False)
    reads = _counting_reads(index)
    assert index.contains("params.yaml", _LATEST) is False  # scanned once for the declared sets
    assert Needles.of("learning_rate") is Needles.of("learning_rate")
    assert index.contains("params.yaml", Needles.of("learning_rate"))  # new set: searched in the kept bytes
    assert index.contains("params.yaml", Needles.of("température"))  # not ASCII: searched as UTF-8
    assert not index.contains("params.yaml", Needles.of("batch_size", "batch-size"))
    assert index.contains("params.yaml", Needles.of("learning_rate"))
    assert index.text("params.yaml") == "learning_rate: 0.1\ntempérature: 0.7\n"  # the text from them too
    assert reads["params.yaml"] == 1
    with pytest.raises(ValueError, match="non-empty"):
        Needles.of()


def test_contents_kept_for_searches_stay_within_their_budget(tmp_path: Path,
                                                              monkeypatch: pytest.MonkeyPatch) -> None:
    """The pre-filter keeps what it read for the next set's search only up to SEARCH_BUDGET bytes: the files
    read first stay, a file read past the budget is read again for a set registered later."""
    root = write_tree(tmp_path / "r", {"a.yaml": "alpha: 1\n", "b.yaml": "beta: 2\n" * 4})
    monkeypatch.setattr(RepoIndex, "SEARCH_BUDGET", 12)
    index = build_index(root, use_git=False)
    reads = _counting_reads(index)
    assert not index.contains("a.yaml", _LATEST) and not index.contains("b.yaml", _LATEST)
    assert index.contains("a.yaml", Needles.of("alpha")) and index.contains("b.yaml", Needles.of("beta"))
    assert dict(reads) == {"a.yaml": 1, "b.yaml": 2}
    assert index.head("a.yaml", 5) == b"alpha"
    assert reads["a.yaml"] == 1


def test_a_set_registered_at_run_time_is_searched_alone(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A set declared at run time (one per configuration key) is searched with its own strings only: the
    declared sets are answered from the first scan of each file, never rescanned for every new key."""
    root = write_tree(tmp_path / "r", {f"conf/c{i}.py": f"key_{i} = {i}\nimage = 'x:latest'\n" for i in range(20)})
    index = build_index(root, use_git=False)
    scanned: Counter[int] = Counter()
    real_scan = _Matcher.scan

    def counting(self: _Matcher, text: str, repeats: bool = True) -> int:
        scanned[bin(self.mask).count("1")] += 1
        return real_scan(self, text, repeats)

    monkeypatch.setattr(_Matcher, "scan", counting)
    assert all(index.contains(p, _LATEST) for p in index.files)
    first = dict(scanned)
    for i in range(30):
        key = Needles.of(f"runtime_key_{i}")
        assert [p for p in index.files if index.contains(p, key)] == []
    assert index.contains("conf/c3.py", Needles.of("key_3", "key-3"))
    assert index.contains("conf/c3.py", _TODO) is False
    big = max(first)
    assert big > 1 and scanned[big] == first[big] == 20  # the declared sets: one scan per file
    assert scanned[1] == 30 * 20 + 1  # each run-time set: one small search of each file asked about


# strings of the tests' automata (more than ``_Matcher.SMALL``), ending in a character the texts seldom hold
_UNSEEN = [c + "\u4e2d" for c in "abcdefghijklmnopqrstuvwxyz:. \n"]


@pytest.fixture
def fresh_registry(monkeypatch: pytest.MonkeyPatch) -> None:
    """A registry of Needles sets and matchers of the test's own (the declared ones are left as they are)."""
    monkeypatch.setattr(Needles, "_registry", [])
    monkeypatch.setattr(Needles, "_by_words", {})
    monkeypatch.setattr(repo_module, "_MATCHERS", [])
    monkeypatch.setattr(repo_module, "_ALONE", {})


# 20 strings in all: the first matcher is an automaton (more than _Matcher.SMALL strings)
_KIND_SETS = (("mlgate:",), ("models:/",), ("alpha", "beta", "gamma"), ("import torch", "from torch"),
              ("kind: Deployment", "kind: Service"), ("one", "two", "three", "four", "five", "six"),
              ("seven", "eight", "nine", "ten"))


def test_a_file_not_python_is_searched_for_the_sets_asked_until_asked_many(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, fresh_registry: None) -> None:
    """Markdown, JSON, Terraform...: asked about a small set, such a file is searched for that set's strings
    alone, until the strings so searched would pass _ALONE_STRINGS; its next question scans it for every
    set, as a module is scanned at its first question. The answers are `in`'s either way."""
    sets = [Needles(*words) for words in _KIND_SETS]
    texts = {"README.md": "see models:/x and alpha\n<!-- mlgate: ignore[x] y -->\n",
             "main.tf": "resource kind: Service {}\nfive six\n", "train.py": "import torch\nseven = 7\n"}
    root = write_tree(tmp_path / "r", texts)
    index = build_index(root, use_git=False)
    masks: list[tuple[int, str]] = []
    real_scan = _Matcher.scan

    def counting(self: _Matcher, text: str, repeats: bool = True) -> int:
        masks.append((bin(self.mask).count("1"), text))
        return real_scan(self, text, repeats)

    monkeypatch.setattr(_Matcher, "scan", counting)

    def asked(path: str, n: Needles) -> bool:
        answer = index.contains(path, n)
        assert answer == any(w in texts[path] for w in n.words)
        return answer

    assert asked("README.md", sets[0]) and asked("README.md", sets[1])
    assert masks == [(1, texts["README.md"])] * 2  # each set alone
    assert asked("train.py", sets[0]) is False
    assert masks[-1] == (len(sets), texts["train.py"])  # a module: every set at its first question
    assert asked("README.md", sets[2])  # 1 + 1 + 3 strings: alone still
    assert asked("README.md", sets[3]) is False  # 7 strings
    assert masks[2:] == [(len(sets), texts["train.py"])] + [(1, texts["README.md"])] * 2
    assert asked("README.md", sets[5]) is False  # 13 strings would pass 8: every set now
    assert masks[-1] == (len(sets), texts["README.md"]) and len(masks) == 6
    for n in sets:
        asked("README.md", n)
        asked("train.py", n)
    assert len(masks) == 6  # all answered
    assert asked("main.tf", sets[5])  # six strings alone, then a scan of all at a set of three strings more
    assert asked("main.tf", sets[2]) is False
    assert [m for m, _ in masks[6:]] == [1, len(sets)]
    assert [index.contains("main.tf", n) for n in sets] == [False, False, False, False, True, True, False]


@settings(max_examples=120, deadline=None)
@given(
    texts=st.lists(st.text(alphabet="ab:. \nkind\0\u00e9", max_size=40), min_size=3, max_size=3),
    sets=st.lists(st.lists(st.text(alphabet="ab:. \nkind\0\u00e9", min_size=1, max_size=5), min_size=1, max_size=6),
                  min_size=4, max_size=10),
    questions=st.lists(st.tuples(st.integers(0, 2), st.integers(0, 9)), max_size=40),
)
def test_contains_answers_as_substring_search_whatever_the_order_of_questions(
        texts: list[str], sets: list[list[str]], questions: list[tuple[int, int]]) -> None:
    """Whichever files are asked which sets in whichever order (sets alone, scans of every set, later sets
    registered at run time), ``contains`` answers `any(w in text)`."""
    import tempfile

    names = ("a.py", "b.md", "c.json")
    with pytest.MonkeyPatch.context() as mp, tempfile.TemporaryDirectory() as tmp:
        mp.setattr(Needles, "_registry", [])
        mp.setattr(Needles, "_by_words", {})
        mp.setattr(repo_module, "_MATCHERS", [])
        mp.setattr(repo_module, "_ALONE", {})
        declared = [Needles(*words) for words in sets[: len(sets) // 2]]
        Needles(*(f"\u4e2d{i}" for i in range(_Matcher.SMALL + 1)))  # in no text: the declared run is an automaton
        root = Path(tmp)
        for name, text in zip(names, texts, strict=True):
            (root / name).write_bytes(text.encode("utf-8", "surrogateescape"))
        index = build_index(root, use_git=False)
        for f, k in questions:
            n = declared[k] if k < len(declared) else Needles.of(*sets[k % len(sets)])
            assert index.contains(names[f], n) == any(w in texts[f] for w in n.words)
        for f, name in enumerate(names):
            for words in sets:
                n = Needles.of(*words)
                assert index.contains(name, n) == any(w in texts[f] for w in words)


@settings(max_examples=200, deadline=None)
@given(
    text=st.text(alphabet="ab:. \nimportrch\0e", max_size=60),
    sets=st.lists(st.lists(st.text(alphabet="ab:. importrch\0e", min_size=1, max_size=6), min_size=1, max_size=4),
                  min_size=1, max_size=12),
)
def test_one_pass_matcher_agrees_with_substring_search(text: str, sets: list[list[str]]) -> None:
    """The automaton answers every set exactly as `any(word in text)` would, overlaps included."""
    # with a set of strings in no text, to have more strings than ``_Matcher.SMALL``: an automaton
    needles = [Needles(*words, register=False) for words in [*sets, _UNSEEN]]
    for i, n in enumerate(needles):
        n.bit = 1 << i
    found = _Matcher(needles).scan(text)
    assert found == sum(n.bit for n in needles if any(w in text for w in n.words))


@settings(max_examples=150, deadline=None)
@given(
    lines=st.lists(st.text(alphabet="ab:. \r\tkind\u00e9\u4e2d\udcff\ud83d\ude00", max_size=12), min_size=1,
                   max_size=12),
    repeats=st.integers(min_value=1, max_value=400),
    sets=st.lists(st.lists(st.text(alphabet="ab:. \r\nkind\u00e9\u4e2d\udcff\ud83d\ude00", min_size=1, max_size=5),
                           min_size=1, max_size=4), min_size=1, max_size=6),
)
def test_matcher_agrees_with_substring_search_on_large_texts(lines: list[str], repeats: int,
                                                            sets: list[list[str]]) -> None:
    """Past `DISTINCT_LINES` characters the automaton walks each distinct line once: the answers stay those
    of `any(word in text)` on texts of repeated lines (a rendered manifest), with non-ASCII characters, lone
    surrogates (undecodable bytes, a JSON escape's half of a pair, searched as UTF-8 bytes), carriage returns, and
    strings that hold a newline (then the whole text)."""
    text = "\n".join(lines * repeats)
    # with a set of strings in no text, to have more strings than ``_Matcher.SMALL``: an automaton
    needles = [Needles(*words, register=False) for words in [*sets, _UNSEEN]]
    for i, n in enumerate(needles):
        n.bit = 1 << i
    expected = sum(n.bit for n in needles if any(w in text for w in n.words))
    matcher = _Matcher(needles)
    assert matcher.scan(text) == expected
    longer = text + "\n" + "x" * _Matcher.DISTINCT_LINES
    expected = sum(n.bit for n in needles if any(w in longer for w in n.words))
    assert matcher.scan(longer) == matcher.scan(longer, repeats=False) == expected  # a module's: walked whole


def test_matcher_answers_the_same_after_building_its_dfa() -> None:
    """A matcher searches with an NFA until it has searched `DFA_AFTER` characters per byte of its strings, then
    with a DFA: the answers before and after are those of `any(word in text)`, text after text."""
    sets = [["import torch", "seed"], ["mlflow", "wandb."], ["\u00e9t\u00e9", "x = 1"], _UNSEEN]
    needles = [Needles(*words, register=False) for words in sets]
    for i, n in enumerate(needles):
        n.bit = 1 << i
    texts = ["import torch\nx = 1\n" * 50, "mlflow.log()\n", "\u00e9t\u00e9 \udcff seed", "nothing here\n" * 300]
    matcher = _Matcher(needles)
    until = matcher._until_dfa
    assert until == _Matcher.DFA_AFTER * sum(len(w.encode("utf-8", "surrogatepass")) for n in needles for w in n.words)
    searched = 0
    while searched <= until:
        for text in texts:
            assert matcher.scan(text) == sum(n.bit for n in needles if any(w in text for w in n.words))
            searched += len(text)
    assert matcher._until_dfa == 0 and not matcher._patterns  # the DFA is built, the strings' bytes let go
    for text in texts:
        assert matcher.scan(text) == sum(n.bit for n in needles if any(w in text for w in n.words))

def test_prefilter_answers_a_large_manifest_as_substring_search(tmp_path: Path) -> None:
    """A large manifest of repeated lines, read through the index: a string on its last line, a string only
    across two lines, a string absent, each answered as `in` on the decoded text."""
    doc = "---\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: caf\u00e9\ndata:\n  a: b\n"
    text = doc * 2000 + "  tail: storageUri-marker\n"
    root = write_tree(tmp_path / "r", {"install/all.yaml": text})
    (root / "install" / "bytes.yaml").write_bytes(text.encode() + b"  odd: \xff\xfe-byte\n")
    index = build_index(root, use_git=False)
    assert len(text) > _Matcher.DISTINCT_LINES
    assert index.contains("install/all.yaml", Needles.of("storageUri-marker", "nothing-such-1", "x1", "y2", "z3"))
    assert not index.contains("install/all.yaml", Needles.of("kind: Deployment", "nothing-such-2", "x", "y", "z"))
    assert index.contains("install/all.yaml", Needles.of("b\n---", "nothing-such-3", "x4", "y4", "z4"))
    assert not index.contains("install/all.yaml", Needles.of("marker\napi", "nothing-such-4", "x5", "y5", "z5"))
    assert index.contains("install/bytes.yaml", Needles.of("\udcff\udcfe-byte", "nothing-such-5", "x6", "y6", "z6"))


def _may_hold_reference(text: str, keys: list[str]) -> bool:
    """yaml_keys_may_hold_text as first written: a pattern per key, each tried over the whole text."""
    import re

    if re.search(r"(?m)^[ \t-]*\?(?:[ \t]|$)", text):
        return True
    for key in keys:
        quoted = re.escape(key)
        if re.search(r"&[\w-]+[ \t]+[\"']?" + quoted, text):
            return True
        for m in re.finditer(r"(?<![\w-])" + quoted + r"[\"']?[ \t]*:", text):
            if not re.match(r"[ \t]*(?:#[^\n]*)?\n(?:[ \t]*(?:#[^\n]*)?\n)*[ \t]*[A-Za-z_][\w-]*:(?:[ \t]|\n|$)",
                            text[m.end():]):
                return True
    return False


@settings(max_examples=400, deadline=None)
@given(st.text(alphabet="&ab- \t\"':\n?#", max_size=30),
       st.lists(st.text(alphabet="ab- \t\"'", min_size=1, max_size=3), min_size=1, max_size=3))
def test_yaml_keys_may_hold_text_agrees_with_a_pattern_per_key(text: str, keys: list[str]) -> None:
    """Anchors are found once for every key, explicit keys by their question mark: the answers are those
    of the patterns tried per key over the whole text (keys that start with a blank or a quote included)."""
    from mlgate.repo import yaml_keys_may_hold_text

    assert yaml_keys_may_hold_text(text, keys) == _may_hold_reference(text, keys)


@pytest.mark.parametrize("text", [
    "? a\n: b\n", "?\n", "?", "  - ? a\n", "x: 1\n\t? a\n", "- - ?\tb\n", "a: b\n? \n",
    "a: what? no\n", "a?: b\n", "url: http://x?y=1\n", "x ? y\n", "a: b\n  #? c\n", "?a: b\n", "", "a\n",
    "-? a\n", "\r? a\n", "a: b?\n",
])
def test_explicit_key_is_the_multiline_pattern(text: str) -> None:
    import re

    from mlgate.repo import _explicit_key

    assert _explicit_key(text) == (re.search(r"(?m)^[ \t-]*\?(?:[ \t]|$)", text) is not None)


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="? \t-\n\ra:", max_size=12))
def test_explicit_key_agrees_with_the_multiline_pattern(text: str) -> None:
    import re

    from mlgate.repo import _explicit_key

    assert _explicit_key(text) == (re.search(r"(?m)^[ \t-]*\?(?:[ \t]|$)", text) is not None)


def test_an_unregistered_set_is_answered_as_the_registered_set_of_its_strings(tmp_path: Path) -> None:
    root = write_tree(tmp_path / "r", {"serve.py": "from flask import Flask\n"})
    index = build_index(root, use_git=False)
    assert index.contains("serve.py", Needles("Flask", register=False))
    assert not index.contains("serve.py", Needles("FastAPI", register=False))


# Code that exercises every way a statement can hold statements, and expressions that hold functions
# (lambdas), scopes (comprehensions) and decorators: the walks must agree with ast.walk on all of it.
_TRICKY = [
    "x = 1\n", "import a.b as c\nfrom .d import (e, f as g)\nfrom . import *\n",
    "def f(a, /, b=1, *c, d, e=2, **k) -> int:\n    return [x async for x in y if x]\n",
    "class C(B, metaclass=M):\n    x: int = field(default=1)\n    @p\n    @q(r=lambda s: s)\n"
    "    def g(self): yield from h(*a, **k)\n",
    "try:\n    import ujson as json\nexcept (A, B) as e:\n    raise X from e\nexcept C:\n    pass\n"
    "else:\n    f'{a!r:>{w}}'\nfinally:\n    del a[1:2, ::3]\n",
    "try:\n    pass\nexcept* ValueError:\n    y = 1\nexcept* (TypeError, KeyError) as g:\n    z = g\n",
    "match p:\n    case {'k': [1, *r], **rest} | C(1, x=2) if r:\n        import m\n"
    "    case [a, b, *_] as s:\n        def inner(): return s\n    case None | True:\n        pass\n"
    "    case _:\n        lambda: (yield)\n",
    "with a as (b, c), d:\n    global g\n    x = y if z else not w\n    assert a < b <= c, 'm'\n",
    "async def run():\n    async with s() as t:\n        async for u in t:\n            await u\n"
    "    while n := next(it):\n        if n:\n            break\n        elif m:\n            continue\n"
    "    else:\n        nonlocal_ = {**d, 'k': v, **e}\n",
    "def outer():\n    x = 1\n    class Inner:\n        y = [i for i in range(3) for j in range(i)]\n"
    "        def m(self): return {k: v for k, v in self}\n    def deco(f):\n        @wraps(f)\n"
    "        def w(*a): x += 1; return f(*a)\n        return w\n    return Inner, {s for s in x}, (g for g in x)\n",
    "for i, (j, k) in enumerate(z):\n    a, *b = i\n    a.b[c].d += -j ** 2 // k\nelse:\n    pass\n"
    "x: list[int]\ny = ...\nprint(*args, sep='', **kw)\n",
]
_SINGLETONS = (ast.expr_context, ast.operator, ast.cmpop, ast.unaryop, ast.boolop)
_HOLDS_STATEMENTS = (ast.mod, ast.stmt, ast.excepthandler, ast.match_case)


@settings(max_examples=100, deadline=None)
@given(st.sampled_from(_TRICKY), st.integers(min_value=1, max_value=3))
def test_walk_nodes_is_ast_walk_less_the_singletons(code: str, times: int) -> None:
    """The shared walk yields ast.walk's nodes in ast.walk's order (facts rely on the order), less the
    context and operator singletons (ast.Load(), ast.Add() ...), which no fact reads as a node."""
    from mlgate.repo import walk_nodes

    tree = ast.parse(code * times)
    assert [id(n) for n in walk_nodes(tree)] == [id(n) for n in ast.walk(tree) if not isinstance(n, _SINGLETONS)]
    for sub in (n for n in ast.walk(tree) if not isinstance(n, _SINGLETONS)):  # from any node down, too
        assert [id(n) for n in walk_nodes(sub)] == [id(n) for n in ast.walk(sub) if not isinstance(n, _SINGLETONS)]


@settings(max_examples=100, deadline=None)
@given(st.sampled_from(_TRICKY), st.integers(min_value=1, max_value=3))
def test_walk_statements_is_the_filtered_walk(code: str, times: int) -> None:
    """The statement walk yields exactly the statements (and the module, except clauses and match cases
    that hold them) of ast.walk, in its order, from the module or any node down: nested definitions, a
    def inside a match case or an except* clause, and never a lambda's or comprehension's insides."""
    from mlgate.repo import walk_statements

    tree = ast.parse(code * times)
    for sub in ast.walk(tree):
        assert [id(n) for n in walk_statements(sub)] == [id(n) for n in ast.walk(sub)
                                                         if n is sub or isinstance(n, _HOLDS_STATEMENTS)]


def test_the_walks_agree_with_ast_walk_on_real_modules() -> None:
    """On real code (mlgate's own modules and a few of the standard library's large ones) both walks give
    what ast.walk gives: a node type the grammar table misreads would lose nodes or add None."""
    import inspect
    import json.decoder
    import pathlib as pathlib_module
    import typing

    from mlgate.repo import walk_nodes, walk_statements

    files = sorted(Path(inspect.getfile(walk_nodes)).parent.rglob("*.py"))
    files += [Path(inspect.getfile(m)) for m in (typing, pathlib_module, json.decoder, ast)]
    for path in files:
        tree = ast.parse(path.read_text(encoding="utf-8"))
        full = list(ast.walk(tree))
        assert [id(n) for n in walk_nodes(tree)] == [id(n) for n in full if not isinstance(n, _SINGLETONS)], path
        assert [id(n) for n in walk_statements(tree)] == [id(n) for n in full if isinstance(n, _HOLDS_STATEMENTS)], path


@pytest.mark.parametrize("code", _TRICKY)
def test_statement_types_come_from_the_statement_walk_and_agree_with_the_full_one(code: str) -> None:
    """``of_types`` for statements alone answers from the statement walk while the whole tree is not walked,
    and gives the same nodes, in the same order, as the filtered ast.walk, before and after ``nodes``."""
    from mlgate.repo import PySource

    asked = [(ast.Import, ast.ImportFrom), (ast.FunctionDef,), (ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef),
             (ast.Assign, ast.AnnAssign, ast.AugAssign), (ast.Try, ast.TryStar, ast.ExceptHandler),
             (ast.Match, ast.match_case, ast.Return), (ast.If, ast.Assert, ast.While, ast.For)]
    tree = ast.parse(code * 2)
    src = PySource("m.py", tree, code * 2)
    for kinds in asked:
        assert [id(n) for n in src.of_types(*kinds)] == [id(n) for n in ast.walk(tree) if isinstance(n, kinds)]
    assert "nodes" not in src.__dict__  # nothing walked the expressions
    assert [id(n) for n in src.of_types(ast.Call, ast.Lambda, ast.FunctionDef)] == \
        [id(n) for n in ast.walk(tree) if isinstance(n, ast.Call | ast.Lambda | ast.FunctionDef)]
    for kinds in asked:
        assert [id(n) for n in src.of_types(*kinds)] == [id(n) for n in ast.walk(tree) if isinstance(n, kinds)]


_SAMPLE_MODULE = (
    "import a.b as c\nfrom .d import (e, f as g)\n"
    "class C(B):\n    x: int = field(default=1)\n    def g(self):\n        import os\n        return h(k(1), 'x')\n"
    "def f(a=2):\n    y = [z.m() for z in a]\n    from q import r\n    return {'k': y, 'n': r(a)}\n"
)


@pytest.mark.parametrize("types", [
    ("Call",), ("Import", "ImportFrom"), ("Call", "ClassDef"), ("Call", "Assign", "Constant"),
    ("Constant", "Call"), ("Try",), ("Name", "Name"),
])
def test_nodes_of_types_are_the_filtered_walk(types: tuple[str, ...]) -> None:
    """``PySource.of_types`` gives what a filter over the whole walk gives, in the walk's order (facts that
    read only imports, calls or assignments rely on it), and ``call_nodes`` is its calls."""
    import ast

    from mlgate.repo import PySource

    src = PySource("m.py", ast.parse(_SAMPLE_MODULE), _SAMPLE_MODULE)
    kinds = tuple(getattr(ast, t) for t in types)
    assert [id(n) for n in src.of_types(*kinds)] == [id(n) for n in ast.walk(src.tree) if isinstance(n, kinds)]
    assert [id(n) for n in src.call_nodes] == [id(n) for n in ast.walk(src.tree) if isinstance(n, ast.Call)]


def _nesting_reference(text: str, limit: int) -> bool:
    """The character-by-character reading yaml_nesting_too_deep must agree with."""
    depth, quote = 0, ""
    for ch in text:
        if quote:
            if ch == quote:
                quote = ""
        elif ch in "\"'":
            quote = ch
        elif ch in "[{":
            depth += 1
            if depth > limit:
                return True
        elif ch in "]}":
            depth = max(0, depth - 1)
    return False


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="[]{}'\"\n a:-", max_size=80), st.integers(min_value=0, max_value=6))
def test_nesting_check_reads_only_the_characters_that_matter(text: str, limit: int) -> None:
    from mlgate.repo import yaml_nesting_too_deep

    expected = text.count("[") + text.count("{") > limit and _nesting_reference(text, limit)
    assert yaml_nesting_too_deep(text, limit) == expected


@pytest.mark.parametrize(("text", "may"), [
    ("a:\n  storageUri:\n    description: where\n    type: string\nb: 1\n", False),  # a CRD's schema
    ("storageUri:\n\n  # note\n  type: string\n", False),
    ("storageUri:\nother: 1\n", False),  # no value at all
    ("description: the storageUri that holds it\nstorageUris:\n  - a\n", False),  # not the key
    ("storageUri: s3://bucket/model\n", True),
    ("storageUri:\n  s3://bucket/model\n", True),  # a plain scalar on the next line
    ("storageUri: # where\n  s3://bucket/model\n", True),
    ('{"storageUri": "gs://b/m"}', True),
    ("x: {storageUri: gs://b/m}\n", True),
    ("storageUri: |\n  gs://b/m\n", True),
    ("storageUri:\n- gs://b/m\n", True),
    ("? storageUri\n: gs://b/m\n", True),  # an explicit key
    ("k: &uri storageUri\n*uri : gs://b/m\n", True),  # an anchored key used through an alias
    ("storageUri:", True),
    ("my-storageUri: gs://b/m\n_storageUri: gs://b/m\nx9storageUri: gs://b/m\n", False),  # other keys
    ("my-storageUri: gs://b/m\nstorageUri: gs://b/m\n", True),  # past another key, the key itself
])
def test_yaml_keys_may_hold_text_is_false_only_when_every_key_holds_a_mapping(text: str, may: bool) -> None:
    from mlgate.repo import load_yaml_documents, yaml_keys_may_hold_text

    assert yaml_keys_may_hold_text(text, ["storageUri", "modelUri"]) is may
    if not may:  # and then the loader agrees: no key holds a string
        def strings(node: object) -> list[str]:
            if isinstance(node, dict):
                return [v for k, v in node.items() if k == "storageUri" and isinstance(v, str)] + [
                    s for v in node.values() for s in strings(v)]
            return [s for v in node for s in strings(v)] if isinstance(node, list) else []

        assert [s for d in load_yaml_documents(text, "t.yaml", None) for s in strings(d)] == []


def test_an_f_string_of_python_3_12_is_parsed_or_explained(tmp_path: Path) -> None:
    """PEP 701 lets an f-string reuse its quotes: a project on Python 3.12 writes it, and an older
    interpreter running mlgate cannot parse it as written. It is read all the same (mlgate.pep701); where
    that cannot be done, the notice says why, instead of a bare syntax error."""
    import sys

    write_tree(tmp_path, {"train.py": 'ROOT = "/srv"\nURI = f"file://{ROOT + "/mlruns"}"\n',
                          # a comment inside a replacement field: no quote swap can give it to 3.11
                          "serve.py": 'X = 1\nMSG = f"""{X  # the count\n}"""\n'})
    index = build_index(tmp_path)
    # the nested strings take the other quote on an older interpreter: read on any Python
    assert index.python("train.py") is not None
    assert not [n for n in index.notices if n.path == "train.py"]
    src = index.python("serve.py")
    if sys.version_info >= (3, 12):
        assert src is not None
    else:
        assert src is None
        (notice,) = [n for n in index.notices if n.path == "serve.py"]
        assert "valid in Python 3.12+: run mlgate with the Python the project uses" in notice.message


def test_type_parameters_of_python_3_12_are_parsed_or_explained(tmp_path: Path) -> None:
    """PEP 695 type parameters (`type X = ...`, `def f[T](...)`, `class C[T]:`): seen on a library that
    requires Python 3.12. An older interpreter says why it cannot parse them; a real syntax error
    still gets the bare message."""
    import sys

    write_tree(tmp_path, {
        "alias.py": "from typing import Any\n\ntype Features = dict[str, Any]\n",
        "generic.py": "def load[T](path: str, kind: type[T]) -> T:\n    return kind()\n",
        "pipeline.py": "class Pipeline[TIn, TOut]:\n    pass\n",
        "broken.py": "def load(path:\n    return 1\n",
    })
    index = build_index(tmp_path)
    parsed = {p: index.python(p) is not None for p in ("alias.py", "generic.py", "pipeline.py", "broken.py")}
    notices = {n.path: n.message for n in index.notices}
    assert parsed["broken.py"] is False and "3.12" not in notices["broken.py"]
    for path in ("alias.py", "generic.py", "pipeline.py"):
        if sys.version_info >= (3, 12):
            assert parsed[path]
        else:
            assert not parsed[path]
            assert "valid in Python 3.12+: run mlgate with the Python the project uses" in notices[path], notices


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from(['"source": [', '  "source": "x = 1"', "", "\r", "  ]", '"source":"source":',
                                 '{"cells": [', "\u2028", "x\r"]), max_size=12), st.booleans())
def test_lines_holding_numbers_lines_as_split_lines(parts: list[str], trailing: bool) -> None:
    """A notebook's source lines are found without splitting its text, numbered as split_lines numbers
    them (at "\\n" only, a trailing "\\r" dropped), each line once however often it holds the needle."""
    from mlgate.repo import _lines_holding, split_lines

    text = "\n".join(parts) + ("\n" if trailing else "")
    lines = split_lines(text)
    expected = [i for i, line in enumerate(lines, start=1) if '"source":' in line]
    assert _lines_holding(text, '"source":') == (expected, [lines[i - 1] for i in expected])


def _seen() -> list[str]:
    return []


def _other_seen() -> list[str]:
    return []


def test_a_store_is_one_table_per_factory_and_never_the_base_s(tmp_path: Path) -> None:
    """``RepoIndex.store``: the table facts fill as they go is made once and shared; a table made by another
    factory under the same key is another table; the base of a comparison never takes the working tree's,
    and a fact computed from a store on the working tree is computed again on the base (the store may hold
    what the working tree's files say, not the base's)."""
    root = write_tree(tmp_path / "r", {"train.py": "import torch\n", "params.yaml": "lr: 0.1\n"})
    head = build_index(root, use_git=False)
    base = RepoIndex(str(root), head.files, head.source, twin=head, same=set(head.files))
    assert base.share_with_twin()
    table = head.store("seen", _seen)
    assert head.store("seen", _seen) is table
    assert head.store("seen", _other_seen) is not table
    table.append("train.py")
    calls: list[str] = []

    def count_seen(index: RepoIndex) -> int:  # a fact as facts are written: one code object for both sides
        def compute() -> int:
            calls.append("count")
            return len(index.store("seen", _seen))
        return index.memo("count-seen", compute)

    def lines_of(index: RepoIndex) -> int:  # reads only files that are the same on both sides
        def compute() -> int:
            calls.append("lines")
            return len(index.lines("params.yaml"))
        return index.memo("lines", compute)

    assert count_seen(head) == 1 and lines_of(head) == 1
    assert base.store("seen", _seen) == []  # the base's own table, empty
    assert lines_of(base) == 1 and count_seen(base) == 0  # taken from the working tree / computed again
    assert calls == ["count", "lines", "count"]


def test_a_notebook_is_searched_in_its_cells_not_its_outputs(tmp_path: Path) -> None:
    """The pre-filter reads a notebook's cell sources (code and markdown) as the code holds them: a string
    printed in an output is not in the notebook's code, and a quote is a quote, not the JSON's escape."""
    nb = {"cells": [
        {"cell_type": "markdown", "metadata": {}, "source": ["# Training with `seed_everything`\n"]},
        {"cell_type": "code", "metadata": {}, "execution_count": 1,
         "source": ["import torch\n", "manifest = 'kind: \"Deployment\"'\n"],
         "outputs": [{"output_type": "stream", "name": "stdout", "text": ["load_dataset finished\n"]}]},
    ], "metadata": {}, "nbformat": 4, "nbformat_minor": 5}
    root = write_tree(tmp_path / "r", {"train.ipynb": json.dumps(nb), "broken.ipynb": '{"cells": [ load_dataset'})
    index = build_index(root, use_git=False)
    assert index.contains("train.ipynb", Needles.of("import torch"))
    assert index.contains("train.ipynb", Needles.of("seed_everything"))  # markdown cells too
    assert index.contains("train.ipynb", Needles.of('kind: "Deployment"'))
    assert not index.contains("train.ipynb", Needles.of("load_dataset"))  # only in an output
    assert index.contains("broken.ipynb", Needles.of("load_dataset"))  # not JSON: its text, as for any file
    assert index.text("train.ipynb") == json.dumps(nb)  # the file's own text is untouched


def _notebook_json(sources: list[str]) -> str:
    return json.dumps({"cells": [{"cell_type": "code", "source": s.splitlines(keepends=True), "outputs": []}
                                 for s in sources], "nbformat": 4}, indent=1)


@pytest.mark.parametrize(("raw", "once"), [
    (_notebook_json(["import torch\n", "x = torch.ones(2)\nprint('é')\n"]).encode(), True),
    (b"\xef\xbb\xbf" + _notebook_json(["import torch\n"]).encode(), False),  # a byte-order mark
    (_notebook_json(["import torch\n", "s = 'cafQ'\n"]).encode().replace(b"Q", b"\xe9"), False),  # not UTF-8
    (b'{"cells": 3}', False),
])
def test_a_notebook_searched_first_has_the_cells_it_has_when_read_first(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, raw: bytes, once: bool) -> None:
    """The pre-filter decodes a notebook's JSON to search its cells; the code cells it then keeps for
    ``notebook`` are those (and the notices) ``notebook`` gives when it reads the file itself, and a plain UTF-8
    notebook's JSON is decoded once."""
    import mlgate.repo

    root = tmp_path / "r"
    root.mkdir()
    (root / "nb.ipynb").write_bytes(raw)
    alone = build_index(root, use_git=False)
    expected = alone.notebook("nb.ipynb"), alone.notices
    decoded: list[int] = []
    real = mlgate.repo.json.loads
    monkeypatch.setattr(mlgate.repo.json, "loads", lambda text, **kw: decoded.append(1) or real(text, **kw))
    searched = build_index(root, use_git=False)
    searched.contains("nb.ipynb", Needles.of("torch"))
    assert (searched.notebook("nb.ipynb"), searched.notices) == expected
    assert (len(decoded) == 1) == once
