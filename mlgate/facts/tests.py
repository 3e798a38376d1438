"""Test files, by pytest's and unittest's default discovery rules."""

from __future__ import annotations

import ast
import functools
import re

from mlgate import lazyre
from mlgate.patterns import by_folder
from mlgate.repo import Needles, RepoIndex

_TEST_NAME = lazyre.compile(r"^(test_.*|.*_test)\.py$", needs=("test",))
# what a test module holds: a test function or class, or unittest
_TEST_BODY = Needles("def test", "class Test", "unittest", "async def test")


@functools.cache
def is_test_file(path: str) -> bool:
    """Named like a test module (pytest's default `test_*.py` / `*_test.py`): kept out of the code rules judge.
    Asked of each file by many facts and rules (162,000 times on the 10,000-file tree): answered once a path
    (a dictionary of the paths asked, which the index holds anyway: ~0.5 MB on that tree)."""
    return _TEST_NAME.match(path.rsplit("/", 1)[-1]) is not None


def python_files(index: RepoIndex) -> tuple[str, ...]:
    """The modules and notebooks (``.py``, ``.ipynb``) in path order: listed once for the facts and rules that
    read code, not by a sweep of every file each."""
    return index.memo("python-files", lambda: tuple(p for p in index.files if p.endswith((".py", ".ipynb"))))


def code_files(index: RepoIndex) -> tuple[str, ...]:
    """``python_files`` less the modules named like tests (``is_test_file``), in path order."""
    return index.memo("code-files", lambda: tuple(p for p in python_files(index) if not is_test_file(p)))


def test_files(index: RepoIndex) -> list[str]:
    """The test modules of the repository: named like one and holding a test (a demo script named
    `test_gantry.py` with no test in it is not one, so it neither tests code nor counts as untested, and nor is a
    script that calls its own test function as it runs, ``_calls_its_tests``), and test modules named otherwise
    that a pytest command names by path (see ``_named_on_command_line``)."""
    return index.memo("test-files", lambda: [p for p in index.files if is_test_file(p)
                                             and index.contains(p, _TEST_BODY) and _holds_a_test(index, p)
                                             and not _calls_its_tests(index, p)]
                      + _named_on_command_line(index))


# a statement of the module itself (at column 0: not in a function, a class or an `if __name__` block) that calls
# a function named like a test, its result kept or not: `test_onnx(session, "ref")`, `ref = test_onnx(...)`
_TOP_LEVEL_TEST_CALL = lazyre.compile(r"^(?:\w[\w, ]*=[ \t]*)?(test_\w*)[ \t]*\(", re.M, needs=("test_",))


def _calls_its_tests(index: RepoIndex, path: str) -> bool:
    """Whether the module calls one of its own test functions in its top-level statements: a script (BCEmbedding's
    Docs/RyzenAI/test_perf_accuray.py opens ONNX sessions and runs `test_onnx(onnx_session_ref, tokenizer_path,
    'ref')` as it is run), not a module pytest collects: importing one never runs its tests."""
    text = index.text(path) or ""
    if not any(re.search(rf"^(?:async[ \t]+)?def[ \t]+{m.group(1)}[ \t]*\(", text, re.M)
               for m in _TOP_LEVEL_TEST_CALL.finditer(text)):
        return False
    # what the text suggests, read from the module's statements: a docstring or a string's line may spell the same
    src = index.python(path, keep=False)
    if src is None:
        return False  # not parsed: judged as a test module, as before
    body = src.tree.body
    defined = {f.name for f in body if isinstance(f, (ast.FunctionDef, ast.AsyncFunctionDef))}
    return any(isinstance(stmt, (ast.Expr, ast.Assign)) and isinstance(stmt.value, ast.Call)
               and isinstance(stmt.value.func, ast.Name) and stmt.value.func.id.startswith("test_")
               and stmt.value.func.id in defined for stmt in body)


def shown_test_file(tests: list[str]) -> str:
    """The test file a repository-level finding about the test suite is shown at: the first in a test folder
    (`tests/test_model.py`), not a test-named script that sorts before it (`scripts/test_camera.py`, a manual
    check); the first of all when none is in one. ``tests`` is not empty."""
    return next((t for t in tests if _TEST_DIR.search(t)), tests[0])


_TEST_DEF = Needles("def test", "async def test", "unittest")
_TEST_CLASS = lazyre.compile(r"^class\s+Test\w*\s*(\(|:)", re.M)


