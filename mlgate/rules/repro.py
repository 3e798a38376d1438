"""Reproducibility rules: seeds, determinism, declared pipelines, tracked parameters, pinned
dependencies and base images."""

from __future__ import annotations

import ast
import re
from collections.abc import Callable, Iterable
from typing import Any, NamedTuple

from mlgate import lazyre
from mlgate.constants import LOCK_FILE_SUFFIXES, LOCK_FILES
from mlgate.facts.ci import ci_reached
from mlgate.facts.deploy import ray_service_images
from mlgate.facts.dvc import pipelines
from mlgate.facts.project import (
    conda_explicit_specs,
    docs_dependencies,
    documented_installs,
    image_packages,
    image_pip_installs,
    not_project_dependencies,
)
from mlgate.facts.python import (
    UNRESOLVED,
    ConfigValue,
    Reached,
    Resolved,
    Resolver,
    Unit,
    argument,
    build_unit,
    config_values,
    in_a_project,
    is_test_path,
    keyword,
    node_in,
    repo_imports,
    units,
)
from mlgate.facts.training import Module, callers_of, function_fits, reachable, step_callers
from mlgate.model import Confidence, Finding, Level, Outcome, Scope, Status
from mlgate.patterns import conda_environment_name, dockerfiles, is_dockerfile, is_requirements_file
from mlgate.repo import (
    Needles,
    PySource,
    RepoIndex,
    calls_in,
    parent_dir,
    split_lines,
    walk_statements,
    yaml_line,
)
from mlgate.rules.base import Context, RuleFn, outcome_from_findings

# ---------------------------------------------------------------------------- repro-deps-pinned
_VCS_PINNED = lazyre.compile(r"@\s*[0-9a-f]{40}\b|@\s*v?\d+(\.\d+)+\b")


def _logical_lines(text: str) -> list[tuple[int, str]]:
    """(first line number, text) of each requirement, with continuations joined, comments removed."""
    out: list[tuple[int, str]] = []
    buf, start = "", 0
    for lineno, raw in enumerate(split_lines(text), start=1):
        line = re.sub(r"(^|\s)#.*$", "", raw)
        if not buf:
            start = lineno
        if line.rstrip().endswith("\\"):
            buf += line.rstrip()[:-1] + " "
            continue
        buf += line
        if buf.strip():
            out.append((start, buf.strip()))
        buf = ""
    if buf.strip():
        out.append((start, buf.strip()))
    return out


def _url_state(url: str) -> str:
    """'hashed' | 'exact' | 'loose' for a direct URL: a VCS URL pinned to a commit or tag, or an
    archive whose file name carries its version (a wheel always does), is pinned; a ``#sha256=``
    fragment makes pip check the download."""
    if url.startswith(("git+", "hg+", "svn+", "bzr+")):
        return "exact" if _VCS_PINNED.search(url.split("#", 1)[0]) else "loose"
    from urllib.parse import unquote, urlsplit

    from packaging.utils import InvalidSdistFilename, InvalidWheelFilename, parse_sdist_filename, parse_wheel_filename

    try:
        parts = urlsplit(url)
    except ValueError:  # a malformed host ("[extra]")
        return "loose"
    filename = unquote(parts.path.rsplit("/", 1)[-1])
    try:
        if filename.endswith(".whl"):
            parse_wheel_filename(filename)
        else:
            parse_sdist_filename(filename)
    except (InvalidWheelFilename, InvalidSdistFilename):
        return "loose"  # an archive of a branch (`.../main.zip`): its contents change
    return "hashed" if re.search(r"(^|&)(sha256|sha384|sha512)=[0-9a-fA-F]+", parts.fragment) else "exact"


def _url_name(url: str) -> str | None:
    """The project a bare URL installs: its ``#egg=`` fragment or its archive's file name."""
    from urllib.parse import unquote, urlsplit

    from packaging.utils import InvalidSdistFilename, InvalidWheelFilename, parse_sdist_filename, parse_wheel_filename

    try:
        parts = urlsplit(url)
    except ValueError:
        return None
    egg = re.search(r"(?:^|&)egg=([A-Za-z0-9][A-Za-z0-9._-]*)", parts.fragment)
    if egg:
        return egg.group(1)
    if url.startswith(("git+", "hg+", "svn+", "bzr+")):
        # `git+https://github.com/org/dm_control.git[@ref]` installs the repository's project: named after
        # its last path segment, which is what a reader looks for in the finding
        repo = parts.path.split("@", 1)[0].rstrip("/").rsplit("/", 1)[-1].removesuffix(".git")  # @feature/x
        return repo if re.fullmatch(r"[A-Za-z0-9][A-Za-z0-9._-]*", repo) else None
    filename = unquote(parts.path.rsplit("/", 1)[-1])
    try:
        return str(parse_wheel_filename(filename)[0] if filename.endswith(".whl")
                   else parse_sdist_filename(filename)[0])
    except (InvalidWheelFilename, InvalidSdistFilename):
        return None


# A requirement whose reading needs no PEP 508 parser: a name with or without extras, alone, pinned with `==`
# to a release of digits and dots (or its canonical pre-release, `2.0b8`), or with one other comparison.
# packaging reads each the same way (the name as written; `==` to such a release is exact; any other single
# comparison, valid or not, pins nothing), and importing packaging costs ~20 ms (a pre-commit hook's, and a
# small repository's check, whose extras and betas sent it there): it is imported only for the other lines.
_CONDA_EXPORT_HEADER = lazyre.compile(r"^#.*\bconda create\b.*--file\b", re.M)
_CONDA_EXPORT_LINE = lazyre.compile(r"^([A-Za-z0-9_][\w.+-]*)=([0-9][^=\s<>!~,;]*)(?:=([^=\s]+))?$")
_SIMPLE_REQUIREMENT = lazyre.compile(r"^(?P<name>[A-Za-z0-9](?:[A-Za-z0-9._-]*[A-Za-z0-9])?)[ \t]*"
                                     r"(?:\[[ \t]*[A-Za-z0-9](?:[A-Za-z0-9._-]*[A-Za-z0-9])?"
                                     r"(?:[ \t]*,[ \t]*[A-Za-z0-9](?:[A-Za-z0-9._-]*[A-Za-z0-9])?)*[ \t]*\][ \t]*)?"
                                     r"(?:(?P<pin>==)[ \t]*[0-9]+(?:\.[0-9]+)*(?:(?:a|b|rc)[0-9]+)?"
                                     r"|(?:>=|<=|~=|!=|<|>)[ \t]*[^\s,;@\[\]()]+)?$")


def _requirement_state(spec: str) -> tuple[str, str] | None:
    """(name, 'hashed' | 'exact' | 'loose') for a requirement line; None for options, local paths and
    lines pip would not read as a requirement. PEP 508 is parsed by ``packaging`` (imported here only)."""
    if spec.startswith(("-", ".", "/", "file:")):
        return None
    hashed = "--hash=" in spec
    body = re.split(r"\s--?[A-Za-z]", " " + spec, maxsplit=1)[0].strip()  # per-requirement options
    if re.match(r"^[A-Za-z][A-Za-z0-9+.-]*://", body):  # a bare URL: pip reads it, PEP 508 does not
        url = body.split(";", 1)[0].split()[0]
        name = _url_name(url)
        if name is None:
            return None  # no project name to report it under
        state = _url_state(url)
    elif simple := _SIMPLE_REQUIREMENT.match(body):
        name, state = simple.group("name"), "exact" if simple.group("pin") else "loose"
    else:
        from packaging.requirements import InvalidRequirement, Requirement

        try:
            req = Requirement(body)
        except InvalidRequirement:
            # pip refuses the line; a name with a broken version (`numpy>=`) still pins nothing
            broken = re.match(r"^([A-Za-z0-9][A-Za-z0-9._-]*)\s*(?:\[[^\]]*\])?\s*(?:[<>=!~]=?|===)", body)
            return (broken.group(1), "loose") if broken else None
        name = req.name
        if req.url:
            state = _url_state(req.url)
        else:
            exact = any(s.operator == "===" or (s.operator == "==" and not s.version.endswith(".*"))
                        for s in req.specifier)
            state = "exact" if exact else "loose"
    if state == "exact" and hashed:
        state = "hashed"
    return name, state


def _norm(name: str) -> str:
    """The PEP 503 normalised name (packaging's canonicalize_name, without importing packaging)."""
    return re.sub(r"[-_.]+", "-", name).lower()


def _constraint_pins(ctx: Context, path: str, text: str) -> dict[str, str]:
    """name -> state of the requirements pinned by the `-c` constraint files a requirements file names."""
    pins: dict[str, str] = {}
    folder = path.rsplit("/", 1)[0] + "/" if "/" in path else ""
    for _line, spec in _logical_lines(text):
        m = re.match(r"^(?:-c|--constraint)[\s=]+(\S+)$", spec)
        if not m:
            continue
        target = folder + m.group(1).lstrip("./") if not m.group(1).startswith("/") else m.group(1)[1:]
        other = ctx.index.text(target)
        for _l, cspec in _logical_lines(other or ""):
            st = _requirement_state(cspec)
            if st is not None and st[1] != "loose":
                pins[_norm(st[0])] = st[1]
    return pins


_LOCAL_REFERENCE = lazyre.compile(r"@\s*(file:/(?!/*\$)\S+)")  # not `file:///${PROJECT_ROOT}/libs/x`


# installer tooling, as in a conda file (`_conda_state`): pip-compile leaves these out of a lock unless told to
# (`--allow-unsafe`); a bare `pip` line upgrades the installer before the rest installs
_INSTALLER_TOOLING = frozenset({"pip", "setuptools", "wheel"})


def _requirements_findings(ctx: Context, path: str, locked: bool) -> tuple[list[Finding], int]:
    """Findings for one requirements file; ``locked``: a lock file beside it already pins exact artifacts."""
    text = ctx.index.text(path)
    if text is None:
        return [], 0
    findings: list[Finding] = []
    constrained = _constraint_pins(ctx, path, text)
    # `conda list --export` written to a requirements-named file (`conda create --name <env> --file <this
    # file>`): `name=version=build` lines, each an exact conda pin, which pip cannot read at all
    conda_header = _CONDA_EXPORT_HEADER.search(text) is not None
    conda = {line: m.group(1) for line, spec in _logical_lines(text)
             if (m := _CONDA_EXPORT_LINE.match(spec)) is not None and (m.group(3) or conda_header)}
    reqs = [(line, (conda[line], "exact") if line in conda else _requirement_state(spec))
            for line, spec in _logical_lines(text)]
    written = reqs  # as the file writes them, before its constraint files pin its bare names
    reqs = [
        (
            line,
            (s[0], constrained[_norm(s[0])])
            if s is not None and s[1] == "loose" and _norm(s[0]) in constrained
            else s,
        )
        for line, s in reqs
    ]
    # a name repeated bare after its pin in the same file (a freeze with `pandas` appended by hand): pip
    # merges the repeated requirement with the pinned one, so the pin is what installs
    pinned_here = {_norm(s[0]): s[1] for _, s in reqs if s is not None and s[1] != "loose"}
    reqs_known = [(line, (s[0], pinned_here[_norm(s[0])]) if s[1] == "loose" and _norm(s[0]) in pinned_here else s)
                  for line, s in reqs if s is not None]
    # pip's hash-checking mode starts when any requirement carries a `--hash` option; a `#sha256=` fragment of a
    # direct URL is checked for that download alone and does not start it (pip's `has_hash_options`: "hashes
    # specified as part of a URL do not"): a `pip freeze` that records a local wheel as `name @ file:///...whl
    # #sha256=...` asks nothing of the other lines
    url_hashed = {line for line, s in written if s is not None and s[1] == "hashed"} - {
        line for line, spec in _logical_lines(text) if "--hash" in spec}
    any_hash = any(s is not None and s[1] == "hashed" and line not in url_hashed for line, s in reqs)
    # `name @ file:///...`: a folder of the machine that wrote the list (a `pip freeze` in a conda environment
    # records conda's build folders for what conda installed), no version, and nothing another machine can read
    local = {line: m.group(1) for line, spec in _logical_lines(text) if (m := _LOCAL_REFERENCE.search(spec))}
    for line, (name, state) in reqs_known:
        if state == "loose" and _norm(name) in _INSTALLER_TOOLING and not any_hash:
            continue  # the installer itself, as in a conda file: pip-compile leaves it out of a lock ("unsafe")
        if state == "loose" and line in local:
            findings.append(Finding(
                path, line, f"{name} is installed from a folder of the machine that wrote the list ({local[line]}): "
                "it names no version, and pip cannot install it anywhere else",
                remediation="Write the list with versions: `pip list --format=freeze > requirements.txt` (a "
                "`pip freeze` in a conda environment records conda's build folders), or declare the environment in "
                "environment.yml and lock it with conda-lock.",
                key=f"loose {name}"))
        elif state == "loose":
            findings.append(
                Finding(
                    path,
                    line,
                    f"{name} is not pinned to an exact version",
                    remediation=f"Pin it (`{name}==<version>`), or better, generate a lock file "
                    "with hashes: `uv pip compile --generate-hashes` or "
                    "`pip-compile --generate-hashes`.",
                    key=f"loose {name}",
                )
            )
        elif state == "exact" and not any_hash:
            pass  # reported once per file below
        elif state == "exact" and any_hash:
            findings.append(
                Finding(
                    path,
                    line,
                    f"{name} has no --hash while other requirements do: pip's "
                    "hash-checking mode will refuse to install",
                    key=f"nohash {name}",
                )
            )
    exact_only = [ln for ln, s in reqs_known if s[1] == "exact"]
    if exact_only and conda and len(conda) * 2 >= len(reqs_known) and not locked \
            and not any(f.level is Level.FAIL for f in findings):
        findings.append(Finding(
            path, exact_only[0],
            f"{len(conda)} conda packages are pinned to a version and build (`conda list --export`), without the "
            "channel URL and checksum of each build",
            level=Level.PARTIAL,
            remediation="Write an explicit spec instead (`conda list --explicit --md5 > spec-file.txt`: the URL and "
            "checksum of every build), or declare environment.yml and lock it with conda-lock.",
            key="conda export"))
    elif exact_only and not any_hash and not locked and not any(f.level is Level.FAIL for f in findings):
        findings.append(
            Finding(
                path,
                exact_only[0],
                f"{len({_norm(s[0]) for _, s in reqs_known if s[1] == 'exact'})} requirements are pinned with == "
                "but without hashes",
                level=Level.PARTIAL,
                remediation="Add hashes so the exact artifacts are installed: "
                "`pip-compile --generate-hashes` (or commit a uv/poetry lock file).",
                key="no hashes",
            )
        )
    return findings, 1 if reqs_known else 0


