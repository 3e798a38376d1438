"""Vendored and generated code: what is not the project's own and is left out of every rule.

Recognised, from the list of files and a few small reads (nothing is run or imported):

- folders that hold other people's code by convention: ``vendor/``, ``_vendor/``, ``third_party/``,
  ``node_modules/``, ``site-packages/`` (a committed virtualenv), and ``external/`` unless it is a
  subpackage of the project's own package; and folders named for a known copy (``kaggle_evaluation/``,
  the harness Kaggle gives a code competition's entrants);
- caches committed by accident: a model hub's download cache (``.cache/huggingface``,
  ``hub/models--org--name``), ``.cache/torch``, Jupyter's ``.ipynb_checkpoints`` copies;
- files marked ``linguist-vendored`` or ``linguist-generated`` in ``.gitattributes``, as git itself
  reads them (``git check-attr``); ``-linguist-vendored`` / ``linguist-vendored=false`` keeps a file
  that the conventions above would skip. Notebooks are the exception: ``*.ipynb linguist-vendored``
  is the common way to keep Jupyter out of GitHub's language bar (ultralytics/yolov5 marks its own
  tutorials so), not a statement that someone else wrote them;
- copies of another project: a subfolder with its own licence file and its own setup.py,
  pyproject.toml, setup.cfg or package.json naming a project other than the repository's own (its
  name, or its name with a suffix: ``peft-examples``), unless the root declares it as a workspace
  member (uv workspace, Poetry path dependency, npm workspaces) or its licence repeats the
  repository's own copyright notice (a monorepo's packages). Two Apache-2.0 texts are identical
  whoever wrote the code, so an identical licence without a copyright line decides nothing;
- copies of another project without a manifest: a subfolder with its own licence file whose README or
  ``__init__.py`` says at the top where its code comes from ("From https://github.com/MAZiqing/FEDformer",
  "# based on https://github.com/isl-org/MiDaS", or the address alone in the comment block atop the
  ``__init__.py``): the baselines a research repository copies in, each with
  its licence. A licence alone is not enough (a ``weights/LICENSE`` states the terms of the project's own
  model), nor is a note atop one module (it says where that module came from, not the folder);
- a folder of copies: two or more licence files named for the projects they cover (``LICENSE-ESRGAN``,
  ``LICENSE-SwinIR``), not for a kind of licence (``LICENSE-MIT``) or a part of the project (``LICENSE-docs``);
- git submodules (``.gitmodules`` paths);
- packages pip installed into a folder (``pip install --target``, a Lambda function's bundle): the files each
  ``*.dist-info/RECORD`` lists;
- built Bentos: a folder with BentoML's ``bento.yaml`` beside the build's ``src/`` copy or ``apis/openapi.yaml``
  (a BentoML store committed with the project, ``bentos/<name>/<tag>/``), output of ``bentoml build``;
- a release archive: a folder with three or more subfolders named as release versions (``0.2.1``,
  ``v0.15.0``, ``v0.16.0-rc1``) that hold only rendered manifests and install scripts (YAML, JSON,
  shell, text): the published copies of past releases (kserve keeps 128 MB of them under ``install/``),
  generated from the project's own sources. The newest release folder is kept, so that a project whose
  current deployment is its latest release folder is still judged on it; versioned folders of data,
  models or configs (``data/v1.0/``) are the ML system's own versions and are kept.
- documentation: files marked ``linguist-documentation`` in ``.gitattributes`` (Nixtla/statsforecast marks
  its documentation notebooks ``nbs/**`` and its benchmark reproductions ``experiments/**`` so). The
  maintainers say these trees illustrate the project, so their code is not the project's own training,
  serving, data reads or pins, and no rule judges it. Kept from them: prose (Markdown, reStructuredText:
  a model card or a datasheet is documentation by nature and is what the provenance rules look for) and
  CODEOWNERS files (GitHub reads ``docs/CODEOWNERS``). As for ``linguist-vendored``, a mark that covers
  notebooks only (``*.ipynb linguist-documentation``, or a folder of notebooks alone) keeps them out of
  GitHub's language bar and says nothing more. Only the explicit mark counts: linguist's default
  documentation paths (``docs/``, ``examples/``) keep the treatment each rule gives them.

The configuration can keep a skipped file: any ``paths.features`` / ``model-spec`` / ``artifacts`` /
``deploy`` pattern that matches it, or a negated ``paths.exclude`` pattern (``!third_party/ours/``).
"""

