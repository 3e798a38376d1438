"""Gitignore-style path patterns (pathspec), shared by config globs, CODEOWNERS and .gitattributes; and
the folders of sample code that facts and rules leave out."""

from __future__ import annotations

import fnmatch
import functools
import re
from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, Any, TypeVar

from mlgate import lazyre

if TYPE_CHECKING:
    from mlgate.repo import RepoIndex

# pathspec is imported on first use: it costs ~40 ms, which a pre-commit hook that matches no
# pattern should not pay.


@functools.lru_cache(maxsize=1)
def _pattern_class() -> Any:
    try:  # pathspec >= 1.0
        from pathspec.patterns.gitignore.spec import GitIgnoreSpecPattern
    except ImportError:  # pragma: no cover - pathspec 0.12
        from pathspec.patterns.gitwildmatch import GitWildMatchPattern

        return GitWildMatchPattern
    return GitIgnoreSpecPattern


@functools.lru_cache(maxsize=4096)
def compile_pattern(pattern: str) -> Any:
    """One gitignore-style pattern, or None when it is not a valid pattern."""
    try:
        compiled = _pattern_class()(pattern)
    except Exception:  # pathspec raises several error types for malformed patterns
        return None
    return compiled if compiled.include is not None else None


def valid_pattern(pattern: str) -> bool:
    """Whether pathspec reads ``pattern`` as a pattern that includes files (``compile_pattern`` is not None),
    without importing it for a plain path or ``*``, which always is one."""
    return _literal_match(pattern, "") is not None or compile_pattern(pattern) is not None


def matches(pattern: str, path: str, *, owners_file: bool = False) -> bool:
    """Whether a gitignore-style pattern matches a file path.

    With ``owners_file`` the CODEOWNERS reading applies: ``docs/*`` matches the files directly
    in ``docs/`` but not those in its subdirectories (GitHub's documented exception to gitignore).
    """
    literal = _literal_match(pattern, path)
    if literal is not None:
        return literal
    if _cannot_match(pattern, path):
        return False
    compiled = compile_pattern(pattern)
    if compiled is None:
        return False
    result = compiled.match_file(path)
    if result is None:
        return False
    if owners_file and pattern.endswith("/*"):
        match = getattr(result, "match", None)
        if match is not None and match.end() < len(path):
            return False
    return True


_LITERAL = lazyre.compile(r"/?[A-Za-z0-9_.-]+(/[A-Za-z0-9_.-]+)*/?")


def _literal_match(pattern: str, path: str) -> bool | None:
    """``matches`` for the patterns most CODEOWNERS files are made of, without importing pathspec (~70
    million instructions, half a pre-commit hook's own work): ``*`` and plain paths (``/configs/``,
    ``src/model.py``, ``docs/``), read as gitignore reads them; and a suffix after a star (``*.json``,
    ``*.egg-info/``), which matches a path with a file or folder (only a folder with the slash) of that ending at
    any depth, as ``*`` stands for any characters but a slash (a .gitignore's ``*.json`` was the one line that
    made a check of yolov5 import pathspec, ~15 ms). None for any other pattern (other wildcards, an escape, a
    negation, a ``.`` or ``..`` segment): pathspec decides those. A test compares both readings."""
    if pattern == "*":
        return bool(path)
    literal = _literal(pattern)
    if literal is None:
        suffix = _star_suffix(pattern)
        if suffix is None:
            return None
        ending, dir_only = suffix
        parts = path.split("/")
        return any(part.endswith(ending) for part in (parts[:-1] if dir_only else parts))
    body, dir_only, anchored = literal
    if anchored:
        return path.startswith(body + "/") or (not dir_only and path == body)
    parts = path.split("/")
    return body in (parts[:-1] if dir_only else parts)  # a folder (or, not dir-only, a file) of that name


@functools.lru_cache(maxsize=4096)
def _literal(pattern: str) -> tuple[str, bool, bool] | None:
    """(path, folders only, anchored at the root) of a plain pattern, or None; read once per pattern (a
    .gitignore's lines are matched against many paths)."""
    if not _LITERAL.fullmatch(pattern):
        return None
    body = pattern.strip("/")
    segments = body.split("/")
    if any(s in (".", "..") for s in segments):
        return None
    return body, pattern.endswith("/"), pattern.startswith("/") or len(segments) > 1


