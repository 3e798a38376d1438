"""mlgate.patterns reads plain CODEOWNERS patterns (``*``, ``/configs/``, ``src/model.py``) itself, so that a
pre-commit hook need not import pathspec: on every such pattern and path it must say what pathspec says."""

from __future__ import annotations

import itertools
import subprocess
import sys
from pathlib import Path

from mlgate.patterns import _literal_match, compile_pattern, matches, valid_pattern
from tests.conftest import write_tree

ROOT = Path(__file__).resolve().parents[1]

NAMES = ("a", "b", "docs", "src", "model.py", "teams", "team0", "z.py", "a.b", "-x_", ".github", "CODEOWNERS",
         "dvc.lock", "docsx", "xdocs", "README.md")
PATTERNS = ("*", "/teams/team0/", "teams/", "docs/", "docs", "/docs", "/docs/", "model.py", "/src/model.py",
            "src/model.py", "src/", "/src", "a/b/", "a/b", "a.b", "-x_", "/a/", "b", "a/z.py", ".github/",
            "/.github/CODEOWNERS", "dvc.lock", "teams/team0/src/", "xdocs/a/")


def test_plain_patterns_match_as_pathspec_reads_them() -> None:
    paths = ["/".join(p) for depth in range(1, 4) for p in itertools.product(NAMES, repeat=depth)]
    for pattern in PATTERNS:
        compiled = compile_pattern(pattern)
        assert compiled is not None and valid_pattern(pattern), pattern
        for path in paths:
            ours = _literal_match(pattern, path)
            assert ours is not None, pattern
            assert ours == (compiled.match_file(path) is not None), (pattern, path)
            assert matches(pattern, path, owners_file=True) == ours


STAR_NAMES = ("a", "b.json", ".json", "x.json.bak", "json", "pkg.egg-info", "egg-info", "x.", "..", "x..", "-x_",
              "train.py", "x.pyc", ".py", "a-", "__pycache__", "x~", "docs")
STAR_PATTERNS = ("*.json", "*.json/", "*.egg-info/", "*.egg-info", "*.py", "*.", "*..", "*-", "*_", "*a", "*json",
                 "*.pyc/", "*__pycache__", "*x_", "*.b/")


def test_a_suffix_after_a_star_matches_as_pathspec_reads_it() -> None:
    """`*.json` or `*.egg-info/` (a .gitignore's usual lines) is read without pathspec: a file or folder (a folder
    only with the slash) of that ending at any depth."""
    paths = ["/".join(p) for depth in range(1, 4) for p in itertools.product(STAR_NAMES, repeat=depth)]
    for pattern in STAR_PATTERNS:
        compiled = compile_pattern(pattern)
        assert compiled is not None, pattern
        for path in paths:
            ours = _literal_match(pattern, path)
            assert ours is not None, pattern
            assert ours == (compiled.match_file(path) is not None), (pattern, path)
    assert _literal_match("*.json", "data/x.json") and _literal_match("*.json", "x.json/data.csv")
    assert not _literal_match("*.json/", "data/x.json") and not _literal_match("*.json", "x.json.bak")


def test_other_patterns_are_left_to_pathspec() -> None:
    for pattern in ("*.py[cod]", "*.p?", "*/x.py", "**.py", "docs/*", "**/model.py", "!docs/", "\\#file", "a/./b",
                    "../x", "a b", "src/*/x"):
        assert _literal_match(pattern, "docs/x.py") is None, pattern
    assert matches("docs/*", "docs/a.md", owners_file=True) and not matches("docs/*", "docs/x/a.md", owners_file=True)
    assert not valid_pattern("#comment") and valid_pattern("*.py")