from __future__ import annotations

import posixpath
import re
import sys
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import Any

from mlgate import lazyre
from mlgate.constants import LOCK_FILES
from mlgate.model import Skipped
from mlgate.records import dataclass

VENDOR_DIRS = frozenset({"vendor", "vendored", "_vendor", "third_party", "third-party", "thirdparty", "3rdparty",
                         "node_modules", "bower_components", "site-packages", "dist-packages"})
EXTERNAL_DIRS = frozenset({"external", "externals", "extern"})
# folders named for a known project whose copy a repository carries: Kaggle hands every code competition's
# entrants its evaluation harness (gateway, inference server, generated gRPC code) to copy beside their code
KNOWN_COPIES = {"kaggle_evaluation": "Kaggle's competition evaluation harness (a kaggle_evaluation/ folder)"}
LICENSE_NAMES = frozenset({"LICENSE", "LICENSE.txt", "LICENSE.md", "LICENSE.rst", "LICENCE", "LICENCE.txt",
                           "LICENCE.md", "COPYING", "COPYING.txt", "LICENSE-MIT", "LICENSE-APACHE"})
MANIFESTS = ("pyproject.toml", "setup.py", "setup.cfg", "package.json")
MAX_MANIFEST_BYTES = 200_000
ATTRIBUTES = ("linguist-vendored", "linguist-generated", "linguist-documentation")
# what a documentation tree keeps: prose (model cards, datasheets) and the owners file GitHub reads
DOC_PROSE = (".md", ".markdown", ".rst", ".adoc")
DOCUMENTATION = "marked linguist-documentation in .gitattributes; prose kept"
_RECORDS = frozenset({*LOCK_FILES, "dvc.lock"})  # generated records of the project's own environment and data

Reader = Callable[[str, int], "bytes | None"]


@dataclass(frozen=True)
class Vendored:
    trees: tuple[Skipped, ...]
    skipped: frozenset[str]


_HUB_CACHE = lazyre.compile(r"^(models|datasets|spaces)--[^/]+")


def _cache_reason(parts: list[str]) -> tuple[int, str] | None:
    """(index of the folder that starts the tree, why) when a path lies in a committed cache."""
    if len(parts) < 2:
        return None
    for i, part in enumerate(parts[:-1]):
        if part[:1] != "." and "--" not in part:
            continue
        nxt = parts[i + 1] if i + 1 < len(parts) - 1 else ""
        if part == ".cache" and nxt in ("huggingface", "torch", "pip", "pre-commit"):
            return i, f"a {nxt} download cache"
        if _HUB_CACHE.match(part):
            start = i - 1 if i > 0 and parts[i - 1] == "hub" else i
            return start, "a model hub download cache (hub/models--*)"
        if part == ".ipynb_checkpoints":
            return i, "Jupyter checkpoint copies"
    return None


_NAMED_DIRS = VENDOR_DIRS | EXTERNAL_DIRS | frozenset(KNOWN_COPIES)


def _path_reason(parts: list[str], file_set: frozenset[str]) -> tuple[int, str] | None:
    cache = _cache_reason(parts)
    if cache is None and _NAMED_DIRS.isdisjoint(parts[:-1]):
        return None
    for i, part in enumerate(parts[:-1]):
        if cache is not None and cache[0] <= i:
            return cache
        if part in VENDOR_DIRS:
            return i, f"a {part}/ folder"
        if part in KNOWN_COPIES:
            return i, KNOWN_COPIES[part]
        if part in EXTERNAL_DIRS:
            folder = "/".join(parts[: i + 1])
            parent = "/".join(parts[:i])
            own_subpackage = f"{folder}/__init__.py" in file_set and parent and f"{parent}/__init__.py" in file_set
            if not own_subpackage:
                return i, f"an {part}/ folder"
    return cache