_POETRY_EXACT = lazyre.compile(r"^(?:==?)?\s*v?\d+(?:\.\d+)*[\w.+!-]*$")


def _poetry_pinned(spec: Any) -> bool:
    """Whether a Poetry dependency pins one artifact: a bare version is an exact pin in Poetry
    (``numpy = "1.26.0"``, as ``==1.26.0``); ``^``, ``~``, ``*``, ``>=`` and wildcards are ranges; a git
    dependency pinned to a commit or tag and a URL to a versioned archive are pinned too; a path
    dependency is the project's own code. A list (one constraint per platform) is pinned when each is."""
    if isinstance(spec, list):
        return bool(spec) and all(_poetry_pinned(s) for s in spec)
    if isinstance(spec, dict):
        if "path" in spec:
            return True
        if "git" in spec:
            ref = next((str(spec[k]) for k in ("rev", "tag") if k in spec), "")
            return bool(re.fullmatch(r"[0-9a-f]{40}|v?\d+(\.\d+)+", ref))
        if "url" in spec:
            return _url_state(str(spec["url"])) != "loose"
        spec = spec.get("version")
    return isinstance(spec, str) and "*" not in spec and _POETRY_EXACT.match(spec.strip()) is not None


def _pyproject_findings(ctx: Context, path: str, locked: bool) -> tuple[list[Finding], int]:
    doc = ctx.index.toml(path)
    if not isinstance(doc, dict):
        return [], 0
    project = doc.get("project") if isinstance(doc.get("project"), dict) else {}
    deps = project.get("dependencies") if isinstance(project, dict) else None
    poetry = doc.get("tool", {}).get("poetry", {}) if isinstance(doc.get("tool"), dict) else {}
    poetry_deps = poetry.get("dependencies") if isinstance(poetry, dict) else None
    names: list[str] = []
    if isinstance(deps, list):
        for d in deps:
            st = _requirement_state(str(d))
            if st and st[1] == "loose":
                names.append(st[0])
    if isinstance(poetry_deps, dict):
        for name, spec in poetry_deps.items():
            if name != "python" and not _poetry_pinned(spec):
                names.append(str(name))
    declared = bool(isinstance(deps, list) and deps) or bool(
        isinstance(poetry_deps, dict) and set(poetry_deps) - {"python"}
    )
    if not declared:
        return [], 0
    if locked or not names:
        return [], 1
    line = next(
        (
            i
            for i, ln in enumerate(ctx.index.lines(path), start=1)
            if re.match(r"^\s*(dependencies\s*=|\[tool\.poetry\.dependencies\])", ln)
        ),
        None,
    )
    return [
        Finding(
            path,
            line,
            f"{len(names)} dependencies are version ranges and no lock file is committed "
            f"({', '.join(names[:4])}{', ...' if len(names) > 4 else ''})",
            level=Level.PARTIAL,
            remediation="Commit a lock file next to pyproject.toml (`uv lock`, `poetry lock` or "
            "`pdm lock`) so training environments can be rebuilt exactly.",
            key="ranges without lock",
        )
    ], 1



_BUILD_ARG = lazyre.compile(r"\$\{?[A-Za-z_]\w*\}?")


_REQUIREMENTS_DIRS = frozenset({"requirements", "reqs", "deps", "dependencies", "requirements.d"})


def _pip_states(specs: Iterable[str]) -> list[tuple[str, str]]:
    """(name, state) of each package a `pip install` command names. A version a build argument gives
    (`torch==${PYTORCH}`) is pinned when the image is built; `pip install --upgrade pip` declares nothing."""
    return [st for s in specs if (st := _requirement_state(_BUILD_ARG.sub("0", s))) is not None
            and _norm(st[0]) not in _INSTALLER_TOOLING]


def _installed_by_hand(index: RepoIndex) -> tuple[str, bool]:
    """(the end of the "no dependency declaration" finding naming the `pip install` commands of the README or
    the installation guide, '' when there are none; whether they pin every package): an installation guide's
    commands (`pip install timm==0.3.2 tensorboardX six` in ConvNeXt's INSTALL.md) write the environment down
    by hand, and what they leave unpinned is what cannot be rebuilt."""
    installs = [(path, line, read) for path, line, found in documented_installs(index)
                if (read := _pip_states(found))]
    if not installs:
        return "", False
    loose = list(dict.fromkeys(name for _p, _l, read in installs for name, state in read if state == "loose"))
    first = f"{installs[0][0]}:{installs[0][1]}"
    more = f" and {len(installs) - 1} more" if len(installs) > 1 else ""
    return (f": its packages are named only by the `pip install` commands of {first}{more}"
            + (f", where {', '.join(loose[:4])}{' ...' if len(loose) > 4 else ''} "
               f"{'has' if len(loose) == 1 else 'have'} no exact version" if loose else
               ", each at an exact version")), not loose


def _installed_in_images(index: RepoIndex) -> tuple[str, bool]:
    """(what the "no dependency declaration" finding says of the images' `RUN pip install pandas xgboost ...`
    commands, '' when none names a package; whether they pin every package): the one place the packages are
    written, declared for those images, but each unpinned name installs whatever is newest when it is built."""
    states: dict[str, str] = {}
    places: list[str] = []
    for image_file, run_line, specs in image_pip_installs(index):
        read = _pip_states(specs)
        states.update((name.lower(), state) for name, state in read)
        if read:
            places.append(f"{image_file}:{run_line}")
    if not states:
        return "", False
    loose = [name for name, state in states.items() if state == "loose"]
    return (f"repository names them only in `pip install` commands of its images ({', '.join(places[:2])}"
            f"{' ...' if len(places) > 2 else ''}), " + (
                f"{len(loose)} of {len(states)} packages without an exact version ({', '.join(loose[:4])}"
                f"{', ...' if len(loose) > 4 else ''})" if loose else "each pinned there") +
            ", and in no requirements file"), not loose


def deps_pinned(ctx: Context) -> Outcome:
    index = ctx.index
    # a conda explicit spec pins every package build: a lock of the environment it declares
    explicit = conda_explicit_specs(index)
    # a documentation build's requirements (docs/requirements.txt, requirements-docs.txt) and the samples its
    # documentation shows, and the environments its tests read as input, are not the project's dependencies: the
    # model leaves them out (not_project_dependencies)
    locks = [p for p in index.files if (p.rsplit("/", 1)[-1] in LOCK_FILES or p.endswith(LOCK_FILE_SUFFIXES)
                                        or p in explicit) and not not_project_dependencies(index, p)]
    model = ctx.model
    if model.is_library:
        if locks:
            return Outcome(Status.PASS, f"a published library: its users get version ranges, and its own "
                           f"environment is locked ({locks[0]})", evidence=tuple(locks[:5]))
        return Outcome(Status.NOT_APPLICABLE, "a published library declares version ranges for its users "
                       f"({model.kind_why}); exact pins are for applications. Lock the CI environment with a "
                       "lock file or a constraints file to make test runs reproducible")
    if not model.dependencies and (model.trains or model.serving):
        where = (model.training or model.serving)[0]
        docs = [p for p in index.files if is_requirements_file(p) and docs_dependencies(index, p)]
        only_docs = (f" ({', '.join(docs[:2])}{' ...' if len(docs) > 2 else ''} "
                     f"{'is' if len(docs) == 1 else 'are'} the documentation build's)") if docs else ""
        # an image built on a model server's image (FROM pytorch/torchserve) gets its packages from that
        # image: the repository declares none, but whether the image's tag pins them is repro-image-digest's
        image = is_dockerfile(where.path)
        needs = f"{where.path} serves from its base image" if image else f"{where.path} needs third-party packages"
        # a Ray Serve application that a KubeRay RayService runs gets its packages from the Ray image the manifest
        # names (`rayproject/ray-llm:2.49.1-py311-cu128`: Ray and vLLM at that release), as a model server's
        # image gives them to the Dockerfile built on it
        ray = next((r for r in ray_service_images(index) if r.module == where.path), None)
        if ray is not None:
            image = True
            needs = f"{where.path} runs in the image `{ray.image}` that {ray.path} names (its RayService)"
        by_hand, by_hand_pinned = _installed_by_hand(index)
        named_in, pinned_in_images = _installed_in_images(index) if not only_docs else ("", False)
        # the images' commands when there are any; else the installation guide's
        tail = (": the code run outside them has no declared environment" if pinned_in_images else
                ": nobody can rebuild the environment") if named_in else \
            (by_hand or ": nobody can rebuild the environment")
        sure_enough = image or pinned_in_images or (not named_in and by_hand_pinned)
        return Outcome(Status.FAIL, "the project trains or serves a model and declares no dependency"
                       + (only_docs or (" outside its images' `pip install` commands" if named_in else " at all")),
                       findings=(Finding(where.path, where.line, f"{needs}, and the "
                                         + (f"repository declares none of its own{only_docs}" if only_docs else
                                            named_in or "repository declares none (no requirements.txt, "
                                            "pyproject.toml, environment.yml or lock file)")
                                         + tail,
                                         key="no dependency declaration", scope=Scope.REPOSITORY,
                                         confidence=Confidence.MEDIUM if sure_enough
                                         else Confidence.HIGH,
                                         remediation="Declare the packages the code imports with exact versions: "
                                         "`pip freeze > requirements.txt` in the environment that works, or better "
                                         "a lock file (`uv lock`, `pip-compile --generate-hashes`)."),))
    lock_dirs = {parent_dir(p) for p in locks}

    def under_lock(path: str) -> bool:
        # a requirements file beside a locked project's lock, or in its requirements folder
        # (requirements/requirements.txt exported with `uv pip freeze` next to the project's uv.lock): the lock
        # already pins the environment it lists. One deeper in the project is another environment's (a Cloud
        # Function's trigger/requirements.txt under a pipeline's Pipfile.lock), which the lock does not pin.
        folder = parent_dir(path)
        return folder in lock_dirs or (folder.rsplit("/", 1)[-1] in _REQUIREMENTS_DIRS
                                       and parent_dir(folder) in lock_dirs)

    findings: list[Finding] = []
    checked = 0
    requirement_dirs: set[str] = set()
    declared = [c.path for c in model.dependencies]  # the project's own: not a documentation build's

    def named(*names: str) -> list[str]:
        return [p for p in declared if p.rsplit("/", 1)[-1] in names]

    for path in declared:
        if is_requirements_file(path):
            found, n = _requirements_findings(ctx, path, under_lock(path))
            findings += found
            checked += n
            if n and not any(f.level is Level.FAIL for f in found):
                requirement_dirs.add(parent_dir(path))
    for path in named("pyproject.toml"):
        folder = parent_dir(path)
        found, n = _pyproject_findings(ctx, path, folder in lock_dirs or folder in requirement_dirs)
        findings += found
        checked += n
    for path in named("Pipfile"):
        checked += 1
        if parent_dir(path) not in lock_dirs:
            findings.append(
                Finding(
                    path,
                    1,
                    "Pipfile without a committed Pipfile.lock",
                    remediation="Run `pipenv lock` and commit Pipfile.lock.",
                    key="no pipfile lock",
                )
            )
    for path in named("setup.py", "setup.cfg"):
        folder = parent_dir(path)
        found, n = _setup_findings(ctx, path, folder in lock_dirs or folder in requirement_dirs)
        findings += found
        checked += n
    conda_locked = any("conda-lock" in p or p.endswith("pixi.lock") or p in explicit for p in locks)
    for path in index.files:
        if conda_environment_name(path) and not path.startswith(".github/") \
                and not not_project_dependencies(index, path):
            found, n = _conda_findings(ctx, path, conda_locked)
            findings += found
            checked += n
    for path in index.named("MLproject"):
        found, n = _mlproject_findings(ctx, path)
        findings += found
        checked += n
    for path, line, specs, method in image_packages(index):
        checked += len(specs)
        from_file = "`.requirements_file(...)`" if method == "python_packages" else \
            "`.pip_install_from_requirements(...)`"
        findings += [Finding(path, line, f"{state[0]} is not pinned to an exact version in the image that `{path}` "
                             f"declares (`{method}`)", key=f"image package {state[0]}",
                             remediation=f"Pin it in the image (`{method}(\"{state[0]}==<version>\")`), or "
                             f"build the image from a locked requirements file ({from_file}).")
                     for spec in specs if (state := _requirement_state(spec)) is not None and state[1] == "loose"]
    checked += len(locks)
    return outcome_from_findings(findings, checked=checked, what="dependency declarations", evidence=locks)