def test_the_model_spec_hook_on_a_plain_codeowners_loads_no_pathspec(tmp_path: Path) -> None:
    write_tree(tmp_path, {"CODEOWNERS": "* @acme/platform\n/configs/ @acme/ml\n",
                          "configs/model/gbm.yaml": "model:\n  learning_rate: 0.1\n", "train.py": "import sklearn\n"})
    code = ("import sys\nfrom mlgate import hooks\n"
            "code = hooks.model_spec(['configs/model/gbm.yaml', 'train.py'])\n"
            "print('CODE', code, 'PATHSPEC', sorted(m for m in sys.modules if m.split('.')[0] == 'pathspec'))\n")
    proc = subprocess.run([sys.executable, "-c", code], cwd=tmp_path, capture_output=True, text=True, timeout=60,
                          env={"PATH": "/usr/bin:/bin", "PYTHONPATH": str(ROOT), "MLGATE_NO_CACHE": "1"})
    assert "CODE 0 PATHSPEC []" in proc.stdout, proc.stdout + proc.stderr


WILD = ("*.py[cod]", "*$py.class", "*.egg-info/", "**/logs", "data/**/*.csv", "a/**/b", "?x", "x?", "[abc]y",
        "y[!a]", "*.so", ".env*", "/site/*", "*~", ".*.swp", "**", "*.[oa]", "a[/]b", "[", "x]", "*.py[", "a/*/b",
        "docs/**", "**/model.py", "b/*", "*.p?", "*.py?", "??", "[!x]*", "a.b/**/z.py")


def test_a_wildcard_pattern_that_cannot_match_is_read_without_pathspec() -> None:
    """Where the plain runs of a wildcard pattern are not in a path (a Python .gitignore's `*.py[cod]` and
    `train.py`), matches answers no without importing pathspec; it must never say no where pathspec says yes."""
    from mlgate.patterns import _cannot_match

    names = (*NAMES, "train.py", "train.pyc", "x", "xx", "ay", "ya", "yb", "logs", "m.csv", "model.pyo", "a.o",
             "v.so", ".env", ".envrc", "f~", ".f.swp", "site", "pkg.egg-info", "z$py.class", "a.py[")
    paths = ["/".join(p) for depth in range(1, 4) for p in itertools.product(names, repeat=depth)
             if depth < 3 or p[0] in ("a", "b", "docs", "data", "site")]
    said_no = 0
    for pattern in WILD:
        compiled = compile_pattern(pattern)
        for path in paths:
            if _cannot_match(pattern, path):
                said_no += 1
                assert compiled is None or compiled.match_file(path) is None, (pattern, path)
    assert said_no > len(WILD) * len(paths) // 2  # most answers need no pathspec
    assert _cannot_match("*.py[cod]", "train.py") and _cannot_match("*.egg-info/", "params.yaml")
    assert not _cannot_match("*.py[cod]", "train.pyc") and not _cannot_match("!*.py", "params.yaml")


def test_a_check_reading_a_python_gitignore_loads_no_pathspec(tmp_path: Path) -> None:
    """spec-in-vcs reads every .gitignore line for the model's usual files: GitHub's Python template, whose
    wildcards cannot match them, no longer costs the pathspec import (~15-20 ms of a small repository's check)."""
    from tests.conftest import git_repo

    root = git_repo(tmp_path / "r", {
        ".gitignore": "__pycache__/\n*.py[cod]\n*$py.class\n*.so\nbuild/\n*.egg-info/\n.env\n.venv\n*.log\n*.json\n",
        "train.py": "import sklearn\n", "requirements.txt": "scikit-learn==1.5.0\n"})
    code = ("import sys\nfrom pathlib import Path\nfrom mlgate.analysis import analyse\n"
            "from mlgate.config import load_config\n"
            "r = analyse('.', load_config(Path('.')))\n"
            "loaded = sorted(m for m in sys.modules if m.split('.')[0] == 'pathspec')\n"
            "print('FILES', r.file_count, 'PATHSPEC', loaded)\n")
    proc = subprocess.run([sys.executable, "-c", code], cwd=root, capture_output=True, text=True, timeout=120,
                          env={"PATH": "/usr/bin:/bin:/usr/local/bin", "PYTHONPATH": str(ROOT), "MLGATE_NO_CACHE": "1"})
    assert "FILES 3 PATHSPEC []" in proc.stdout, proc.stdout + proc.stderr