def _toml(text: str) -> dict[str, Any]:
    if sys.version_info >= (3, 11):
        import tomllib
    else:  # pragma: no cover
        import tomli as tomllib
    try:
        doc: dict[str, Any] = tomllib.loads(text)
    except ValueError:  # TOMLDecodeError is a ValueError
        return {}
    return doc


def _normalise(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name.strip().lower())


def _texts(read: Reader, present: frozenset[str], candidates: Sequence[tuple[str, int]]) -> Iterator[tuple[str, str]]:
    """(path, text) of each candidate file that is present and not empty, read up to its byte limit."""
    for path, limit in candidates:
        data = read(path, limit) if path in present else None
        if data:
            yield path, data.decode("utf-8", "replace")


def _project_name(read: Reader, folder: str, present: frozenset[str]) -> tuple[str, str] | None:
    """(name, manifest file name) a folder's manifest declares."""
    prefix = f"{folder}/" if folder else ""
    for path, text in _texts(read, present, [(prefix + m, MAX_MANIFEST_BYTES) for m in MANIFESTS]):
        manifest = path[len(prefix):]
        name: object = None
        if manifest == "pyproject.toml":
            doc = _toml(text)
            project = doc.get("project")
            tool = doc.get("tool")
            poetry = tool.get("poetry") if isinstance(tool, dict) else None
            name = (project.get("name") if isinstance(project, dict) else None) \
                or (poetry.get("name") if isinstance(poetry, dict) else None)
        elif manifest == "package.json":
            import json

            try:
                doc_json = json.loads(text)
            except ValueError:
                continue
            name = doc_json.get("name") if isinstance(doc_json, dict) else None
        elif manifest == "setup.cfg":
            m = re.search(r"^\[metadata\][^\[]*?^name\s*=\s*(\S+)", text, re.M | re.S)
            name = m.group(1) if m else None
        else:
            # setup(name="x"), or a dict of setup()'s arguments ({"name": "auto_gptq", ...}: AutoGPTQ's, copied
            # into allenai/OLMo's inference/compression/dependencies/)
            m = re.search(r"""(?:\bname\s*=\s*|['"]name['"]\s*:\s*)['"]([A-Za-z0-9][\w.-]*)['"]""", text)
            name = m.group(1) if m else None
        if isinstance(name, str) and name.strip():
            return name.strip(), manifest
    return None


def _license_text(read: Reader, path: str | None) -> str | None:
    if path is None:
        return None
    data = read(path, 4096)
    return " ".join(data.decode("utf-8", "replace").split()).lower() if data else None


def _license_in(folder: str, present: frozenset[str]) -> str | None:
    prefix = f"{folder}/" if folder else ""
    return next((prefix + n for n in sorted(LICENSE_NAMES) if prefix + n in present), None)


# a licence file named for the project whose code it covers (`LICENSE-ESRGAN`, `LICENSE-SwinIR.txt`), not for a
# kind of licence (`LICENSE-MIT`, `LICENSE-APACHE`) or a part of the project's own (`LICENSE-docs`, `LICENSE-weights`)
_NAMED_LICENCE = lazyre.compile(r"^(?:LICEN[SC]E|COPYING)[-_.](?P<project>[A-Za-z][\w.-]*?)(?:\.(?:txt|md|rst))?$",
                                re.I)
_LICENCE_KINDS = lazyre.compile(r"^(?:mit|apache|apache[-_.]?2(?:\.0)?|bsd|[al]?gpl|mpl|cc|cc[-_].*|isc|unlicense|zlib|"
                                r"docs?|documentation|data|dataset|weights?|models?|code|third[-_]?party|3rd[-_]?party|"
                                r"notices?|[a-z]{2}(?:[-_][a-z]{2})?|v?\d.*)$", re.I)
MIN_NAMED_LICENCES = 2