def _requirement_table(lists: dict[str, ast.expr]) -> dict[str, str]:
    """Requirement name -> specifier from the module-level lists of requirement strings of a setup.py
    (``_deps = ["torch>=2.6", ...]`` read through a lookup table: ``deps["torch"]``)."""
    table: dict[str, str] = {}
    for value in lists.values():
        if isinstance(value, (ast.List, ast.Tuple)):
            for e in value.elts:
                if isinstance(e, ast.Constant) and isinstance(e.value, str):
                    name = re.split(r"[\[!=<>~ ;@]", e.value.strip(), maxsplit=1)[0]
                    if name:
                        table.setdefault(name, e.value)
    return table


def _requirement_spec(node: ast.expr, table: dict[str, str]) -> str | None:
    """A requirement string of install_requires: a literal, or an entry of the lookup table by name."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    if isinstance(node, ast.Subscript) and isinstance(node.slice, ast.Constant) and isinstance(node.slice.value, str):
        return table.get(node.slice.value)
    return None


def _setup_findings(ctx: Context, path: str, locked: bool) -> tuple[list[Finding], int]:
    """setup.py `install_requires=[...]` literals and setup.cfg `[options] install_requires`, read like
    pyproject.toml dependencies."""
    specs: list[str] = []
    line: int | None = None
    if path.endswith(".py"):
        src = ctx.index.python(path)
        if src is None:
            return [], 0
        lists: dict[str, ast.expr] = {}
        for assign in src.of_types(ast.Assign):
            if (
                len(assign.targets) == 1
                and isinstance(assign.targets[0], ast.Name)
            ):
                lists[assign.targets[0].id] = assign.value
        for node in src.of_types(ast.Call):
            if (
                getattr(node.func, "id", getattr(node.func, "attr", "")) == "setup"
            ):
                kw = keyword(node, "install_requires")
                value = kw.value if kw is not None else None
                if isinstance(value, ast.Name):
                    value = lists.get(value.id)
                table = _requirement_table(lists)
                if isinstance(value, ast.Call):  # install_requires=deps_list("torch", "numpy")
                    value = ast.List(elts=[ast.Subscript(ast.Name("deps"), a) for a in value.args])
                if isinstance(value, (ast.List, ast.Tuple)):
                    specs = [s for e in value.elts if (s := _requirement_spec(e, table)) is not None]
                    line = kw.lineno if kw is not None else node.lineno
    else:
        in_opts = False
        collecting = False
        for i, raw in enumerate(ctx.index.lines(path), start=1):
            if raw.startswith("["):
                in_opts, collecting = raw.strip() == "[options]", False
                continue
            if in_opts and re.match(r"^install_requires\s*=", raw):
                collecting, line = True, i
                rest = raw.split("=", 1)[1].strip()
                if rest:
                    specs.append(rest)
                continue
            if collecting:
                if raw[:1].isspace() and raw.strip():
                    specs.append(raw.strip())
                elif raw.strip():
                    collecting = False
    specs = [sp for sp in specs if not sp.startswith("#")]
    if not specs:
        return [], 0
    loose = [st[0] for st in (_requirement_state(sp) for sp in specs) if st and st[1] == "loose"]
    if locked or not loose:
        return [], 1
    return [
        Finding(
            path,
            line,
            f"{len(loose)} install_requires entries are version ranges and no lock file is "
            f"committed ({', '.join(loose[:4])}{', ...' if len(loose) > 4 else ''})",
            level=Level.PARTIAL,
            key="setup ranges without lock",
            remediation="Keep the ranges for the library, and commit a lock or hashed requirements file for "
            "training environments (`uv pip compile setup.py --generate-hashes -o requirements.txt`).",
        )
    ], 1


def _conda_state(spec: str) -> str:
    name = re.split(r"[=<>!~ ]", spec, maxsplit=1)[0].split("::")[-1].lower()
    if name in ("pip", "setuptools", "wheel"):
        # installer tooling, not a training dependency, bare or bounded: MLflow writes `pip<=<its version>`
        # into every logged model's conda.yaml, beside the exact pins of what the model needs
        return "exact"
    m = re.match(r"^[\w.:/-]+\s*(==?)\s*([\w.*+!-]+)(=\S+)?$", spec.strip())
    if not m:
        return "loose"
    version, build = m.group(2), m.group(3)
    if "*" in version:
        return "loose"
    if m.group(1) == "==" or build or version.count(".") >= 2:
        return "exact"
    return "exact" if name in ("python", "cudatoolkit", "cuda-version", "pytorch-cuda", "pip") else "minor"


def _conda_findings(ctx: Context, path: str, locked: bool) -> tuple[list[Finding], int]:
    docs = ctx.index.yaml(path)
    doc = docs[0] if docs else None
    deps = doc.get("dependencies") if isinstance(doc, dict) else None
    if not isinstance(deps, list):
        return [], 0
    findings: list[Finding] = []
    minor: list[tuple[int | None, str]] = []
    exact = 0
    for i, dep in enumerate(deps):
        if isinstance(dep, dict) and isinstance(dep.get("pip"), list):
            for j, spec in enumerate(dep["pip"]):
                st = _requirement_state(str(spec)) if isinstance(spec, str) else None
                if st is None:
                    continue
                if st[1] == "loose" and not locked:
                    findings.append(
                        Finding(
                            path,
                            yaml_line(dep["pip"], j),
                            f"pip dependency {st[0]} is not pinned to an exact version",
                            key=f"loose pip {st[0]}",
                            remediation=f"Pin it (`{st[0]}==<version>`) or lock the environment with "
                            "conda-lock.",
                        )
                    )
                else:
                    exact += 1
        elif isinstance(dep, str):
            state = _conda_state(dep)
            if state == "minor" and not locked:
                minor.append((yaml_line(deps, i), dep))
            elif state == "loose" and not locked:
                name = re.split(r"[=<>!~ ]", dep, maxsplit=1)[0]
                findings.append(
                    Finding(
                        path,
                        yaml_line(deps, i),
                        f"conda dependency `{dep}` is not pinned to an exact version",
                        key=f"loose conda {name}",
                        remediation=f"Pin it (`{name}=<major.minor.patch>`), or better, lock the "
                        f"environment: `conda-lock -f {path}` and commit conda-lock.yml.",
                    )
                )
            else:
                exact += 1
    if minor:
        shown = ", ".join(f"`{d}`" for _, d in minor[:3]) + (", ..." if len(minor) > 3 else "")
        findings.append(
            Finding(
                path,
                minor[0][0],
                f"{len(minor)} conda dependencies pin only a minor version ({shown}): patch releases and "
                f"builds "
                "still change between installs",
                level=Level.PARTIAL,
                key="conda minor pins",
                remediation=f"Lock the environment with `conda-lock -f {path}` (or pixi) and commit the lock "
                "file, or pin full versions (`name=X.Y.Z`).",
            )
        )
    elif not findings and exact and not locked:
        findings.append(
            Finding(
                path,
                yaml_line(doc, "dependencies"),
                f"{exact} conda dependencies are pinned but the "
                "environment is not locked: their own dependencies and builds still float",
                level=Level.PARTIAL,
                key="conda not locked",
                remediation=f"Lock the environment with `conda-lock -f {path}` (or pixi) and commit "
                "the lock file.",
            )
        )
    return findings, 1


def _mlproject_findings(ctx: Context, path: str) -> tuple[list[Finding], int]:
    docs = ctx.index.yaml(path)
    doc = docs[0] if docs else None
    if not isinstance(doc, dict):
        return [], 0
    folder = path.rsplit("/", 1)[0] + "/" if "/" in path else ""
    docker = doc.get("docker_env")
    if isinstance(docker, dict) and isinstance(docker.get("image"), str):
        image = docker["image"]
        kind = classify_image(image)
        line = yaml_line(docker, "image")
        if kind == "digest":
            return [], 1
        level = Level.PARTIAL if kind == "tag" else Level.FAIL
        return [
            Finding(
                path,
                line,
                f"MLproject docker_env image `{image}` is not pinned by digest",
                level=level,
                key=f"mlproject image {image}",
                remediation=f"Pin the image by digest: `image: {image.split('@')[0]}@sha256:<digest>`.",
            )
        ], 1
    env = doc.get("python_env")
    if isinstance(env, str):
        target = folder + env
        if not ctx.index.exists(target):
            return [
                Finding(
                    path,
                    yaml_line(doc, "python_env"),
                    f"python_env names {env}, which is not committed",
                    key="missing python_env",
                    remediation=f"Commit {env} next to MLproject.",
                )
            ], 1
        docs2 = ctx.index.yaml(target)
        penv = docs2[0] if docs2 else None
        deps = penv.get("dependencies") if isinstance(penv, dict) else None
        findings: list[Finding] = []
        for i, spec in enumerate(deps if isinstance(deps, list) else []):
            st = _requirement_state(str(spec)) if isinstance(spec, str) else None
            if st and st[1] == "loose":
                findings.append(
                    Finding(
                        target,
                        yaml_line(deps, i),
                        f"{st[0]} is not pinned to an exact version",
                        key=f"loose {st[0]}",
                        remediation=f"Pin it: `{st[0]}==<version>`.",
                    )
                )
        return findings, 1
    conda = doc.get("conda_env")
    if isinstance(conda, str) and not ctx.index.exists(folder + conda):
        return [
            Finding(
                path,
                yaml_line(doc, "conda_env"),
                f"conda_env names {conda}, which is not committed",
                key="missing conda_env",
                remediation=f"Commit {conda} next to MLproject.",
            )
        ], 1
    return [], 0


# ---------------------------------------------------------------------------- repro-image-digest
_DIGEST = lazyre.compile(r"@sha256:[0-9a-fA-F]{64}$")
_VAR = lazyre.compile(r"\$(?:\{([A-Za-z_][A-Za-z0-9_]*)(?:(:?[-+])([^}]*))?\}|([A-Za-z_][A-Za-z0-9_]*))")



# a template's placeholder (Jinja, Go templates, Helm): `FROM {{ base_image }} AS base` in infinity's
# Dockerfile.jinja2, which renders the Dockerfile.cpu_auto, .nvidia_auto ... committed beside it
_PLACEHOLDER = lazyre.compile(r"\{\{.*?\}\}", needs=("{{",))
_UNRESOLVED = "${_template_placeholder_}"


def _placeholders_as_variables(rest: str) -> str:
    """An instruction's arguments with each template placeholder read as a variable no ARG sets."""
    return _PLACEHOLDER.sub(_UNRESOLVED, rest) if "{{" in rest else rest


_DIRECTIVE = lazyre.compile(r"^#\s*([A-Za-z][A-Za-z0-9_-]*)\s*=\s*(.*?)\s*$")
_HEREDOC = lazyre.compile(r"^\d*<<(-?)([\"']?)([A-Za-z0-9_.-]+)\2$")
_HEREDOC_INSTRUCTIONS = frozenset({"RUN", "COPY", "ADD"})


def _directives(lines: list[str]) -> dict[str, str]:
    """BuildKit's parser directives: ``# key=value`` lines at the very top; the first line that is not
    one (a comment, a blank line, an instruction, an unknown directive) ends them."""
    found: dict[str, str] = {}
    for raw in lines:
        m = _DIRECTIVE.match(raw.strip())
        key = m.group(1).lower() if m else ""
        if not m or key not in ("syntax", "escape", "check") or key in found:
            break
        found[key] = m.group(2)
    return found


def dockerfile_instructions(text: str) -> list[tuple[int, str, str]]:
    """(line, INSTRUCTION, arguments) as BuildKit reads them: parser directives (``# escape=`` may follow
    ``# syntax=``), continuation lines joined (comment and blank lines inside them skipped), and the
    bodies of heredocs (``COPY <<EOF`` ... ``EOF``) consumed, never read as instructions. A template's placeholder
    (``{{ base_image }}``) is a value chosen when the template is rendered: read as a variable no ARG sets, one
    word, so that the stage it names (``FROM {{ base_image }} AS base``) is still seen."""
    lines = split_lines(text.removeprefix("\ufeff"))
    escape = _directives(lines).get("escape", "\\")
    escape = escape if escape in ("\\", "`") else "\\"
    out: list[tuple[int, str, str]] = []
    buf, start = "", 0
    i = 0
    while i < len(lines):
        lineno, raw = i + 1, lines[i]
        i += 1
        stripped = raw.strip()
        if not stripped or stripped.startswith("#"):
            continue  # also inside a continuation: BuildKit skips comment and empty lines there
        if not buf:
            start = lineno
        if stripped.endswith(escape):
            buf += stripped[: -len(escape)] + " "
            continue
        buf += stripped
        parts = buf.split(None, 1)
        buf = ""
        if not parts:
            continue
        instr, rest = parts[0].upper(), parts[1] if len(parts) > 1 else ""
        out.append((start, instr, _placeholders_as_variables(rest)))
        if instr in _HEREDOC_INSTRUCTIONS:
            for word in rest.split():
                m = _HEREDOC.match(word)
                if not m:
                    continue
                while i < len(lines):  # the heredoc's body, up to its delimiter line
                    body = lines[i].lstrip("\t") if m.group(1) else lines[i]
                    i += 1
                    if body.rstrip("\r") == m.group(3):
                        break
    if buf.strip():
        parts = buf.split(None, 1)
        out.append((start, parts[0].upper(), _placeholders_as_variables(parts[1] if len(parts) > 1 else "")))
    return out


def _substitute(value: str, args: dict[str, str | None]) -> str | None:
    unresolved = False

    def repl(m: re.Match[str]) -> str:
        nonlocal unresolved
        name = m.group(1) or m.group(4)
        op, word = m.group(2), m.group(3)
        current = args.get(name)
        if op and op.endswith("-"):
            return current if current else (word or "")
        if op and op.endswith("+"):
            return (word or "") if current else ""
        if current is None:
            unresolved = True
            return ""
        return current

    result = _VAR.sub(repl, value)
    return None if unresolved else result