_STAR_SUFFIX = lazyre.compile(r"\*([A-Za-z0-9_.-]+)(/?)")


@functools.lru_cache(maxsize=4096)
def _star_suffix(pattern: str) -> tuple[str, bool] | None:
    """(ending, folders only) of a pattern ``*ENDING`` or ``*ENDING/`` of plain characters, or None."""
    found = _STAR_SUFFIX.fullmatch(pattern)
    return None if found is None else (found.group(1), found.group(2) == "/")


# What separates the plain runs of a pattern: a bracket expression, wildcards, slashes (which `**` may remove)
_NOT_PLAIN = lazyre.compile(r"(\[[^\]/]+\]|[*?/]+)")


def _cannot_match(pattern: str, path: str) -> bool:
    """True when a wildcard pattern cannot match ``path``, without importing pathspec (~15-20 ms, which a small
    repository's whole check noticed): each run of plain characters the pattern spells (``.py`` and ``.egg-info``
    of ``*.py[cod]`` and ``*.egg-info/``) occurs in any path it matches, since wildcards only add characters
    and ``**`` only removes slashes; a run beside a bracket expression or ``?`` has a character there
    (``train.py`` has none after ``.py``). False (pathspec decides) whenever this reading is not sure: an escape,
    a negation, an odd bracket, a ``.`` segment, spaces at either end. A test compares it with pathspec."""
    runs = _plain_runs(pattern)
    return runs is not None and any(
        run not in path[1 if before else 0:len(path) - 1 if after else None] for run, before, after in runs)


@functools.lru_cache(maxsize=4096)
def _plain_runs(pattern: str) -> tuple[tuple[str, bool, bool], ...] | None:
    """(run, a one-character wildcard before it, one after it) for each plain run of ``pattern``; None when
    _cannot_match cannot read it."""
    if "\\" in pattern or pattern[:1] == "!" or pattern != pattern.strip():
        return None
    parts = _NOT_PLAIN.split(pattern)  # run, separator, run, ..., run

    def one_char(i: int) -> bool:  # the separator at i stands for exactly one character
        return 0 < i < len(parts) and (parts[i][:1] == "[" or parts[i].strip("?") == "")

    runs = parts[::2]
    if any("[" in run or "]" in run or run in (".", "..") for run in runs):
        return None
    return tuple((parts[i], one_char(i - 1), one_char(i + 1)) for i in range(0, len(parts), 2) if parts[i])


class PathSet:
    """A set of gitignore-style patterns (``paths.exclude``, ``paths.model-spec`` ...)."""

    def __init__(self, patterns: Iterable[str]) -> None:
        self.patterns = tuple(patterns)
        self._spec: Any = None
        if self.patterns:
            import pathspec

            self._spec = pathspec.GitIgnoreSpec.from_lines(self.patterns)

    def __bool__(self) -> bool:
        return self._spec is not None

    def match(self, path: str) -> bool:
        return self._spec is not None and self._spec.match_file(path)

    def filter(self, paths: Iterable[str]) -> list[str]:
        return [p for p in paths if self.match(p)]


def rebase(pattern: str, prefix: str) -> str | None:
    """A gitignore-style pattern written for a folder, rewritten for its subfolder ``prefix`` (POSIX, no
    trailing slash): how a configuration found above the analysed folder addresses the files below it.

    A pattern without an inner slash matches at any depth and is kept; an anchored one loses the segments
    that ``prefix`` consumes. ``**`` means the pattern names the whole subfolder; None that it names
    nothing in it."""
    negated = pattern.startswith("!")
    body = pattern[1:] if negated else pattern
    dir_only = body.endswith("/")
    stripped = body.rstrip("/")
    if "/" not in stripped:
        return pattern
    segments = stripped.lstrip("/").split("/")
    parts = [p for p in prefix.split("/") if p]

    def walk(i: int, j: int) -> str | None:
        if j == len(parts):
            rest = "/".join(segments[i:])
            return "/" + rest + ("/" if dir_only else "") if rest not in ("", "**") else "**"
        if i == len(segments):
            return "**"  # the pattern names a folder above or at the subfolder: all of it
        if segments[i] == "**":
            return "/".join(segments[i:]) + ("/" if dir_only else "")  # `**/...` matches at any depth
        if fnmatch.fnmatchcase(parts[j], segments[i]):
            return walk(i + 1, j + 1)
        return None

    out = walk(0, 0)
    return None if out is None else ("!" + out if negated else out)