def _named_licences(files: Sequence[str]) -> dict[str, list[str]]:
    """Folder -> its licence files named for other projects, for folders with ``MIN_NAMED_LICENCES`` or more:
    a folder of copies, each beside the licence of the project it came from (Fooocus's ldm_patched/pfn/architecture,
    ESRGAN, SwinIR, HAT, LaMa ... with LICENSE-ESRGAN, LICENSE-SwinIR, LICENSE-HAT, LICENSE-lama). One such file
    could be the terms of something of the project's own; several name the projects the folder copies."""
    found: dict[str, list[str]] = {}
    for f in files:
        folder, _, name = f.rpartition("/")
        if folder and name[:1] in "LlCc" and (m := _NAMED_LICENCE.match(name)) \
                and not _LICENCE_KINDS.match(m.group("project")):
            found.setdefault(folder, []).append(name)
    return {folder: sorted(names) for folder, names in found.items() if len(names) >= MIN_NAMED_LICENCES}


def _copies(files: Sequence[str], read: Reader) -> dict[str, str]:
    """Folder -> why, for subfolders that are copies of another project."""
    present = frozenset(files)
    folders = sorted({f.rsplit("/", 1)[0] for f in files if "/" in f and f.rsplit("/", 1)[1] in LICENSE_NAMES})
    named = _named_licences(files)
    if not folders and not named:
        return {}
    import fnmatch

    root = _project_name(read, "", present)
    root_name = _normalise(root[0]) if root else None
    members = _workspace_members(read, present)
    root_license = _license_text(read, _license_in("", present))
    out: dict[str, str] = {}
    for folder in folders:
        if any(folder.startswith(done + "/") for done in out):
            continue
        own = _project_name(read, folder, present)
        if own is None:
            note = _source_note(read, folder, present, root_name)
            if note is not None:
                licence = _license_in(folder, present)
                licence_name = licence.rsplit("/", 1)[-1] if licence else "LICENSE"
                out[folder] = f"own {licence_name} and a note of its source ({note[0]}: {note[1]})"
            continue
        name = _normalise(own[0])
        if root_name is not None and (name == root_name or name.startswith(root_name + "-")):
            continue  # the project's own sub-package (peft and peft-examples)
        if any(fnmatch.fnmatch(folder, m) for m in members):
            continue  # a declared member of the repository's workspace
        licence = _license_in(folder, present)
        if root_license is not None and _license_text(read, licence) == root_license \
                and re.search(r"copyright\s+(?:\(c\)\s*)?\d{4}", root_license):
            continue  # the repository's own copyright notice: a package of this monorepo, not a copy
        licence_name = licence.rsplit("/", 1)[-1] if licence else "LICENSE"
        out[folder] = f"own {licence_name} and {own[1]} (project '{own[0]}')"
    for folder, names in sorted(named.items()):
        if folder in out or any(folder.startswith(done + "/") for done in out):
            continue
        shown = ", ".join(names[:3]) + (f" and {len(names) - 3} more" if len(names) > 3 else "")
        out[folder] = f"licences of the projects it copies ({shown})"
    for folder in [f for f in out if any(f.startswith(other + "/") for other in out)]:
        del out[folder]  # inside a copy already left out
    return out


# a note of where a folder's code comes from: "From https://github.com/MAZiqing/FEDformer" at the top of its
# README (LTSF-Linear's copy of the FEDformer baseline), "# based on https://github.com/isl-org/MiDaS",
# "# Original from CMU https://github.com/CMU-Perceptual-Computing-Lab/openpose" atop its __init__.py (ControlNet's
# annotator/ copies); a bare "From" only when it starts the line ("data from https://..." says something else)
_HOST_URL = r"https?://(?:www\.)?(?:github\.com|gitlab\.com|bitbucket\.org)/[\w.-]+/[\w.-]+"
_SOURCE_NOTE = lazyre.compile(
    rf"^[ \t>#*/'\"-]*from[ \t]*:?[ \t]*<?(?P<bare>{_HOST_URL})"
    r"|\b(?:based[ \t]+on|(?:adapted|copied|borrowed|modified|taken|ported|forked|derived|cloned)[ \t]+from"
    rf"|original(?:ly)?[ \t]+from|code[ \t]+from)\b[^\n]{{0,40}}?(?P<url>{_HOST_URL})",
    re.I | re.M)