def classify_image(ref: str) -> str:
    """'digest', 'tag', 'latest' or 'untagged' for an image reference."""
    if _DIGEST.search(ref):
        return "digest"
    last = ref.rsplit("/", 1)[-1]
    if ":" not in last:
        return "untagged"
    return "latest" if last.rsplit(":", 1)[1] == "latest" else "tag"


def image_digest(ctx: Context) -> Outcome:
    findings: list[Finding] = []
    checked = 0
    files = dockerfiles(ctx.index)
    for path in files:
        text = ctx.index.text(path)
        if text is None:
            continue
        args: dict[str, str | None] = {}
        stages: set[str] = set()
        seen_from = False
        for line, instr, rest in dockerfile_instructions(text):
            if instr == "ARG" and not seen_from:
                for decl in rest.split():
                    name, _, default = decl.partition("=")
                    args[name] = default.strip("\"'") if default else args.get(name)
                continue
            if instr != "FROM":
                continue
            seen_from = True
            tokens = [t for t in rest.split() if not t.startswith("--")]
            if not tokens:
                continue
            image = _substitute(tokens[0], args)
            earlier_stage = image is not None and image.lower() in stages
            if len(tokens) >= 3 and tokens[1].lower() == "as":
                stages.add(tokens[2].lower())
            if not image or earlier_stage or image.lower() == "scratch":
                continue  # no image to pin: an ARG chosen at build time, an earlier stage, or scratch
            checked += 1
            kind = classify_image(image)
            shown = image if image == tokens[0] else f"{tokens[0]} (= {image})"
            if kind in ("latest", "untagged"):
                why = "the mutable tag `latest`" if kind == "latest" else "no tag, which means `latest`"
                findings.append(
                    Finding(
                        path,
                        line,
                        f"FROM {shown} uses {why}: every build may get a different base image",
                        key=f"FROM {tokens[0]}",
                        remediation="Pin a version tag and its digest, e.g. "
                        "`FROM python:3.11-slim@sha256:<digest>` (`docker buildx imagetools "
                        "inspect python:3.11-slim` prints it); let Dependabot or Renovate "
                        "update it.",
                    )
                )
            elif kind == "tag":
                findings.append(
                    Finding(
                        path,
                        line,
                        f"FROM {shown} is pinned by tag only; tags can be moved to a different image",
                        level=Level.PARTIAL,
                        key=f"FROM {tokens[0]}",
                        remediation=f"Add the digest: `FROM {image}@sha256:<digest>` (`docker "
                        f"buildx imagetools inspect {image}` prints it).",
                    )
                )
    return outcome_from_findings(findings, checked=checked, what="base images", evidence=files)


def _words(text: str) -> list[str]:
    return text.split()


# ---------------------------------------------------------------------------- repro-seeds
_ALL = frozenset({"python", "numpy", "torch", "tensorflow"})
SEEDERS: dict[str, frozenset[str]] = {
    "random.seed": frozenset({"python"}),
    "numpy.random.seed": frozenset({"numpy"}),
    "numpy.random.default_rng": frozenset({"numpy"}),
    "numpy.random.RandomState": frozenset({"numpy"}),
    "torch.manual_seed": frozenset({"torch"}),
    "torch.random.manual_seed": frozenset({"torch"}),
    "torch.cuda.manual_seed": frozenset({"torch"}),
    "torch.cuda.manual_seed_all": frozenset({"torch"}),
    "tensorflow.random.set_seed": frozenset({"tensorflow"}),
    "tensorflow.set_random_seed": frozenset({"tensorflow"}),
    "tensorflow.compat.v1.set_random_seed": frozenset({"tensorflow"}),
    "tensorflow.keras.utils.set_random_seed": frozenset({"python", "numpy", "tensorflow"}),
    "keras.utils.set_random_seed": frozenset({"python", "numpy", "tensorflow"}),
    "transformers.set_seed": _ALL,
    "transformers.trainer_utils.set_seed": _ALL,
    "transformers.enable_full_determinism": _ALL,
    "accelerate.utils.set_seed": _ALL,
    "jax.random.PRNGKey": frozenset({"jax"}),
    "jax.random.key": frozenset({"jax"}),
}
_LIGHTNING = ("lightning", "pytorch_lightning", "lightning_fabric")
# Trainers built on the Hugging Face Trainer: they seed from `args.seed` (42 by default), use every
# available GPU and report their arguments to the configured trackers.
HF_TRAINER_ROOTS = ("transformers", "trl", "sentence_transformers", "setfit")
# Gradient-boosting estimators with the scikit-learn API: bagging and feature sampling draw random numbers.
_GBM_ESTIMATOR = lazyre.compile(r"^(LGBM|XGB|CatBoost)\w*(Classifier|Regressor|Ranker)$")
_RANDOM_SKLEARN = lazyre.compile(
    r"^(train_test_split|shuffle|KFold|StratifiedKFold|ShuffleSplit|StratifiedShuffleSplit|"
    r"GroupShuffleSplit|RandomizedSearchCV|RandomForest\w+|ExtraTrees\w+|GradientBoosting\w+|"
    r"HistGradientBoosting\w+|DecisionTree\w+|SGD\w+|MLP\w+|KMeans|MiniBatchKMeans|TSNE|"
    r"IsolationForest|BaggingClassifier|BaggingRegressor|AdaBoost\w+|RandomTreesEmbedding)$"
)
_IMPORT_ROOT = {
    "torch": ("torch", "lightning", "pytorch_lightning", "lightning_fabric"),
    "tensorflow": ("tensorflow", "keras", "tf_keras"),
    "jax": ("jax", "flax"),
    "numpy": ("numpy",),
    "python": ("random",),
    "sklearn": ("sklearn",),
}


def _seeder(name: str) -> frozenset[str] | None:
    if name in SEEDERS:
        return SEEDERS[name]
    if name.endswith("seed_everything") and name.split(".", 1)[0] in _LIGHTNING:
        return frozenset({"python", "numpy", "torch"})
    if name.endswith(".manual_seed") and "Generator()" in name:
        return frozenset({"torch"})
    return None


def _seed_name(unit: Module, name: str) -> str:
    """A call's name as a seeder: a Lightning Fabric (or LightningLite) object's `seed_everything`
    (`fabric.seed_everything(1337)`, `self.fabric.seed_everything(...)`) seeds as `lightning.seed_everything`.
    The receiver is an object of the unit (neither an imported module nor a function of its own), in a unit
    that imports Lightning; a repository helper `utils.seed_everything` is followed as the helper it is."""
    head, _, last = name.rpartition(".")
    if last != "seed_everything" or not head or not unit.imports_any(*_LIGHTNING):
        return name
    first = head.split(".", 1)[0]
    if first in unit.functions or any(m.split(".", 1)[0] == first for m in unit.imported_modules):
        return name
    return "lightning.seed_everything"


def _imports_root(node: ast.AST, roots: tuple[str, ...]) -> bool:
    """An import statement of one of ``roots`` or a module under it."""
    mods = [a.name for a in node.names] if isinstance(node, ast.Import) else \
        [node.module or ""] if isinstance(node, ast.ImportFrom) else []
    return any(m == r or m.startswith(r + ".") for m in mods for r in roots)


def _import_line(unit: Unit, roots: tuple[str, ...]) -> tuple[int | None, int | None]:
    for src in unit.sources:
        node = next((n for n in src.of_types(ast.Import, ast.ImportFrom) if _imports_root(n, roots)), None)
        if node is not None:
            return src.where(getattr(node, "lineno", None))
    return None, None


def _imports_at_top(unit: Unit, roots: tuple[str, ...]) -> bool:
    """The unit imports one of ``roots`` at module level (a notebook's cells are all module level)."""
    return any(_imports_root(node, roots) for src in unit.sources for node in src.tree.body)


def _needs(index: RepoIndex, unit: Unit) -> dict[str, tuple[str, int | None, int | None]]:
    """The random number generators a training unit uses, with where each shows up."""
    needs: dict[str, tuple[str, int | None, int | None]] = {}
    reached: list[Module] | None = None
    for fw in ("torch", "tensorflow", "jax"):
        roots = _IMPORT_ROOT[fw]
        if unit.imports_any(*roots):
            needs[fw] = (unit.path, *_import_line(unit, roots))
            if not _imports_at_top(unit, roots):
                # imported only inside a function (a pipeline step that loads the model to deploy it): the
                # training that uses the framework is in a module the unit reaches, shown there
                if reached is None:
                    reached = [o for _c, o, _f, _n in reachable(index, unit) if o.path != unit.path]
                other = next((o for o in reached if (_imports_at_top(o, roots) if isinstance(o, Unit)
                                                     else fw in _reached_facts(index, o).top_imports)), None)
                if other is not None:
                    needs[fw] = (other.path, *(_import_line(other, roots) if isinstance(other, Unit)
                                               else _reached_facts(index, other).import_lines[fw]))
    for site in _calls_with_imports(index, unit):
        name = site.name
        parts = name.split(".")
        where = (site.path, site.line, site.cell)
        if name.startswith("numpy.random.") and parts[-1] not in (
            "seed",
            "default_rng",
            "RandomState",
            "Generator",
        ):
            needs.setdefault("numpy", where)
        elif name.startswith("random.") and len(parts) == 2 and parts[1] != "seed":
            needs.setdefault("python", where)
        elif parts[0] == "sklearn" and _RANDOM_SKLEARN.match(parts[-1]):
            needs.setdefault("sklearn", where)
        elif parts[0] in ("lightgbm", "xgboost", "catboost") and _GBM_ESTIMATOR.match(parts[-1]):
            needs.setdefault("sklearn", where)  # scikit-learn API estimators: seeded by random_state=
        elif parts[0] in HF_TRAINER_ROOTS and parts[-1].endswith("Trainer"):
            needs.setdefault("torch", where)
    return needs


class _CallSite(NamedTuple):
    """A call as the seed rules read it (``_needs``, ``_unseeded_draws``): where it is, the name it calls and what
    its keywords say of its seed, not its node, so that a module imported by a training unit need not keep its
    tree for them (karunru/kaggle_monorepo: 2.2M characters of imported modules' trees kept to the end)."""

    # which call: a module's by its file and span (the same in every parse of it: an imported module's summary and
    # the Unit a reached function is read from); a notebook cell's by its node (a function reached in a notebook
    # is read with the notebook's first source, whose cell is not the function's)
    key: tuple[object, ...]
    path: str
    line: int | None  # where the file shows the call, and in which cell
    cell: int | None
    name: str
    seeded: bool  # given random_state=, random_seed= or seed=
    spread: bool  # given **kwargs, in a source that spells a "random_state" key
    unseeded_sampler: bool  # given no sampler=, or a sampler built without a seed (for ``optuna.create_study``)
    no_shuffle: bool  # given shuffle=False
    shuffles: bool  # given shuffle=True


def _call_site(src: PySource, call: ast.Call, name: str) -> _CallSite:
    keywords = {k.arg for k in call.keywords}
    sampler = keyword(call, "sampler")
    shuffle = keyword(call, "shuffle")
    return _CallSite(
        (src.path, call.lineno, call.col_offset, call.end_lineno, call.end_col_offset) if src.cell is None
        else (id(call),),
        src.path, *src.where(call.lineno), name, bool(keywords & set(_SEED_KW)),
        None in keywords and _RANDOM_STATE_KEY.search(src.text) is not None,
        sampler is None or (isinstance(sampler.value, ast.Call) and not any(
            k.arg == "seed" and not (isinstance(k.value, ast.Constant) and k.value.value is None)
            for k in sampler.value.keywords)),
        shuffle is not None and isinstance(shuffle.value, ast.Constant) and shuffle.value.value is False,
        any(k.arg == "shuffle" and isinstance(k.value, ast.Constant) and k.value.value is True for k in call.keywords))


def _calls_with_imports(index: RepoIndex, unit: Unit) -> list[_CallSite]:
    """The unit's calls, then the sklearn estimators built in the repository modules it imports
    (a `MODELS = {"rf": RandomForestClassifier(...)}` dispatcher module, say), and the estimator classes of a
    registry that the unit or a module it imports (two levels) builds from (`REGISTRY = {"xgboost":
    xgb.XGBRegressor, ...}` then `REGISTRY[kind](**params)`), each given as the registry call. An imported
    module's are read from its summary (``_import_calls``)."""
    out = [_call_site(*c) for c in [*unit.calls(), *_registry_builds(unit)]]
    first = [p for p in repo_imports(index, unit.path) if not is_test_path(p)]
    second = [q for p in first for q in repo_imports(index, p) if not is_test_path(q) and q not in first]
    for path in dict.fromkeys(first + second):
        if path == unit.path:
            continue
        sklearn, registry = index.summary("repro-import-calls", path)
        if path in first:
            out += sklearn
        out += registry
    return out


def _registry_builds(unit: Unit) -> list[tuple[Any, ast.Call, str]]:
    """(source, call, class) for each class of a module-level dict of classes that the module calls through a
    subscript (`MODEL_REGISTRY[model_type](**params)`): the call builds one of them."""
    registries = {name: value for name, value in unit.constants.items() if isinstance(value, ast.Dict)}
    if not registries:
        return []
    out: list[tuple[Any, ast.Call, str]] = []
    for src, call in ((s, c) for s in unit.sources for c in s.call_nodes):
        f = call.func
        if isinstance(f, ast.Subscript) and isinstance(f.value, ast.Name) and f.value.id in registries:
            for value in registries[f.value.id].values:
                name = unit.qualname(value) if isinstance(value, (ast.Name, ast.Attribute)) else None
                if name is not None:
                    out.append((src, call, name))
    return out