# ---------------------------------------------------------------------- folders of sample code
# Documentation, examples, samples, guides and tutorials illustrate a project: a model API, a drift report or a
# manifest there is not the repository's own (keras' guides/*.py are the guides of keras.io). Matched at any
# depth, in any case: FlagEmbedding's Tutorials/ and a C# project's Examples/ are such folders as well.
SAMPLE_DIRS = ("docs?", "documentation", "examples?", "samples?", "guides?", "tutorials?")

T = TypeVar("T")


def by_folder(answer: Callable[[str], T]) -> Callable[[str], T]:
    """``answer`` of a path's folder (the path up to and including its last "/", "" at the top), asked once a
    folder: for a question about the folders a file is in, such as a pattern that matches a folder name followed
    by "/" (a sweep of every file asks it of thousands of files in a few hundred folders)."""
    known: dict[str, T] = {}

    def of(path: str) -> T:
        folder = path[:path.rfind("/") + 1]
        if folder not in known:
            known[folder] = answer(folder)
        return known[folder]

    return of



def in_folders(*names: str) -> re.Pattern[str]:
    """A path inside a folder whose name matches one of ``names`` (regular expressions), at any depth, in any
    case (`Tutorials/`, `Examples/`)."""
    return lazyre.compile(r"(^|/)(" + "|".join(names) + r")/", re.I)


SAMPLE_CODE = in_folders(*SAMPLE_DIRS)
# sample code and tests: neither is the repository's own pipeline or serving image
SAMPLE_OR_TEST_CODE = in_folders(*SAMPLE_DIRS, "tests?")
# sample code and demos: a research project's demo/ folder (SimCSE's Gradio and Flask pages) loads its released
# model to show it, as an example does. Not in SAMPLE_DIRS: an application's demo may be the app it ships
EXAMPLE_OR_DEMO_CODE = in_folders(*SAMPLE_DIRS, "demos?")


def is_dockerfile(path: str) -> bool:
    """A Dockerfile or Containerfile by name, as Docker and Podman find them: `Dockerfile`, lower-case
    `dockerfile` (Docker's second default), `Dockerfile.gpu`, `Dockerfile-api`, `api.Dockerfile` and the
    Containerfile equivalents; not a `.dockerignore`."""
    lowered = path.rsplit("/", 1)[-1].lower()
    if lowered.endswith(".dockerignore"):
        return False
    return (
        lowered in ("dockerfile", "containerfile")
        or lowered.startswith(("dockerfile.", "containerfile.", "dockerfile-", "containerfile-", "dockerfile_"))
        or lowered.endswith((".dockerfile", ".containerfile"))
    )


def dockerfiles(index: RepoIndex) -> list[str]:
    """The repository's Dockerfiles and Containerfiles (``is_dockerfile``), in path order: listed once, not by
    each fact and rule that reads them (four sweeps of every file)."""
    return list(index.memo("dockerfiles", lambda: [p for p in index.files if is_dockerfile(p)]))


_COMMAND_SCRIPT = lazyre.compile(r"([\w./-]+\.py)\b", needs=(".py",))
_COMMAND_MODULE = lazyre.compile(r"python[\d.]*\s+-m\s+([\w.]+)", needs=("python",))


def command_scripts(cmd: str) -> list[str]:
    """The Python scripts a shell command runs, as paths relative to where it runs: `python src/train.py`
    gives src/train.py, `python -m src.train` gives src/train.py and src/train/__main__.py (a package run
    as a module). Empty when it names none (`make train`, `bash train.sh`)."""
    out = [m.group(1) for m in _COMMAND_SCRIPT.finditer(cmd)]
    for m in _COMMAND_MODULE.finditer(cmd):
        module = m.group(1).replace(".", "/")
        out += [f"{module}.py", f"{module}/__main__.py"]
    return [p[2:] if p.startswith("./") else p for p in out]


def runs_script(scripts: list[str], path: str) -> bool:
    """Whether the file ``path`` is one of ``scripts`` (``command_scripts``, relative to where the command runs)."""
    return any(path == s or path.endswith("/" + s) for s in scripts)