# a comment line that is only a repository's address, in the comment block atop an __init__.py (ControlNet 1.1's
# annotators: "# OneFormer" then "# https://github.com/SHI-Labs/OneFormer")
_ADDRESS_LINE = lazyre.compile(rf"^#[ \t]*<?(?P<url>{_HOST_URL})/?>?[ \t]*$")
_README_NAMES = ("README.md", "README.rst", "README.txt", "README", "readme.md", "Readme.md")


def _source_note(read: Reader, folder: str, present: frozenset[str],
                 root_name: str | None) -> tuple[str, str] | None:
    """(file, URL) of a note, at the top of a folder's README or its ``__init__.py``, that its code comes from
    another repository: with the folder's own licence file, a copy of another project (the baselines a research
    repository copies in with their licences, the annotators ControlNet copies from MiDaS, MLSD and OpenPose).
    Only these two files speak for the whole folder: a note atop one module says where that module came from.
    A note that names the repository's own project (its manifest's name) is no copy."""
    prefix = f"{folder}/"
    candidates = [(prefix + n, 4096) for n in _README_NAMES] + [(prefix + "__init__.py", 2048)]
    for path, text in _texts(read, present, candidates):
        urls = [(m.group("bare") or m.group("url")) for m in _SOURCE_NOTE.finditer(text)]
        if path.endswith("/__init__.py"):
            header = [line.strip() for line in text.splitlines()[:6]]
            header = header[:next((i for i, line in enumerate(header) if not line.startswith("#")), len(header))]
            urls += [m.group("url") for line in header if (m := _ADDRESS_LINE.match(line))]
        for url in urls:
            url = url.rstrip(".,;:)`'\">")
            repo = url.rstrip("/").rsplit("/", 1)[-1].removesuffix(".git")
            if root_name is not None and _normalise(repo) == root_name:
                continue
            return path.rsplit("/", 1)[-1], url
    return None


def _workspace_members(read: Reader, present: frozenset[str]) -> list[str]:
    """Folders (globs) the root manifest declares as its own packages: uv workspace members, Poetry
    path dependencies, npm workspaces."""
    out: list[str] = []
    if "pyproject.toml" in present:
        doc = _toml((read("pyproject.toml", MAX_MANIFEST_BYTES) or b"").decode("utf-8", "replace"))
        tool = doc.get("tool") if isinstance(doc.get("tool"), dict) else {}
        uv = tool.get("uv") if isinstance(tool, dict) else None
        ws = uv.get("workspace") if isinstance(uv, dict) else None
        if isinstance(ws, dict) and isinstance(ws.get("members"), list):
            out += [str(m).strip("./") for m in ws["members"] if isinstance(m, str)]
        poetry = tool.get("poetry") if isinstance(tool, dict) else None
        deps = poetry.get("dependencies") if isinstance(poetry, dict) else None
        for spec in deps.values() if isinstance(deps, dict) else []:
            if isinstance(spec, dict) and isinstance(spec.get("path"), str):
                out.append(spec["path"].strip("./"))
    if "package.json" in present:
        import json

        try:
            pkg = json.loads(read("package.json", MAX_MANIFEST_BYTES) or b"{}")
        except ValueError:
            pkg = {}
        ws_js = pkg.get("workspaces") if isinstance(pkg, dict) else None
        if isinstance(ws_js, dict):
            ws_js = ws_js.get("packages")
        if isinstance(ws_js, list):
            out += [str(m).strip("./") for m in ws_js if isinstance(m, str)]
    return out


# a release's folder name: 0.2.1, v0.15.0, v0.16.0-rc1, 1.2 (a bare v1 or 2 is an API version, not a release)
_RELEASE_DIR = lazyre.compile(r"^v?\d+\.\d+(?:\.\d+)?(?:[-+.]?[0-9A-Za-z][0-9A-Za-z.-]*)?$")
_MANIFEST_FILES = (".yaml", ".yml", ".json")
_RELEASE_FILES = (*_MANIFEST_FILES, ".sh", ".txt", ".md")
MIN_RELEASES = 3
# versioned folders of these are the ML system's own versions (datasets, models, configs), not release copies
_VERSIONED_ML = frozenset({"data", "dataset", "datasets", "model", "models", "artifacts", "checkpoints", "weights",
                           "experiments", "results", "metrics", "reports", "configs", "config", "conf", "params",
                           "features", "schemas", "schema"})