def _import_calls(path: str, sources: list[PySource]) -> tuple[tuple[_CallSite, ...], tuple[_CallSite, ...]]:
    """What ``_calls_with_imports`` reads of a module a training unit imports: its scikit-learn calls and the calls
    that build from one of its registries (``_registry_builds``), read at the module's parse (neither its Unit nor
    its tree is kept for them; darts' training scripts import 45 modules whose dropped trees were parsed again for
    none). A scikit-learn call is spelled in the text that imports it; a registry is a module-level dict."""
    if not sources:
        return (), ()
    sklearn = any("sklearn" in src.text for src in sources)
    if not sklearn and not any(_has_dict_constant(stmt) for src in sources for stmt in src.tree.body):
        return (), ()
    unit = build_unit(path, sources)
    calls = tuple(_call_site(*c) for c in unit.calls() if c[2].startswith("sklearn.")) if sklearn else ()
    return calls, tuple(_call_site(*c) for c in _registry_builds(unit))


def _has_dict_constant(stmt: ast.stmt) -> bool:
    """A module-level ``NAME = {...}`` as ``build_unit`` reads constants (inside ifs and trys too)."""
    if isinstance(stmt, (ast.Assign, ast.AnnAssign)):
        return isinstance(stmt.value, ast.Dict)
    if isinstance(stmt, (ast.If, ast.Try)):
        return any(_has_dict_constant(inner) for inner in stmt.body)
    return False


def _may_ask_import_calls(index: RepoIndex, path: str) -> bool:
    """Whether repro-seeds may ask a file's "repro-import-calls" summary: ``_calls_with_imports`` asks it of the
    non-test modules a training unit imports, never of a test (diffusers: 526 of its 1,860 dropped parses, darts
    100 of 234)."""
    return "repro-seeds" in index.rules and not is_test_path(path)


RepoIndex.summariser("repro-import-calls", _import_calls, at_drop=_may_ask_import_calls)


def _seed_arg(call: ast.Call) -> ast.expr | None:
    return argument(call, 0, "seed", "a")


def _bind(fn: ast.FunctionDef | ast.AsyncFunctionDef, call: ast.Call, name: str) -> ast.expr | None:
    """The expression the caller passes for parameter ``name`` of ``fn``."""
    params = [a.arg for a in [*fn.args.posonlyargs, *fn.args.args]]
    if params and params[0] in ("self", "cls"):
        params = params[1:]
    for kw in call.keywords:
        if kw.arg == name:
            return kw.value
    if name in params:
        i = params.index(name)
        if i < len(call.args) and not any(isinstance(a, ast.Starred) for a in call.args[: i + 1]):
            return call.args[i]
    return None


def _value_state(r: Resolved) -> tuple[str, ConfigValue | None]:
    """('fixed' | 'null' | 'unknown', the config value that is null)."""
    if r.config:
        real = [cv for cv in r.config if cv.origin == "config"] or list(r.config)
        nulls = [cv for cv in real if cv.value is None or cv.value == ""]
        if nulls:
            return "null", nulls[0]
        return "fixed", None
    if r.known:
        return ("null", None) if r.value is None else ("fixed", None)
    return "unknown", None


_RANDOM_STATE_KEY = lazyre.compile(r"""["']random_state["']""")


def seeds(ctx: Context) -> Outcome:
    index = ctx.index
    findings: list[Finding] = []
    checked = 0
    evidence: list[str] = []
    reported: set[tuple[str, int | None]] = set()
    # per function reached: the training entrypoints reach the same helpers (yolov5's train, val and detect
    # scripts share most of theirs), and walking each again for every entrypoint cost 3-4% of a scan
    function_seeds: dict[tuple[int, int], tuple[tuple[ast.AST, Module], bool, list[tuple[ast.Call, str]]]] = {}
    for unit in ctx.training_units():
        needs = _needs(index, unit)
        if not needs:
            continue
        checked += 1
        seeded: set[str] = set()
        nulls: list[tuple[str, int | None, int | None, str]] = []  # path, line, cell, what
        resolver = Resolver(index, unit)

        for src, call, name in unit.calls():
            line, cell = src.where(call.lineno)
            name = _seed_name(unit, name)
            if _seeder(name) is not None:
                arg = _seed_arg(call)
                value = resolver.resolve(arg) if arg is not None else Resolved(None)
                _consider(name, call, value, (src.path, line, cell), seeded, nulls)
            elif name.split(".", 1)[0] in HF_TRAINER_ROOTS and name.endswith("Trainer"):
                seeded.update({"python", "numpy", "torch"})  # Trainer seeds with args.seed (42 by default)
            if keyword(call, "random_state") is not None:
                rs = resolver.resolve(keyword(call, "random_state").value)  # type: ignore[union-attr]
                if _value_state(rs)[0] != "null":
                    seeded.add("sklearn")
            elif any(k.arg is None for k in call.keywords) and _RANDOM_STATE_KEY.search(src.text):
                # `Estimator(**params)` where params carries "random_state" (a dict literal, or the
                # names of logged parameters read back from a run)
                seeded.add("sklearn")
        for flow in step_callers(index, unit, ctx.config.model_spec):
            flow_resolver = Resolver(index, flow)
            for src, call, name in flow.calls():
                name = _seed_name(flow, name)
                if _seeder(name) is not None:
                    arg = _seed_arg(call)
                    line, cell = src.where(call.lineno)
                    _consider(name, call, flow_resolver.resolve(arg) if arg is not None else Resolved(None),
                              (src.path, line, cell), seeded, nulls)
        for caller, owner, fn, via in reachable(index, unit):
            known = function_seeds.get((id(fn), id(owner)))
            if known is None:
                known = function_seeds[(id(fn), id(owner))] = _seed_calls_in(owner, fn)
            _held, sklearn, seed_calls = known
            if sklearn:
                seeded.add("sklearn")
            for node, name in seed_calls:
                arg = _seed_arg(node)
                value = Resolved(None)
                if isinstance(arg, ast.Name) and any(
                    a.arg == arg.id for a in [*fn.args.args, *fn.args.kwonlyargs]
                ):
                    bound = _bind(fn, via, arg.id)
                    value = (
                        _resolve_in(index, caller, bound)
                        if bound is not None
                        else _resolve_in(index, owner, arg)
                    )
                elif arg is not None:
                    value = _resolve_in(index, owner, arg)
                src = owner.text_source()
                line, cell = src.where(node.lineno)
                _consider(name, node, value, (owner.path, line, cell), seeded, nulls)
        loose = _unseeded_draws(index, unit, numpy_seeded="numpy" in seeded) if "sklearn" in seeded or \
            unit.imports_any("optuna") or any(o.imports_any("optuna") for _c, o, _f, _n in reachable(index, unit)) \
            else []
        if "numpy" in seeded:
            seeded.add("sklearn")
        missing = [fw for fw in needs if fw not in seeded]
        if not missing and loose:
            path, line, cell, what = loose[0]
            more = f" ({len(loose) - 1} more)" if len(loose) > 1 else ""
            findings.append(Finding(
                path, line, f"{unit.path} seeds some of its random draws, but {what}{more}",
                level=Level.PARTIAL, cell=cell, key=f"unseeded draw {unit.path}", confidence=Confidence.MEDIUM,
                remediation="Pass the seed to every estimator and search: `random_state=seed`, "
                            "`optuna.create_study(sampler=optuna.samplers.TPESampler(seed=seed))`, or seed NumPy's "
                            "global generator (`np.random.seed(seed)`) for scikit-learn estimators left at "
                            "`random_state=None`."))
            continue
        for path, line, cell, what in dict.fromkeys(nulls):
            if (path, line) in reported:
                continue
            reported.add((path, line))
            findings.append(
                Finding(
                    path,
                    line,
                    f"the seed of {unit.path} comes from {what}: runs that use this value are not seeded",
                    level=Level.PARTIAL,
                    cell=cell,
                    key=f"null seed {what}",
                    remediation="Give the seed a fixed default (e.g. `seed: 42`) so that every run is "
                                "seeded.",
                )
            )
        if not missing or (nulls and not seeded):
            evidence.append(unit.path)
            continue
        where_path, line, cell = needs[missing[0]]
        names = ", ".join(missing)
        if not seeded and not nulls:
            through = "" if where_path == unit.path else f" (through {where_path})"
            findings.append(
                Finding(
                    where_path,
                    line,
                    f"{unit.path} trains with {names}{through} but seeds no random number generator, so two "
                    "runs give different models",
                    cell=cell,
                    key=f"unseeded {unit.path}",
                    confidence=Confidence.MEDIUM,  # a seed set by a helper mlgate does not know is missed
                    remediation=_seed_fix(missing),
                )
            )
        else:
            findings.append(
                Finding(
                    where_path,
                    line,
                    f"{unit.path} seeds {', '.join(sorted(seeded - {'sklearn'})) or 'some generators'} "
                    f"but not {names}",
                    level=Level.PARTIAL,
                    cell=cell,
                    key=f"partly seeded {unit.path} {names}",
                    confidence=Confidence.MEDIUM,
                    remediation=_seed_fix(missing),
                )
            )
    return outcome_from_findings(
        findings, checked=checked, what="training entrypoints that use random numbers", evidence=evidence
    )


def _seed_calls_in(owner: Module, fn: ast.AST) -> tuple[tuple[ast.AST, Module], bool, list[tuple[ast.Call, str]]]:
    """((fn, owner), held so that their ids stay theirs; whether a call in ``fn`` passes scikit-learn's
    ``random_state`` (a keyword, or ``**params`` in a module that names it); the seed calls in ``fn`` with
    their names, in ``ast.walk`` order)."""
    sklearn = False
    seed_calls: list[tuple[ast.Call, str]] = []
    for node in calls_in(fn):  # ast.walk's order
        name = _seed_name(owner, owner.qualname(node.func) or "")
        if _seeder(name) is None:
            if keyword(node, "random_state") is not None or (
                    any(k.arg is None for k in node.keywords)
                    and _RANDOM_STATE_KEY.search(owner.text_source().text)):
                sklearn = True  # as in the unit: `Estimator(**params)` with a "random_state" key
            continue
        seed_calls.append((node, name))
    return (fn, owner), sklearn, seed_calls


def _consider(
    name: str,
    call: ast.Call,
    value: Resolved,
    where: tuple[str, int | None, int | None],
    seeded: set[str],
    nulls: list[tuple[str, int | None, int | None, str]],
) -> None:
    """Record what a seed call seeds, or that its value is null (no seed at all)."""
    covered = _seeder(name)
    if covered is None:
        return
    state, cv = _value_state(value)
    if state == "null":
        if cv is not None:
            nulls.append((cv.path, cv.line, None, f"`{value.key}: null` ({cv.origin})"))
        else:
            nulls.append((where[0], where[1], where[2], f"`{ast.unparse(call)}`"))
        return
    seeded.update(covered)


_SHUFFLE_ONLY = frozenset({"KFold", "StratifiedKFold", "GroupKFold", "RepeatedKFold"})
_SEED_KW = ("random_state", "random_seed", "seed")


def _unseeded_draws(index: RepoIndex, unit: Unit, numpy_seeded: bool) -> list[tuple[str, int | None, int | None, str]]:
    """Random draws left unseeded in a unit that seeds others: a scikit-learn-API estimator or splitter built
    without ``random_state`` (when NumPy's global generator, which it would fall back on, is not seeded either),
    and an Optuna study whose sampler has no seed (the chosen hyperparameters change from run to run)."""
    out: list[tuple[str, int | None, int | None, str]] = []
    sites = _calls_with_imports(index, unit)
    for _caller, owner, fn, _via in reachable(index, unit):
        src = owner.text_source()
        sites += [_call_site(src, n, owner.qualname(n.func) or "") for n in calls_in(fn)]
    seen: set[tuple[object, ...]] = set()
    for site in sites:
        if site.key in seen:
            continue
        seen.add(site.key)
        parts = site.name.split(".")
        if site.name == "optuna.create_study" and not site.spread:
            if site.unseeded_sampler:
                out.append((site.path, site.line, site.cell, "`optuna.create_study()` samples hyperparameters with "
                            "an unseeded sampler, so the chosen hyperparameters (and the model) change between runs"))
            continue
        if numpy_seeded or site.spread or site.seeded:
            continue
        estimator = (parts[0] == "sklearn" and _RANDOM_SKLEARN.match(parts[-1])) or (
            parts[0] in ("lightgbm", "xgboost", "catboost") and _GBM_ESTIMATOR.match(parts[-1]))
        if not estimator or site.no_shuffle:
            continue
        if parts[-1] in _SHUFFLE_ONLY and not site.shuffles:
            continue  # no shuffling: the folds are the same every run
        out.append((site.path, site.line, site.cell, f"`{parts[-1]}(...)` has no random_state, so it draws different "
                    "random numbers on every run"))
    return out


def _seed_fix(missing: list[str]) -> str:
    calls = {
        "python": "random.seed(seed)",
        "numpy": "np.random.seed(seed)",
        "torch": "torch.manual_seed(seed)",
        "tensorflow": "tf.keras.utils.set_random_seed(seed)",
        "jax": "key = jax.random.PRNGKey(seed)",
        "sklearn": "pass `random_state=seed` to estimators and splitters",
    }
    return (
        "At the start of training, from a fixed, non-null config value: "
        + "; ".join(f"`{calls[m]}`" for m in missing)
        + "."
    )


# ---------------------------------------------------------------------------- repro-determinism
_GPU_STRING = lazyre.compile(r"^cuda(:\d+)?$|^gpu$")