def _holds_a_test(index: RepoIndex, path: str) -> bool:
    """A module named like a test that holds only `class Test...` without a test function holds a test when one
    of those classes can be collected: pytest skips a class with an `__init__` (a script's `class TestRunner`
    that runs the numbered scripts of a lesson, in module1/helpers/test_runner.py), and a class that defines
    no test method can only hold tests it inherits (`class TestSqlite(BackendTests)`)."""
    if index.contains(path, _TEST_DEF):
        return True
    text = index.text(path) or ""
    for match in _TEST_CLASS.finditer(text):
        body = text[match.end():]
        end = re.search(r"^\S", body, re.M)
        body = body[:end.start()] if end else body
        if match.group(1) == "(" and not re.search(r"^\s+def __init__\s*\(", body, re.M):
            return True
    return False


_TEST_DIR = lazyre.compile(r"(^|/)(tests?|testing|unit_tests?|integration_tests?)/", needs=("test",))
_TEST_FUNCTION = Needles("def test", "async def test")
_RUNNER = lazyre.compile(r"\b(?:pytest|py\.test)\b")
_RUNNER_NEEDLES = Needles("pytest", "py.test")
# where a command line that runs pytest can be written down: CI and build configs, Makefiles, scripts, notebooks
_COMMAND_FILE = lazyre.compile(r"(\.ya?ml|\.sh|\.ipynb|\.cfg|\.ini|\.toml|(^|/)(Makefile|justfile|noxfile\.py))$",
                               needs=(".yml", ".yaml", ".sh", ".ipynb", ".cfg", ".ini", ".toml", "Makefile", "justfile",
                                      "noxfile.py"))


def _named_on_command_line(index: RepoIndex) -> list[str]:
    """Modules in a test folder whose names pytest does not collect by default (`src/tests/model_tests.py`)
    but that hold test functions and that a pytest command names by path (`pytest src/tests/model_tests.py`
    in a build config, a Makefile or a notebook): pytest runs a file given on its command line whatever
    its name, so these are the repository's tests too."""
    in_test_dir = by_folder(lambda folder: _TEST_DIR.search(folder) is not None)  # a folder followed by "/"
    candidates = [p for p in code_files(index) if p.endswith(".py") and in_test_dir(p)
                  and p.rsplit("/", 1)[-1] not in ("conftest.py", "__init__.py") and index.contains(p, _TEST_FUNCTION)]
    if not candidates:
        return []
    commands = [t for t in (index.text(p) for p in index.files if _COMMAND_FILE.search(p)
                            and index.contains(p, _RUNNER_NEEDLES)) if t and _RUNNER.search(t)]
    return [p for p in candidates if any(p in t for t in commands)]


def _ini_value(index: RepoIndex, path: str, section: str, key: str) -> str | None:
    """A value of an INI file as configparser reads it (continuation lines joined, comment lines
    inside dropped); None when the file, section or key is missing or the file does not parse."""
    text = index.text(path) if index.exists(path) else None
    if text is None:
        return None
    import configparser  # only for an INI file that exists: a hook's few files rarely hold one

    parser = configparser.ConfigParser(interpolation=None, strict=False)
    try:
        parser.read_string(text, source=path)
    except configparser.Error:
        return None
    return parser.get(section, key, fallback=None)


def _configured_patterns(index: RepoIndex) -> list[str]:
    """`python_files` globs from pytest.ini, tox.ini, setup.cfg or [tool.pytest.ini_options]."""
    out: list[str] = []
    for path, section in (("pytest.ini", "pytest"), ("tox.ini", "pytest"), ("setup.cfg", "tool:pytest")):
        value = _ini_value(index, path, section, "python_files")
        if value is not None:
            out.extend(value.split())
    data = index.toml("pyproject.toml") if index.exists("pyproject.toml") else None
    tool = data.get("tool") if isinstance(data, dict) else None
    pytest_cfg = tool.get("pytest") if isinstance(tool, dict) else None
    opts = pytest_cfg.get("ini_options") if isinstance(pytest_cfg, dict) else None
    files = opts.get("python_files") if isinstance(opts, dict) else None
    if isinstance(files, str):
        out.extend(files.split())
    elif isinstance(files, list):
        out.extend(str(f) for f in files)
    return out


def test_sources(index: RepoIndex) -> list[str]:
    """Every file whose imports count as "tested by": pytest files (default names and configured
    `python_files`), unittest's `test*.py`, `conftest.py`, and helper modules inside test directories."""

    def compute() -> list[str]:
        import fnmatch

        patterns = _configured_patterns(index)
        out = []
        for path in index.files:
            if not path.endswith(".py"):
                continue
            name = path.rsplit("/", 1)[-1]
            if is_test_file(path) or name == "conftest.py" or _TEST_DIR.search(path) \
                    or (name.startswith("test") and name != "testing.py") \
                    or any(fnmatch.fnmatch(name, p) for p in patterns):
                out.append(path)
        return out

    return index.memo("test-sources", compute)