def _release_key(name: str) -> tuple[Any, ...]:
    from packaging.version import InvalidVersion, Version

    try:
        return (1, Version(name))
    except InvalidVersion:
        return (0, name)


def _release_archives(files: Sequence[str]) -> dict[str, tuple[str, str]]:
    """Release folders left out (folder -> (the archive folder, why)): every release folder of an archive
    but its newest. Only folders that hold nothing but rendered manifests and install scripts count."""
    releases: dict[str, set[str]] = {}  # archive folder -> its release folders that hold a manifest
    other: set[str] = set()  # release folders holding something else (code, a model, a notebook)
    for f in files:
        if "." not in f.rpartition("/")[0]:  # no folder named as a release (cheap: most paths are done here)
            continue
        parts = f.split("/")
        for i in range(len(parts) - 1):
            part = parts[i]
            if _RELEASE_DIR.match(part):
                folder = "/".join(parts[: i + 1])
                if f.endswith(_MANIFEST_FILES):
                    releases.setdefault("/".join(parts[:i]), set()).add(part)
                elif not f.endswith(_RELEASE_FILES):
                    other.add(folder)
                break
    out: dict[str, tuple[str, str]] = {}
    for archive, names in releases.items():
        prefix = f"{archive}/" if archive else ""
        names = {n for n in names if prefix + n not in other}
        if len(names) < MIN_RELEASES or not _VERSIONED_ML.isdisjoint(archive.lower().split("/")):
            continue
        ordered = sorted(names, key=_release_key)
        why = (f"a release archive: {len(ordered) - 1} older release folders of rendered manifests "
               f"({ordered[0]} to {ordered[-2]}); the newest, {ordered[-1]}, is read")
        for name in ordered[:-1]:
            out[prefix + name] = (archive or ".", why)
    return out


_BUILT_BENTO = "a built Bento (`bentoml build` output: bento.yaml and its copy of the service's sources)"


def _built_bentos(files: Sequence[str], present: frozenset[str]) -> list[str]:
    """Folders `bentoml build` wrote (a BentoML store committed with the project: bentos/<name>/<tag>/): a
    bento.yaml beside the build's copy of the sources (src/) or its generated API description (apis/openapi.yaml).
    The service's own sources are elsewhere in the repository; the copy is not the project's code."""
    out = []
    for folder in [f[: -len("/bento.yaml")] for f in files if f.endswith("/bento.yaml")]:
        if f"{folder}/apis/openapi.yaml" in present or any(p.startswith(f"{folder}/src/") for p in files):
            out.append(folder)
    return out


def _installed(files: Sequence[str], read: Reader, present: frozenset[str]) -> dict[str, tuple[str, str]]:
    """File -> (tree, why) for packages pip installed into a folder of the repository (`pip install --target
    package/`, how a Lambda function's zip is built): each `<dist>-<version>.dist-info/RECORD` lists the files its
    package put beside it (aws-samples/sagemaker-mlops-with-terraform commits python-gitlab with its test suite in
    two Lambda folders). The folder's own files, the handler, are in no RECORD and stay."""
    out: dict[str, tuple[str, str]] = {}
    for record in (f for f in files if f.endswith(".dist-info/RECORD")):
        info = record[: -len("/RECORD")]
        folder = info.rsplit("/", 1)[0] if "/" in info else ""
        data = read(record, 4_000_000)
        if not data:
            continue
        why = f"installed by pip ({info.rsplit('/', 1)[-1]}/RECORD lists it)"
        for line in data.decode("utf-8", "replace").splitlines():
            listed = line.split(",", 1)[0].strip()
            if not listed or listed.startswith(("/", "..")):
                continue
            path = posixpath.normpath(f"{folder}/{listed}" if folder else listed)
            if path in present:
                top = listed.split("/", 1)[0]
                out[path] = (f"{folder}/{top}" if folder else top, why)
        for f in files:
            if f.startswith(info + "/"):
                out[f] = (info, why)
    return out