def _training_scope(ctx: Context) -> list[Module]:
    """Training entrypoints and the repository modules whose functions they call."""
    out: dict[str, Module] = {}
    for unit in ctx.training_units():
        out.setdefault(unit.path, unit)
        for _caller, owner, _fn, _call in reachable(ctx.index, unit):
            out.setdefault(owner.path, owner)
        for flow in step_callers(ctx.index, unit, ctx.config.model_spec):
            out.setdefault(flow.path, flow)
    return list(out.values())


def _switches_on(node: ast.AST, setting: str) -> bool:
    """``<...>.cudnn.deterministic = True`` (or the setting named) as an assignment."""
    return (isinstance(node, ast.Assign) and isinstance(node.targets[0], ast.Attribute)
            and ast.unparse(node.targets[0]).endswith(setting)
            and isinstance(node.value, ast.Constant) and node.value.value is True)


def _outside_definitions(tree: ast.AST) -> list[ast.AST]:
    """The nodes of a module that run when it is imported: not those inside a function or class body."""
    out: list[ast.AST] = []
    stack = list(ast.iter_child_nodes(tree))
    while stack:
        node = stack.pop()
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef, ast.Lambda)):
            continue
        out.append(node)
        stack.extend(ast.iter_child_nodes(node))
    return out


_BENCHMARK = Needles("benchmark")


def _training_benchmarks(ctx: Context) -> list[tuple[str, int | None, int | None]]:
    """``cudnn.benchmark = True`` where training runs it: in a training entrypoint, in a repository function
    training calls, or at the top level of a module training imports. A loader class for inference (a
    video stream reader that turns benchmark mode on) is not training: its methods are never reached."""
    index = ctx.index
    out: dict[tuple[str, int | None], tuple[str, int | None, int | None]] = {}

    def look(src: Any, nodes: Any) -> None:
        for node in nodes:
            if _switches_on(node, "cudnn.benchmark"):
                line, cell = src.where(node.lineno)
                out.setdefault((src.path, line), (src.path, line, cell))

    imported: set[str] = set()
    for unit in ctx.training_units():
        for src in unit.sources:
            if "benchmark" in src.text:
                look(src, src.nodes)
        for path in repo_imports(index, unit.path):
            if path not in imported and index.contains(path, _BENCHMARK) and not is_test_path(path):
                for at in index.summary("repro-benchmark-top", path):
                    out.setdefault((at[0], at[1]), at)
            imported.add(path)
        for _caller, owner, fn, _call in reachable(index, unit):
            src = owner.text_source()
            if "benchmark" in src.text:
                look(src, walk_statements(fn))  # assignments: statements, in ast.walk's order
    return list(out.values())


def _benchmark_at_top(path: str, sources: list[PySource]) -> list[tuple[str, int | None, int | None]]:
    """``cudnn.benchmark = True`` at the top level of a module (``_training_benchmarks`` reads a module training
    imports so): a summary, so that the module's tree is neither kept nor parsed again for it."""
    out: list[tuple[str, int | None, int | None]] = []
    for src in sources:
        for node in _outside_definitions(src.tree):
            if _switches_on(node, "cudnn.benchmark"):
                out.append((src.path, *src.where(node.lineno)))  # type: ignore[attr-defined]
    return out


RepoIndex.summariser("repro-benchmark-top", _benchmark_at_top, needles=(_BENCHMARK,), absent=[],
                     at_drop=lambda index, path: "repro-determinism" in index.rules and not is_test_path(path))


_DETERMINISM = Needles("determinis", "DETERMINISTIC", "benchmark")


def _determinism_paths(index: RepoIndex) -> list[str]:
    """The non-test modules and notebooks that can set (or undo) determinism: every name, keyword,
    attribute and string the rule recognises spells one of ``_DETERMINISM`` in the file's text, so
    the others are neither parsed nor walked for it."""
    return [p for p in index.files if p.endswith((".py", ".ipynb")) and index.contains(p, _DETERMINISM)
            and not is_test_path(p)]


# what a source's text spells when _determinism_node finds a setting in it: the name of a call that switches
# determinism on, `cudnn` (its attribute set by assignment, setattr or eval), the TF_DETERMINISTIC_OPS variable,
# or a `deterministic=`/`full_determinism=` keyword (a comment may stand between a keyword and its `=`)
_DETERMINISM_TEXT = lazyre.compile(r"use_deterministic_algorithms|enable_op_determinism|enable_full_determinism|cudnn"
                                   r"|DETERMINISTIC|(deterministic|full_determinism)\s*(#[^\n]*\s*)*=")
# how each match of it starts: searched only from there (the pattern has no literal start, and re tried it at
# every e, d, c, u or f of a module: diffusers' 460 modules that say "deterministic" in a docstring only, 3% of
# its scan)
_DETERMINISM_STARTS = ("use_deterministic_algorithms", "enable_op_determinism", "enable_full_determinism", "cudnn",
                       "DETERMINISTIC", "deterministic", "full_determinism")


def _spells_determinism(text: str) -> bool:
    """Whether a module may set determinism: it names cudnn, DETERMINISTIC or a determinism function, or
    assigns ``deterministic``/``full_determinism`` (a comment may stand before the ``=``)."""
    return lazyre.search_from(_DETERMINISM_TEXT, text, _DETERMINISM_STARTS)


def _determinism_settings(path: str, sources: list[PySource]) -> tuple[str, ...]:
    """``path:line`` of each determinism setting of a module or notebook, over its own Unit (a Unit depends
    on its file alone): a summary, so the tree need not be kept or parsed again for repro-determinism."""
    if not sources or is_test_path(path):
        return ()  # tests are never asked (_determinism_paths): nothing to make when their parse is dropped
    if not any(_spells_determinism(src.text) for src in sources):
        return ()  # "deterministic" in a docstring or a comment only (460 of diffusers' modules, 15 set it)
    unit = build_unit(path, sources)
    det: list[str] = []
    for src in unit.sources:
        for setting in src.of_types(ast.Call, ast.Assign, ast.Constant):
            _determinism_node(unit, src, setting, det)
    return tuple(det)


def _may_be_true(kw: ast.keyword | None) -> bool:
    """A keyword given, and not a constant false value (`use_gpu=bool(gpu_per_worker)` may be true)."""
    return kw is not None and not (isinstance(kw.value, ast.Constant) and not kw.value.value)


def _sets_cudnn_deterministic(call: ast.Call) -> bool:
    """``setattr(torch.backends.cudnn, "deterministic", True)``: the assignment written as a call."""
    return (isinstance(call.func, ast.Name) and call.func.id == "setattr" and len(call.args) == 3
            and ast.unparse(call.args[0]).endswith("cudnn")
            and isinstance(call.args[1], ast.Constant) and call.args[1].value == "deterministic"
            and isinstance(call.args[2], ast.Constant) and call.args[2].value is True)


def _evaluates_determinism(call: ast.Call) -> bool:
    """``eval("setattr(torch.backends.cudnn, 'deterministic', True)")``: a constant string of code that sets
    it (read as code, never run)."""
    if not call.args or not isinstance(call.args[0], ast.Constant) or not isinstance(call.args[0].value, str):
        return False
    try:
        inner = ast.parse(call.args[0].value, mode="eval").body
    except (SyntaxError, ValueError, RecursionError, MemoryError):
        return False
    return isinstance(inner, ast.Call) and _sets_cudnn_deterministic(inner)


def _determinism_node(unit: Unit, src: PySource, node: ast.AST, det: list[str]) -> None:
    """A determinism setting (into ``det``) at one call, assignment or string constant (``cudnn.benchmark``
    is judged where training runs it: _training_benchmarks)."""
    line, _cell = src.where(getattr(node, "lineno", None))
    if isinstance(node, ast.Call):
        name = unit.qualname(node.func) or ""
        switched_on = name == "torch.use_deterministic_algorithms" and bool(node.args) and not (
            isinstance(node.args[0], ast.Constant) and node.args[0].value is False
        )
        if switched_on or name.endswith(("enable_op_determinism", "enable_full_determinism")):
            det.append(f"{src.path}:{line}")
        for kw in node.keywords:
            if (
                kw.arg in ("deterministic", "full_determinism")
                and isinstance(kw.value, ast.Constant)
                and kw.value.value is True
            ):
                det.append(f"{src.path}:{line}")
        if _sets_cudnn_deterministic(node) or (name == "eval" and _evaluates_determinism(node)):
            det.append(f"{src.path}:{line}")
    elif _switches_on(node, "cudnn.deterministic") or (
            isinstance(node, ast.Constant) and node.value == "TF_DETERMINISTIC_OPS"):
        det.append(f"{src.path}:{line}")


RepoIndex.summariser("repro-determinism", _determinism_settings, needles=(_DETERMINISM,))


def _gpu_uses(unit: Unit) -> list[tuple[str, int | None, int | None, str]]:
    """Where the unit's code runs on a GPU (a CUDA device, a GPU accelerator or trainer), in the order of its calls."""
    gpu: list[tuple[str, int | None, int | None, str]] = []
    for src, node in ((s, n) for s in unit.sources for n in s.call_nodes):
        name = unit.qualname(node.func) or ""
        last = name.rsplit(".", 1)[-1]
        line, cell = src.where(node.lineno)
        if (
            last == "cuda"
            and isinstance(node.func, ast.Attribute)
            and not name.startswith("torch.cuda")
        ):
            gpu.append((src.path, line, cell, "`.cuda()`"))
        elif (
            name in ("torch.device",)
            and node.args
            and isinstance(node.args[0], ast.Constant)
            and isinstance(node.args[0].value, str)
            and node.args[0].value.startswith("cuda")
        ):
            gpu.append((src.path, line, cell, f"`{ast.unparse(node)}`"))
        elif name == "torch.cuda.is_available":
            gpu.append((src.path, line, cell, "`torch.cuda.is_available()`"))
        elif name.split(".", 1)[0] in HF_TRAINER_ROOTS and last.endswith("Trainer"):
            gpu.append((src.path, line, cell, f"`{last}` (uses every available GPU)"))
        elif name == "accelerate.Accelerator":
            gpu.append((src.path, line, cell, "`Accelerator()`"))
        elif name.split(".", 1)[0] == "ray" and last == "ScalingConfig" and _may_be_true(keyword(node, "use_gpu")):
            use = keyword(node, "use_gpu")
            shown = ast.unparse(use.value) if use is not None else ""
            gpu.append((src.path, line, cell, f"`ScalingConfig(use_gpu={shown})` (Ray Train workers on GPUs)"))
        elif name.split(".", 1)[0] == "fastai" and (last.endswith("_learner") or last == "Learner"):
            gpu.append((src.path, line, cell, f"`{last}` (fastai trains on the GPU when there is one)"))
        for kw in node.keywords:
            if (
                kw.arg in ("accelerator", "device", "gpus")
                and isinstance(kw.value, ast.Constant)
                and isinstance(kw.value.value, (str, int))
                and not isinstance(kw.value.value, bool)
                and (_GPU_STRING.match(str(kw.value.value)) or (kw.arg == "gpus" and kw.value.value))
            ):
                gpu.append((src.path, line, cell, f"`{kw.arg}={kw.value.value!r}`"))
    return gpu


def determinism(ctx: Context) -> Outcome:
    index = ctx.index
    gpu: list[tuple[str, int | None, int | None, str]] = []
    for module in _training_scope(ctx):
        gpu += _gpu_uses(module) if isinstance(module, Unit) else _reached_facts(index, module).gpu
    if not gpu and ctx.model.trains:
        for key in ("accelerator", "device"):
            gpu += [(cv.path, cv.line, None, f"`{key}: {cv.value}`") for cv in config_values(index, key)
                    if cv.origin == "config" and isinstance(cv.value, str) and _GPU_STRING.match(cv.value)]
    if not gpu:
        return Outcome(
            Status.NOT_APPLICABLE,
            "training does not run on a GPU (no CUDA device, GPU accelerator or GPU trainer found)",
        )
    det: list[str] = []
    for path in _determinism_paths(index):
        det += index.summary("repro-determinism", path)
    benchmark = _training_benchmarks(ctx)
    for key in ("deterministic", "full_determinism"):
        det += [
            f"{cv.path}:{cv.line}"
            for cv in config_values(index, key)
            if cv.value is True and cv.origin == "config"
        ]
    path, line, cell, what = gpu[0]
    if not det:
        return outcome_from_findings(
            [
                Finding(
                    path,
                    line,
                    f"training runs on a GPU ({what}) with no determinism setting: two runs with the same "
                    f"seed "
                    "can still differ",
                    cell=cell,
                    key="gpu without determinism",
                    scope=Scope.REPOSITORY,  # shown at the first GPU use
                    confidence=Confidence.MEDIUM,
                    remediation="At the start of training set "
                    '`os.environ["CUBLAS_WORKSPACE_CONFIG"] = ":4096:8"` and '
                    "call `torch.use_deterministic_algorithms(True)` (Lightning: "
                    "`Trainer(deterministic=True)`; Hugging Face: "
                    "`TrainingArguments(full_determinism=True)`; TensorFlow: "
                    "`tf.config.experimental.enable_op_determinism()`), "
                    "or document the run-to-run variance you accept.",
                )
            ],
            checked=1,
            what="GPU training setups",
        )
    findings = [
        Finding(
            p,
            ln,
            "`cudnn.benchmark = True` lets cuDNN pick the fastest (possibly non-deterministic) "
            "kernel per run, which undoes the determinism setting",
            level=Level.PARTIAL,
            cell=c,
            key="cudnn benchmark",
            suggestion=None,
            remediation="Set `torch.backends.cudnn.benchmark = False` for reproducible runs.",
        )
        for p, ln, c in benchmark
    ]
    return outcome_from_findings(findings, checked=1, what="GPU training setups", evidence=det[:5])


