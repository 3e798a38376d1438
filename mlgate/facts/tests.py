"""Test files, by pytest's and unittest's default discovery rules."""

from __future__ import annotations

from mlgate import lazyre
from mlgate.repo import Needles, RepoIndex

_TEST_NAME = lazyre.compile(r"^(test_.*|.*_test)\.py$")
# what a test module holds: a test function or class, or unittest
_TEST_BODY = Needles("def test", "class Test", "unittest", "async def test")


def is_test_file(path: str) -> bool:
    """Named like a test module (pytest's default `test_*.py` / `*_test.py`): kept out of the code rules judge."""
    return _TEST_NAME.match(path.rsplit("/", 1)[-1]) is not None


def test_files(index: RepoIndex) -> list[str]:
    """The test modules of the repository: named like one and holding a test (a demo script named
    `test_gantry.py` with no test in it is not one, so it neither tests code nor counts as untested)."""
    return index.memo("test-files", lambda: [p for p in index.files if is_test_file(p)
                                             and index.contains(p, _TEST_BODY)])


_TEST_DIR = lazyre.compile(r"(^|/)(tests?|testing|unit_tests?|integration_tests?)/")


def _ini_value(index: RepoIndex, path: str, section: str, key: str) -> str | None:
    """A value of an INI file as configparser reads it (continuation lines joined, comment lines
    inside dropped); None when the file, section or key is missing or the file does not parse."""
    import configparser

    text = index.text(path) if index.exists(path) else None
    if text is None:
        return None
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