def _submodules(read: Reader, present: frozenset[str]) -> list[str]:
    if ".gitmodules" not in present:
        return []
    data = read(".gitmodules", 100_000) or b""
    return [m.group(1).strip().strip("/") for m in
            re.finditer(r"^\s*path\s*=\s*(.+?)\s*$", data.decode("utf-8", "replace"), re.M)]


def git_attributes(root: Path, files: Sequence[str]) -> dict[str, str]:
    """``linguist-vendored`` / ``linguist-generated`` / ``linguist-documentation`` of each file, as git reads
    .gitattributes: path -> "vendored" | "generated" | "documentation" | "kept" (vendoring explicitly unset
    or false). Vendored or generated wins over documentation (the file is left out either way). Empty when
    git cannot answer."""
    from mlgate import git

    answers = git.check_attributes(root, files, ATTRIBUTES, light=True) or {}
    out: dict[str, str] = {}
    for path, attrs in answers.items():
        for attr in ATTRIBUTES[:2]:
            value = attrs.get(attr, "unspecified")
            if value in ("set", "true"):
                if out.get(path) != "vendored":
                    out[path] = "vendored" if attr == "linguist-vendored" else "generated"
            elif value in ("unset", "false") and attr == "linguist-vendored" and path not in out:
                out[path] = "kept"
        if attrs.get("linguist-documentation") in ("set", "true") and out.get(path) in (None, "kept"):
            out[path] = "documentation"
    return out


def _doc_evidence(path: str) -> bool:
    """A file a documentation tree keeps: prose, or an owners file."""
    name = path.rsplit("/", 1)[-1]
    return name == "CODEOWNERS" or name.lower().endswith(DOC_PROSE)


def wants_attributes(files: Sequence[str], read: Reader) -> bool:
    """Whether any .gitattributes of the repository mentions a linguist attribute (git is asked only then)."""
    for f in files:
        if f == ".gitattributes" or f.endswith("/.gitattributes"):
            data = read(f, 200_000)
            if data and b"linguist-" in data:
                return True
    return False


def detect(files: Sequence[str], read: Reader, *, attributes: dict[str, str] | None = None,
           keep: Callable[[str], bool] | None = None) -> Vendored:
    """The vendored and generated trees among ``files`` (sorted repository paths)."""
    present = frozenset(files)
    attributes = attributes or {}
    copies = _copies(files, read)
    submodules = _submodules(read, present)
    archives = _release_archives(files)
    bentos = _built_bentos(files, present)
    installed = _installed(files, read, present) if any(f.endswith(".dist-info/RECORD") for f in files) else {}
    reasons: dict[str, tuple[str, str]] = {}  # file -> (tree, why)
    marked: set[str] = set()  # files marked in .gitattributes
    documented: set[str] = set()  # files marked linguist-documentation (and not skipped for another reason)
    for f in files:
        flag = attributes.get(f)
        if flag == "kept" or (keep is not None and keep(f)):
            continue
        parts = f.split("/")
        placeholder = next((i for i, part in enumerate(parts[:-1]) if "{{" in part and "}}" in part), None)
        if placeholder is not None:  # cookiecutter / copier: the files a template generates, not this project's
            reasons[f] = ("/".join(parts[: placeholder + 1]), "a project template's placeholder folder")
            continue
        maybe = len(parts) > 1 and ("--" in f or "/." in f or f[0] == "." or not _NAMED_DIRS.isdisjoint(parts[:-1]))
        hit = _path_reason(parts, present) if maybe else None
        if hit is not None:
            reasons[f] = ("/".join(parts[: hit[0] + 1]), hit[1])
            continue
        folder = next((c for c in copies if f.startswith(c + "/")), None) if copies else None
        if folder is not None:
            reasons[f] = (folder, copies[folder])
            continue
        if f in installed:
            reasons[f] = installed[f]
            continue
        bento = next((b for b in bentos if f.startswith(b + "/")), None) if bentos else None
        if bento is not None:
            reasons[f] = (bento, _BUILT_BENTO)
            continue
        sub = next((s for s in submodules if f == s or f.startswith(s + "/")), None) if submodules else None
        if sub is not None:
            reasons[f] = (sub, "a git submodule")
            continue
        if archives and len(parts) > 1:
            release = next((archives[r] for r in ("/".join(parts[: i + 1]) for i in range(len(parts) - 1))
                            if r in archives), None)
            if release is not None:
                reasons[f] = release
                continue
        # a lock file is generated by definition and is the project's own evidence (marked so only to fold
        # its diff on GitHub, as kserve does for its uv.lock files and poprox-recommender for its dvc.lock)
        if flag in ("vendored", "generated") and not f.endswith(".ipynb") \
                and not (flag == "generated" and f.rsplit("/", 1)[-1] in _RECORDS):
            reasons[f] = (f, f"marked linguist-{flag} in .gitattributes")
            marked.add(f)
        elif flag == "documentation":
            documented.add(f)
    if documented:
        _documentation(files, documented, reasons, marked)
    # group files marked one by one in .gitattributes into the shallowest folder they fill
    if marked:
        trees_of = _fill(files, marked | documented)
        for f in marked:
            reasons[f] = (trees_of.get(f, f), reasons[f][1])
    trees: dict[tuple[str, str], int] = {}
    for tree, why in reasons.values():
        trees[(tree, why)] = trees.get((tree, why), 0) + 1
    for sub in submodules:  # a submodule is one gitlink entry, or nothing, in the superproject's list
        if not any(t == sub for t, _ in trees):
            trees.setdefault((sub, "a git submodule"), 0)
    skipped = tuple(Skipped(tree, why, n) for (tree, why), n in sorted(trees.items()))
    return Vendored(skipped, frozenset(reasons))