# ---------------------------------------------------------------------------- repro-pipeline-declared
_ORCHESTRATORS = {
    "zenml": "ZenML",
    "kfp": "Kubeflow Pipelines",
    "tfx": "TFX",
    "airflow": "Airflow",
    "metaflow": "Metaflow",
    "prefect": "Prefect",
    "dagster": "Dagster",
    "kedro": "Kedro",
    "flytekit": "Flyte",
    "sagemaker.workflow": "SageMaker Pipelines",
    "azure.ai.ml.dsl": "Azure ML",
}
_ORCHESTRATOR_NEEDLES = Needles(*_ORCHESTRATORS)
_MLPROJECT_PARAMS = Needles("parameters:")
_NOTEBOOK_RUN = lazyre.compile(r"\bpapermill\b|nbconvert\s+[^\n]*--execute|\bjupyter\s+execute\b|\bploomber\b")


_SHELL_VAR = lazyre.compile(r"\$\{?\w+\}?")
_VARIABLE_SCRIPT = lazyre.compile(r"[\w./${}-]*\$\{?\w+\}?[\w./${}-]*\.py\b")


_PYTHON_TRAIN = lazyre.compile(r"\bpython[\d.]*\s+(-m\s+)?\S*train")


def _runs_training(index: Any, command: str, scripts: list[str]) -> bool:
    # each pattern is searched only in a text that spells what it must match ("python"; "$" and ".py" with a
    # script to match): kserve's 100 shell scripts and Makefiles (360k characters) name none
    return (
        any(s in command or s.rsplit("/", 1)[-1] in command for s in scripts)
        or ("python" in command and _PYTHON_TRAIN.search(command) is not None)
        or (bool(scripts) and "$" in command and ".py" in command
            and any(_matches_variable_script(m.group(0), scripts) for m in _VARIABLE_SCRIPT.finditer(command)))
    )


def _matches_variable_script(pattern: str, scripts: list[str]) -> bool:
    """``scripts/$TASK.py`` (a launcher that runs one of several training scripts) names a training script."""
    parts = _SHELL_VAR.split(pattern.removeprefix("./"))
    rx = re.compile("[\\w.-]+".join(re.escape(p) for p in parts) + "$")
    return any(rx.search(s) for s in scripts)


def _uncommented(text: str) -> str:
    """A shell script or Makefile without its comment lines (a commented-out command runs nothing)."""
    return "\n".join(line for line in text.split("\n") if not line.lstrip().startswith("#"))


def pipeline_declared(ctx: Context) -> Outcome:
    index = ctx.index
    train = ctx.training_units()
    if not train:
        return Outcome(Status.NOT_APPLICABLE, "no training code found")
    scripts = [u.path for u in train if not u.is_notebook]
    notebooks = [u for u in train if u.is_notebook]
    declared: list[str] = []
    notebook_chain: list[str] = []
    for pipe in pipelines(index):
        if pipe.stages:
            declared.append(f"{pipe.path} ({len(pipe.stages)} stages)")
            if any(s.cmd and _NOTEBOOK_RUN.search(s.cmd) for s in pipe.stages.values()):
                notebook_chain.append(pipe.path)
    for path in index.named("MLproject"):
        docs = index.yaml(path)
        if docs and isinstance(docs[0], dict) and isinstance(docs[0].get("entry_points"), dict):
            declared.append(f"{path} entry points")
    for path in index.named("Snakefile"):
        declared.append(path)
    for unit in units(index, _ORCHESTRATOR_NEEDLES):
        if is_test_path(unit.path):
            continue
        for root, label in _ORCHESTRATORS.items():
            if unit.imports_any(root):
                declared.append(f"{label} pipeline in {unit.path}")
                break
    for path in index.files:
        name = path.rsplit("/", 1)[-1]
        if name in ("Makefile", "makefile", "justfile", "Justfile", "Taskfile.yml") or path.endswith(
            (".sh", ".bash", ".slurm", ".sbatch")
        ):
            text = _uncommented(index.text(path) or "")
            if _NOTEBOOK_RUN.search(text):
                notebook_chain.append(path)
            elif _runs_training(index, text, scripts):
                declared.append(f"{path} runs training")
    runs: dict[str, bool] = {}  # by command: jobs reach the same commands many times (kserve: 13,245, ~2,000 distinct)
    for _job, r in ci_reached(index):
        label = f"{r.path} runs training"
        if label in declared:
            continue
        trains = runs.get(r.command)
        if trains is None:
            trains = runs[r.command] = _runs_training(index, r.command, scripts)
        if trains:
            declared.append(label)
    if declared and not (notebook_chain and len(declared) == len(notebook_chain)):
        return Outcome(
            Status.PASS, f"training is declared as a pipeline: {declared[0]}", evidence=tuple(declared[:5])
        )
    if notebook_chain:
        return outcome_from_findings(
            [
                Finding(
                    notebook_chain[0],
                    None,
                    f"{notebook_chain[0]} reproduces training by executing notebooks: it runs, but "
                    "notebook state and cell order make runs hard to reproduce and test",
                    level=Level.PARTIAL,
                    key="notebook chain",
                    remediation="Move the notebook steps into scripts and declare them as stages with "
                    "deps, params and outs (e.g. `dvc stage add -n train ... python src/train.py`).",
                )
            ],
            checked=1,
            what="training pipelines",
        )
    if scripts:
        return outcome_from_findings(
            [
                Finding(
                    scripts[0],
                    1,
                    f"training runs as a script ({', '.join(scripts[:3])}), but no pipeline declares the "
                    f"steps "
                    "and their inputs (no dvc.yaml, MLproject, orchestrator or Makefile target that trains)",
                    level=Level.PARTIAL,
                    key="scripts without pipeline",
                    scope=Scope.REPOSITORY,
                    confidence=Confidence.MEDIUM,
                    remediation="Declare the steps with their inputs and outputs, e.g. `dvc stage add -n "
                                "train -d "
                    f"{scripts[0]} -d data/ -o models/ python {scripts[0]}`, or a Makefile target `train:`.",
                )
            ],
            checked=1,
            what="training pipelines",
        )
    nb = notebooks[0]
    line, cell = nb.sources[0].where(1)
    return outcome_from_findings(
        [
            Finding(
                nb.path,
                line,
                f"training happens only in notebooks ({', '.join(u.path for u in notebooks[:3])}), run by "
                f"hand "
                "in the right order",
                cell=cell,
                key="notebook-only training",
                scope=Scope.REPOSITORY,
                confidence=Confidence.MEDIUM,
                remediation="Move the notebook steps into scripts and declare them as a pipeline, e.g. `dvc "
                            "stage add -n "
                "train -d data/prepared -d src/train.py -o models/model.joblib python src/train.py`.",
            )
        ],
        checked=1,
        what="training pipelines",
    )


# ---------------------------------------------------------------------------- repro-params-tracked
_CONFIG_READERS = lazyre.compile(
    r"^(yaml\.(safe_load|load|full_load|unsafe_load)|omegaconf\.OmegaConf\.(load|create)|json\.load|toml\.load|"
    r"tomllib\.load|tomli\.load|dvc\.api\.params_show|argparse\.ArgumentParser|transformers\.HfArgumentParser|"
    r"trl\.TrlParser|gin\.parse_config_files?(_and_bindings)?|fire\.Fire|jsonargparse\.\w+|"
    r"(lightning\.pytorch|pytorch_lightning)(\.cli)?\.LightningCLI|configparser\.ConfigParser|"
    r"ml_collections\.config_flags\.\w+|hydra\.compose|hydra\.initialize\w*|"
    # hydra-zen's `zen(task).hydra_main(config_name=...)`: the Hydra command line over the configs the task's
    # `store` registers, written to the run's .hydra/config.yaml as `@hydra.main` does
    r"hydra_zen\.zen\(\)\.hydra_main)$"
)
_PARAM_LOGGERS = lazyre.compile(
    r"(^mlflow\.(log_params?|autolog)$|^mlflow\.\w+\.autolog$|^dvclive\.Live$|\.log_params?$|\.log_hyperparams$|"
    r"\.save_hyperparameters$|^wandb\.init$|^wandb\.config\.update$|\.log_parameters?$|^clearml\.Task\.init$|"
    r"\.add_hparams$|^comet_ml\.\w*Experiment$|^neptune\.init_run$|^aim\.Run$|^trackio\.init$)"
)
_HPARAM_KW = frozenset(
    _words(
        "lr learning_rate n_estimators max_depth epochs num_epochs max_epochs batch_size "
        "min_samples_leaf min_samples_split alpha dropout hidden_size num_layers weight_decay momentum "
        "max_iter n_neighbors gamma subsample num_leaves colsample_bytree hidden_dim"
    )
)


def _training_drivers(index: RepoIndex, unit: Unit, train: list[Unit]) -> list[Unit]:
    """The other training entrypoints that run a fitting function of the training entrypoint ``unit``."""
    return [caller for caller in callers_of(index, unit.path)
            if caller is not unit and caller in train and unit in _driven(index, caller, train)]


def _driven(index: RepoIndex, unit: Unit, train: list[Unit]) -> list[Unit]:
    """The other training entrypoints whose fitting functions the training entrypoint ``unit`` runs (a
    tuning script calling `train.train(hyp, opt)`)."""
    owners = {owner.path for _c, owner, fn, _call in reachable(index, unit) if function_fits(fn)}
    return [t for t in train if t is not unit and t.path in owners]


def params_tracked(ctx: Context) -> Outcome:
    index = ctx.index
    train = ctx.training_units()
    if not train:
        return Outcome(Status.NOT_APPLICABLE, "no training code found")
    stage_params = [s for p in pipelines(index) for s in p.stages.values() if s.params]
    mlproject_params = [p for p in index.named("MLproject") if index.contains(p, _MLPROJECT_PARAMS)]
    findings: list[Finding] = []
    evidence: list[str] = []
    reads_config: dict[int, tuple[Module, bool]] = {}
    logs_params: dict[int, tuple[Module, bool]] = {}
    for unit in train:
        reached = reachable(index, unit)
        scope: list[Module] = [unit, *(owner for _c, owner, _f, _call in reached)]
        # the pipeline step that calls the module reads and logs them, or the script that runs its training
        # with parameters of its own (its `__main__` block is then a smoke run)
        flows = step_callers(index, unit, ctx.config.model_spec) + _training_drivers(index, unit, train)
        for flow in flows:
            flow_reached = reachable(index, flow)
            reached = reached + flow_reached
            scope += [flow] + [owner for _c, owner, _f, _call in flow_reached]
        # each unit once, in first-seen order: ``reachable`` names a module once per function reached in it
        # (a notebook's scope held 11 copies of itself), and each copy walked the whole unit again
        scope = list({id(u): u for u in scope}.values())
        config = [u.path for u in scope if _cached(reads_config, u, lambda u: _reads_config(u) if isinstance(u, Unit)
                                                   else _reached_facts(index, u).reads_config)]
        hydra = any("hydra" in (u.aliases.get("hydra", "") + " ".join(u.imported_modules)) for u in scope)
        # the entrypoint and the flows that call it log in their own code; a module they call into logs only
        # where it runs: in the functions reached, or at import (a helper imported from a module whose other
        # functions log a different run is no logging of this one)
        own = {id(unit), *map(id, flows)}
        logged = [u.path for u in [unit, *flows] if _cached(logs_params, u, lambda u: isinstance(u, Unit)
                                                            and _logs_params(u))]
        logged += [f"{owner.path}:{fn.lineno}" for _c, owner, fn, _call in reached
                   if id(owner) not in own and _function_logs_params(owner, fn)]
        logged += [u.path for u in scope if id(u) not in own and (
            _logs_params_at_import(u) if isinstance(u, Unit) else _reached_facts(index, u).logs_at_import)]
        logged += [f"{u.path} (Azure ML run log)" for u in scope if (
            _azureml_run_logs(u) if isinstance(u, Unit) else _reached_facts(index, u).azureml)]
        written = _params_written(index, unit, _driven(index, unit, train))
        if written:
            logged.append(written)
        for u in scope:
            logged += [f"{u.path} (Trainer reports its arguments)"] * (
                _trainers(u) if isinstance(u, Unit) else _reached_facts(index, u).trainers)
        runs_in_stage = [s for s in stage_params if s.cmd and unit.path.rsplit("/", 1)[-1] in s.cmd]
        if runs_in_stage:
            config.append("dvc.yaml params")
            logged.append("dvc.lock (params per run)")
        if mlproject_params:
            config.append(mlproject_params[0])
        if hydra:
            logged.append("Hydra run directory (.hydra/config.yaml)")
        literal = _literal_hparam(index, unit)
        train_line = _train_call_line(unit)
        if config and logged:
            evidence.append(unit.path)
            continue
        if config:
            line, cell = train_line
            findings.append(
                Finding(
                    unit.path,
                    line,
                    f"{unit.path} reads its hyperparameters from config ({config[0]}) but no run logs "
                    "them, so results cannot be matched to the values that produced them",
                    level=Level.PARTIAL,
                    cell=cell,
                    key=f"params not logged {unit.path}",
                    confidence=Confidence.MEDIUM,
                    remediation="Log the parameters with every run, e.g. `mlflow.log_params(params)`, "
                                "DVCLive "
                    "`live.log_params(params)` or `wandb.init(config=params)`.",
                )
            )
        elif logged:
            at, line, cell = (literal[0], literal[1], literal[2]) if literal else (unit.path, *train_line)
            findings.append(
                Finding(
                    at,
                    line,
                    f"{unit.path} logs its runs but its hyperparameters are written in the code"
                    f"{' (' + literal[3] + ')' if literal else ''}",
                    level=Level.PARTIAL,
                    cell=cell,
                    key=f"params in code {unit.path}",
                    confidence=Confidence.MEDIUM,
                    remediation="Move hyperparameters to a tracked config (params.yaml, Hydra) and read "
                                "them in training.",
                )
            )
        else:
            at, line, cell = (literal[0], literal[1], literal[2]) if literal else (unit.path, *train_line)
            what = (
                f"writes its hyperparameters in the code ({literal[3]})"
                if literal
                else "reads no config file for its hyperparameters"
            )
            findings.append(
                Finding(
                    at,
                    line,
                    f"{unit.path} {what} and logs none of them",
                    cell=cell,
                    key=f"params untracked {unit.path}",
                    confidence=Confidence.MEDIUM,
                    remediation="Move hyperparameters to params.yaml, read them in training, and log them "
                                "with every run, "
                    'e.g. `mlflow.log_params(params["train"])`.',
                )
            )
    return outcome_from_findings(findings, checked=len(train), what="training entrypoints", evidence=evidence)


