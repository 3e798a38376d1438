"""Is the repository a library published as a package, and which folders are that package's code?

A published library's package is an API for other people's ML code: its training loops, download
helpers, metric implementations, storage initialisers and request models are the product, not this
repository's training, data reads or evaluation. Rules that judge a project's own ML pipeline leave
that code out (the repository model, mlgate.inventory, reports the kind; this fact is what the
discovery of training, evaluation and data reads consults, cheaply and before any of them runs).
"""

from __future__ import annotations

import re

from mlgate import lazyre
from mlgate.repo import Needles, RepoIndex

_PUBLISH = lazyre.compile(r"pypa/gh-action-pypi-publish|twine\s+upload|\buv\s+publish|poetry\s+publish"
                          r"|hatch\s+publish|flit\s+publish|pdm\s+publish|maturin\s+(publish|upload)")
_CLASSIFIERS = Needles("Development Status ::", "License :: OSI Approved")
_ROOT_TRAINING = lazyre.compile(r"^(train|training|finetune|fine_tune|fit)([_-][\w-]*)?\.py$")
_NOT_PACKAGE = lazyre.compile(r"(^|/)(tests?|testing|docs?|examples?|samples?|scripts?|benchmarks?|tutorials?"
                              r"|notebooks?|hack|tools)/")


def short(command: str, width: int = 40) -> str:
    """``command`` on one line, cut to ``width`` characters with an ellipsis."""
    one = " ".join(command.split())
    return one if len(one) <= width else one[: width - 1] + "…"


def published(index: RepoIndex) -> str:
    """Why the repository is a library published as a package ('' when it is not): a workflow publishes
    it, or its package metadata carries PyPI classifiers; never when a training script sits at the top
    (a project run from its root, such as a detector's train.py, is an application)."""
    return index.memo("project:published", lambda: _published(index))


def _published(index: RepoIndex) -> str:
    from mlgate.facts.ci import ci_reached

    if any(_ROOT_TRAINING.match(f) for f in index.files if "/" not in f):
        return ""
    for _job, r in ci_reached(index):
        if _PUBLISH.search(r.command):
            return f"{r.path} publishes it as a package (`{short(r.command)}`)"
    for path in index.files:
        if path.startswith(".github/workflows/") and path.endswith((".yml", ".yaml")):
            m = _PUBLISH.search(index.text(path) or "")
            if m:
                return f"{path} publishes it as a package (`{m.group(0)}`)"
    # PyPI classifiers alone are boilerplate of many templates: the README must also tell its readers to
    # install the package by name
    data = index.toml("pyproject.toml") if index.exists("pyproject.toml") else None
    project = data.get("project") if isinstance(data, dict) else None
    if isinstance(project, dict) and isinstance(project.get("classifiers"), list) and any(
            isinstance(c, str) and c.startswith(("Development Status", "License ::")) for c in project["classifiers"]):
        name = project.get("name")
        if isinstance(name, str) and _installed_by_name(index, name):
            return f"pyproject.toml declares the package `{name}` with PyPI classifiers, and the README installs it"
    for meta in ("setup.py", "setup.cfg"):
        if index.exists(meta) and index.contains(meta, _CLASSIFIERS):
            m = re.search(r"""\bname\s*[=:]\s*["']?([A-Za-z0-9_.-]+)""", index.text(meta) or "")
            if m and _installed_by_name(index, m.group(1)):
                return f"{meta} declares the package `{m.group(1)}` with PyPI classifiers, and the README installs it"
    return ""


def _installed_by_name(index: RepoIndex, name: str) -> bool:
    readme = next((f for f in index.files if "/" not in f and f.lower().startswith("readme")), None)
    text = (index.text(readme) or "") if readme else ""
    wanted = re.escape(name).replace("\\-", "[-_]").replace("_", "[-_]")
    return re.search(rf"\b(pip3?|pipx|uv\s+pip|uv)\s+(install|add)\s+(-U\s+|--upgrade\s+)?[\"']?{wanted}\b",
                     text, re.I) is not None


def library_packages(index: RepoIndex) -> tuple[str, ...]:
    """The top-level package folders of a published library ('src/peft', 'python/kserve/kserve'); empty
    when the repository is not a published library. Tests, docs, examples and scripts are never package
    code: they are where a library's own ML work (training examples, benchmarks) lives."""
    return index.memo("project:library-packages", lambda: _packages(index) if published(index) else ())


def _packages(index: RepoIndex) -> tuple[str, ...]:
    inits = {f.rsplit("/", 1)[0] for f in index.files if f.endswith("/__init__.py")}
    tops = [d for d in inits if d.rsplit("/", 1)[0] not in inits and not _NOT_PACKAGE.search(d + "/")]
    return tuple(sorted(tops))


def in_library_package(index: RepoIndex, path: str) -> bool:
    """Whether ``path`` is code of a published library's own package."""
    return any(path.startswith(p + "/") for p in library_packages(index))


# Where a published library keeps its maintenance tooling (release, docs and CI helpers, profilers)
_TOOLING = lazyre.compile(r"(^|/)(scripts?|tools?|hack|dev|devtools|dev_tools|maintenance)/")


def library_tooling(index: RepoIndex, path: str) -> bool:
    """Whether ``path`` is a maintenance script of a published library (its scripts/, tools/ or hack/
    folder, outside the package): tooling for the library's own development, not the project's model,
    training or data, whatever the script imports or downloads."""
    return _TOOLING.search(path) is not None and bool(published(index)) and not in_library_package(index, path)