# `requirements` with no extension too: `pip install -r requirements` reads it as it reads requirements.txt, and
# over 12,000 repositories of the code index hold one at their root (jacopotagliabue/no-ops-machine-learning pins
# its whole environment in it: "declares no dependency" failed the gate)
_REQUIREMENTS_NAME = lazyre.compile(r"^((requirements.*|.*requirements|.*-requirements|constraints.*)\.txt"
                                    r"|requirements)$")


def is_requirements_file(path: str) -> bool:
    """A pip requirements file by name: `requirements.txt`, `requirements-dev.txt`, `test_requirements.txt`,
    `constraints.txt`, `requirements` (no extension), or any `.txt` in a `requirements/` folder."""
    folder, _, name = path.rpartition("/")
    return bool(_REQUIREMENTS_NAME.match(name)) or (
        name.endswith(".txt") and "requirements" in folder.split("/"))


# a conda environment file by name: environment.yml, conda.yaml, env.yml, environment-gpu.yml; and one named for
# what it is for before the word (EasyLM's README: `conda env create -f scripts/gpu_environment.yml`), which is one
# only when it declares `dependencies` (a `deploy-environment.yaml` may be anything)
# (`env` only alone or first: MLflow's python_env.yaml lists pip requirements under `dependencies` too)
_CONDA_ENV_NAME = lazyre.compile(r"^(?:(?P<prefix>[\w.-]*[-_.])(?:environment|conda)|environment|conda|env)"
                                 r"(?:[-_.][\w.-]*)?\.ya?ml$")


def conda_environment_name(path: str) -> str | None:
    """"plain" for a conda environment file's usual name (`environment.yml`, `conda-gpu.yaml`, `env.yml`),
    "prefixed" for a name with a word before it (`gpu_environment.yml`: one only if it declares `dependencies`),
    else None."""
    m = _CONDA_ENV_NAME.match(path.rpartition("/")[2])
    return None if m is None else "prefixed" if m.group("prefix") else "plain"


# a documentation build's own environment (Sphinx, MkDocs, Read the Docs) and the samples documentation shows
_DOCS_FOLDERS = frozenset({"doc", "docs", "documentation"})
_DOCS_BUILD_WORDS = frozenset({"doc", "docs", "documentation", "sphinx", "mkdocs", "readthedocs"})
_NAME_WORDS = lazyre.compile(r"[-_.]+")


# where a test suite keeps its inputs: a data folder below a folder of tests (tests/serve/data/, test/resources/),
# or a folder of fixtures by its name wherever it is (tests/fixtures/, testdata/)
_TEST_FOLDERS = frozenset({"tests", "test", "testing"})
_TEST_DATA_FOLDERS = frozenset({"data", "fixtures", "resources", "assets", "files", "inputs", "cases", "samples",
                                "testdata", "test_data", "test-data", "mock_data"})
_FIXTURE_FOLDERS = frozenset({"fixtures", "testdata", "test_data", "test-data"})


def is_test_input(path: str) -> bool:
    """A file a test suite reads as its input, by where it is: in a data, fixtures or resources folder below a
    folder of tests (a parser's tests keep the environments they parse in tests/data/: SeldonIO/tempo's
    tests/serve/data/conda.yaml, an MLflow model saved for a loader's test), or in a folder of fixtures by its
    name. Not the test suite's own environment (tests/requirements.txt, tests/integration/requirements.txt)."""
    parts = path.split("/")[:-1]
    for i, part in enumerate(parts):
        if part in _FIXTURE_FOLDERS:
            return True
        if part in _TEST_FOLDERS and not _TEST_DATA_FOLDERS.isdisjoint(parts[i + 1:]):
            return True
    return False


def is_docs_dependencies(path: str) -> bool:
    """A dependency declaration that is not the project's: any file in a ``docs/``, ``doc/`` or
    ``documentation/`` folder (at any depth: the documentation build's environment, a sample's
    requirements), or a requirements file named for the documentation build (``docs-requirements.txt``,
    ``requirements-docs.txt``, ``requirements/docs.txt``, ``requirements-mkdocs.txt``; not
    ``requirements-doctests.txt``: doctests are tests of the code)."""
    folder, _, name = path.rpartition("/")
    if folder and not _DOCS_FOLDERS.isdisjoint(folder.split("/")):
        return True
    if not is_requirements_file(path):
        return False
    return not _DOCS_BUILD_WORDS.isdisjoint(_NAME_WORDS.split(name.removesuffix(".txt").lower()))