def _cached(table: dict[int, tuple[Module, bool]], unit: Module, judge: Callable[[Module], bool]) -> bool:
    """``judge(unit)``, once per unit of one rule run (a helper module is in the scope of every entrypoint
    that reaches it); the table holds the unit, so that its id stays its own."""
    found = table.get(id(unit))
    if found is None:
        found = table[id(unit)] = (unit, judge(unit))
    return found[1]


def _reads_config(unit: Unit) -> bool:
    """The unit reads its hyperparameters from a config (a config reader or a command line with
    hyperparameters, or a ``@hydra.main`` function)."""
    if any(_CONFIG_READERS.match(n) and not (n == "argparse.ArgumentParser" and _switches_only(unit))
           for _s, _c, n in unit.calls()):
        return True
    decorators = [d for src in unit.sources for fn in src.of_types(ast.FunctionDef) for d in fn.decorator_list]
    decorators += [d for src in unit.sources for afn in src.of_types(ast.AsyncFunctionDef) for d in afn.decorator_list]
    return any(isinstance(d, (ast.Call, ast.Attribute))
               and "hydra.main" in (unit.qualname(d.func if isinstance(d, ast.Call) else d) or "")
               for d in decorators)


def _logs_params(unit: Unit) -> bool:
    return any(_logs_call(n, c) for _s, c, n in unit.calls())


def _logs_call(name: str, call: ast.Call) -> bool:
    """The call logs the run's parameters: a tracker's own call (``mlflow.log_params``, ``wandb.init``), or
    Accelerate's ``accelerator.init_trackers(name, config=vars(args))``, which hands them to every tracker
    ``--report_to`` names."""
    if name.endswith(".init_trackers"):
        return len(call.args) >= 2 or any(k.arg == "config" for k in call.keywords)
    return _PARAM_LOGGERS.search(name) is not None


def _function_logs_params(unit: Module, fn: ast.AST) -> bool:
    """A repository function of ``unit`` logs parameters in its own body (the functions it calls in turn are
    reached on their own)."""
    return _logs_in(unit, [fn])


def _logs_params_at_import(unit: Unit) -> bool:
    """A module logs parameters in statements that run when it is imported (outside its functions and classes:
    ``mlflow.autolog()`` at the top of a module a script imports)."""
    top = (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)
    return _logs_in(unit, [stmt for src in unit.sources for stmt in src.tree.body if not isinstance(stmt, top)])


def _logs_in(unit: Module, roots: list[ast.AST]) -> bool:
    return any(_logs_call(unit.qualname(node.func) or "", node) for root in roots for node in calls_in(root))


_DUMPS = frozenset({"yaml.dump", "yaml.safe_dump", "json.dump", "toml.dump", "omegaconf.OmegaConf.save"})
_PARAMS_NAME = lazyre.compile(r"^(args|opt|opts|options|cfg|conf|config|hparams|hyp|hyps|hyperparams|hyperparameters"
                              r"|params|parameters)$|_(params|parameters|config|cfg|args|hparams|hyp)$", re.I)


def _params_like(node: ast.expr) -> bool:
    """An expression holding the run's parameters: ``hyp``, ``opt``, ``vars(args)``, ``cfg.__dict__``,
    ``OmegaConf.to_container(cfg)``."""
    if isinstance(node, ast.Call) and node.args and ast.unparse(node.func).rsplit(".", 1)[-1] in (
            "vars", "dict", "asdict", "to_container", "to_dict", "copy", "deepcopy"):
        return _params_like(node.args[0])
    if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr in ("copy", "to_dict"):
        return _params_like(node.func.value)
    if isinstance(node, ast.Attribute):
        return (node.attr == "__dict__" and _params_like(node.value)) or _PARAMS_NAME.search(node.attr) is not None
    return isinstance(node, ast.Name) and _PARAMS_NAME.search(node.id) is not None


def _params_written(index: RepoIndex, unit: Unit, driven: list[Unit]) -> str | None:
    """Where the training entrypoint writes its parameters into the run's output (``yaml.safe_dump(hyp, f)``,
    ``OmegaConf.save(cfg, out / "config.yaml")``, or a repository helper that dumps what it is given, called
    with the parameters: ``yaml_save(save_dir / "opt.yaml", vars(opt))``): the run directory records them.
    A helper called so by a training entrypoint ``unit`` runs (``driven``) counts too."""
    for src, call, name in unit.calls():
        if name in _DUMPS and call.args and _params_like(call.args[0]):
            return f"{src.path}:{src.where(call.lineno)[0]} (writes the parameters with the run)"
    for caller, owner, fn, via in reachable(index, unit):
        if (caller is not unit and caller not in driven) \
                or not any(_params_like(a) for a in [*via.args, *(k.value for k in via.keywords)]):
            continue
        if any((owner.qualname(n.func) or "") in _DUMPS for n in calls_in(fn)):
            src = caller.text_source() if not caller.is_notebook else \
                next((s for s in caller.sources if via in s.call_nodes), caller.sources[0])
            return f"{src.path}:{src.where(via.lineno)[0]} (writes the parameters with the run through {fn.name})"
    return None


def _azureml_run_logs(unit: Unit) -> bool:
    """An Azure ML run (``run = Run.get_context()``) logs values: ``run.log(name, value)``,
    ``run.parent.log(...)``; the run shows them next to its metrics."""
    if not unit.imports_any("azureml"):
        return False
    runs: set[str] = set()
    for _src, node in unit.walk():
        if isinstance(node, ast.Assign) and isinstance(node.value, ast.Call) and \
                (unit.qualname(node.value.func) or "").endswith(("Run.get_context", ".start_logging")):
            runs |= {t.id for t in node.targets if isinstance(t, ast.Name)}
    for _src, _call, name in unit.calls():
        parts = name.split(".")
        if parts[-1] in ("log", "log_list", "log_row", "log_table") and len(parts) >= 2 and (
                parts[0] in runs or (name.startswith("azureml.") and "Run.get_context()" in name)):
            return True
    return False


def _trainers(unit: Unit) -> int:
    """How many of the unit's calls build a Hugging Face ``...Trainer`` (each reports its arguments)."""
    return sum(1 for _s, _c, n in unit.calls() if n.split(".", 1)[0] in HF_TRAINER_ROOTS and n.endswith("Trainer"))


class _ReachedFacts(NamedTuple):
    """What the repro rules read of a whole module that training reaches (a ``Reached``: its tree is not kept),
    each the answer the rule's own reading of the module's Unit gives: the frameworks it imports at module level
    and the line of each one's first import (repro-seeds' ``_needs``), its GPU uses (repro-determinism), and
    whether it reads a config, logs parameters at import, logs to an Azure ML run, and how many Trainers it
    builds (repro-params-tracked's scope)."""

    top_imports: frozenset[str]
    import_lines: dict[str, tuple[int | None, int | None]]  # of the frameworks in top_imports
    gpu: list[tuple[str, int | None, int | None, str]]
    reads_config: bool
    logs_at_import: bool
    azureml: bool
    trainers: int


def _reached_summary(path: str, sources: list[PySource]) -> _ReachedFacts:
    unit = build_unit(path, sources)
    top = frozenset(fw for fw in ("torch", "tensorflow", "jax") if _imports_at_top(unit, _IMPORT_ROOT[fw]))
    return _ReachedFacts(top, {fw: _import_line(unit, _IMPORT_ROOT[fw]) for fw in top}, _gpu_uses(unit),
                         _reads_config(unit), _logs_params_at_import(unit), _azureml_run_logs(unit), _trainers(unit))


def _reached_facts(index: RepoIndex, module: Reached) -> _ReachedFacts:
    facts: _ReachedFacts = index.summary("repro-reached", module.path)
    return facts


def _may_ask_reached(index: RepoIndex, path: str) -> bool:
    """A module that training reaches and no one keeps (``Reached``, made by ``reachable``): its summary is made
    when the parse its functions were taken from is dropped, so that no rule parses it again."""
    from mlgate.facts.python import reached_made

    return not index.rules.isdisjoint(_REACHED_RULES) and reached_made(index, path)


_REACHED_RULES = frozenset({"repro-seeds", "repro-determinism", "repro-params-tracked"})
RepoIndex.summariser("repro-reached", _reached_summary, at_drop=_may_ask_reached)


def _resolve_in(index: RepoIndex, module: Module, node: ast.expr) -> Resolved:
    """``Resolver(index, module).resolve(node)``; a ``Reached`` module's through a Unit over a parse at hand,
    at the place of ``node`` in it (the node is of the parse its function was taken from)."""
    if isinstance(module, Unit):
        return Resolver(index, module).resolve(node)
    unit = module.unit()
    same = node_in(unit, node) if unit is not None else None
    if unit is None or not isinstance(same, ast.expr):
        return Resolved(UNRESOLVED)
    return Resolver(index, unit).resolve(same)


_HPARAM_OPTION = lazyre.compile(r"^(lr|learn\w*|epochs?|batch\w*|alpha|beta|gamma|lambda|\w*depth|n|k|c|estimators|"
                                r"dropout|hidden\w*|layers?|\w*decay|momentum|\w*iters?|\w*steps?|neighbou?rs|leaves"
                                r"|samples?|size|\w*rate|reg|regulari\w*|hyps?|hyperparam\w*|params?|parameters|conf|config"
                                r"|cfg|seed|model|arch|optim\w*|temperature|warmup|weights?|penalty|solver|kernel|units)$",
                                re.I)


def _switches_only(unit: Unit) -> bool:
    """The unit's command line takes no hyperparameter and no config file, only switches and names
    (``--register``, ``--stage``, ``--output``): the hyperparameters are elsewhere (written in the code)."""
    options = []
    for _src, call, name in unit.calls():
        if name.endswith(".add_argument") and call.args:
            options += [a.value for a in call.args if isinstance(a, ast.Constant) and isinstance(a.value, str)]
    if not options:
        return False
    return not any(_HPARAM_OPTION.match(word) for o in options for word in re.split(r"[-_]+", o.lstrip("-"))) and \
        _literal_hparam_in(unit) is not None


def _literal_hparam_in(unit: Unit) -> tuple[str, int | None, int | None, str] | None:
    for src, call, _name in unit.calls():
        for kw in call.keywords:
            if (
                kw.arg in _HPARAM_KW
                and isinstance(kw.value, ast.Constant)
                and isinstance(kw.value.value, (int, float))
                and not isinstance(kw.value.value, bool)
            ):
                line, cell = src.where(kw.value.lineno)
                return src.path, line, cell, f"`{kw.arg}={kw.value.value}`"
    return None


def _literal_hparam(index: RepoIndex, unit: Unit) -> tuple[str, int | None, int | None, str] | None:
    """The first hyperparameter written as a literal, in the unit or a repository module it imports (from the
    module's summary: its tree is not kept for this)."""
    found = _literal_hparam_in(unit)
    for path in repo_imports(index, unit.path) if found is None else ():
        found = _summary_hparam(index, path)
        if found is not None:
            break
    return found


def _summary_hparam(index: RepoIndex, path: str) -> tuple[str, int | None, int | None, str] | None:
    found: tuple[str, int | None, int | None, str] | None = \
        index.summary("repro-literal-hparam", path) if index.exists(path) else None
    return found


# a keyword argument ``_literal_hparam_in`` may find (ASCII text: past ASCII the parser reads some characters of a
# name as others)
_HPARAM_KW_TEXT = lazyre.compile(r"\b(" + "|".join(sorted(_HPARAM_KW)) + r")\s*=")


def _module_literal_hparam(path: str, sources: list[PySource]) -> tuple[str, int | None, int | None, str] | None:
    """``_literal_hparam_in`` of a module a training unit imports: a summary, made at the module's parse."""
    if not sources or all(src.text.isascii() and not _HPARAM_KW_TEXT.search(src.text) for src in sources):
        return None
    return _literal_hparam_in(build_unit(path, sources))


# made at a drop in a project's repository only, as the module summary it is read with (``py-top-names``): a
# published library's modules are many and its training scripts few (diffusers: making it at every drop was 5%
# of the scan, for the handful of modules its scripts import)
RepoIndex.summariser("repro-literal-hparam", _module_literal_hparam, at_drop=in_a_project)


def _train_call_line(unit: Unit) -> tuple[int | None, int | None]:
    for src, call, name in unit.calls():
        last = name.rsplit(".", 1)[-1]
        if last in ("fit", "train", "fit_generator") or last.endswith("Trainer"):
            return src.where(call.lineno)
    return unit.sources[0].where(1)


RULES: dict[str, RuleFn] = {
    "repro-seeds": seeds,
    "repro-determinism": determinism,
    "repro-pipeline-declared": pipeline_declared,
    "repro-params-tracked": params_tracked,
    "repro-deps-pinned": deps_pinned,
    "repro-image-digest": image_digest,
}