def _fill(files: Sequence[str], marked: set[str]) -> dict[str, str]:
    """For each marked file, the shallowest folder whose files are all marked (files marked one by one in
    .gitattributes grouped into the tree they fill); files in no such folder are left out."""
    counts: Counter[str] = Counter()
    for f in files:
        parts = f.split("/")
        for i in range(1, len(parts)):
            folder = "/".join(parts[:i])
            counts[folder] += 1
            if f in marked:
                counts[f"\0marked:{folder}"] += 1
    out: dict[str, str] = {}
    for f in marked:
        parts = f.split("/")
        for i in range(1, len(parts)):
            folder = "/".join(parts[:i])
            if counts[folder] == counts[f"\0marked:{folder}"]:
                out[f] = folder
                break
    return out


def _documentation(files: Sequence[str], documented: set[str], reasons: dict[str, tuple[str, str]],
                   marked: set[str]) -> None:
    """Add to ``reasons`` and ``marked`` the files of documentation trees, but their prose and owners files,
    and not the trees whose marked files are all notebooks (a language-bar setting, as for vendoring)."""
    trees_of = _fill(files, documented)
    by_tree: dict[str, list[str]] = {}
    for f in documented:
        by_tree.setdefault(trees_of.get(f, f), []).append(f)
    for group in by_tree.values():
        if all(f.endswith(".ipynb") for f in group):
            continue
        for f in group:
            if not _doc_evidence(f):
                reasons[f] = (f, DOCUMENTATION)
                marked.add(f)


def describe(trees: Sequence[Skipped]) -> str:
    """One line for the reports: "1 vendored tree skipped: third_party/foo (own LICENSE and setup.py)"."""
    if not trees:
        return ""
    n = len(trees)
    shown = "; ".join(f"{t.path} ({t.reason})" for t in trees[:3])
    more = f"; and {n - 3} more" if n > 3 else ""
    return f"{n} {what_was_skipped(trees)} tree{'s' if n != 1 else ''} skipped: {shown}{more}"


def what_was_skipped(trees: Sequence[Skipped]) -> str:
    """"vendored or generated", or "vendored, generated or documentation" when a documentation tree is
    among ``trees``."""
    if any(t.reason == DOCUMENTATION for t in trees):
        return "vendored, generated or documentation"
    return "vendored or generated"
