"""Provenance facts: model artifacts, Git LFS pointers, the DVC files that pin and produce them,
provenance sidecars (validated against provenance.schema.json, errors located at their line),
MLflow MLmodel files, and model cards and datasheets as sections of text.

The DVC reading here is deliberately small (stages, outs, locks, .dvc files): enough to tell
whether an artifact or dataset is produced by a locked stage or pinned by a .dvc file.
"""

from __future__ import annotations

import bisect
import functools
import itertools
import json
import re
from collections.abc import Callable
from dataclasses import field
from pathlib import PurePosixPath
from typing import Any, Generic, TypeVar

from mlgate import lazyre
from mlgate.constants import SIDECAR_SUFFIXES
from mlgate.patterns import PathSet
from mlgate.records import dataclass
from mlgate.repo import Needles, PySource, RepoIndex, load_yaml_documents, parent_dir, walk_nodes, yaml_line

T = TypeVar("T")

MODEL_SUFFIXES = (
    ".pkl",
    ".pickle",
    ".joblib",
    ".pt",
    ".pth",
    ".ckpt",
    ".onnx",
    ".h5",
    ".keras",
    ".pb",
    ".safetensors",
    ".gguf",
    ".tflite",
    ".mlmodel",
)
MODEL_NAMES = frozenset({"pytorch_model.bin", "tf_model.h5", "flax_model.msgpack", "model.bin"})
DATA_SUFFIXES = (
    ".csv",
    ".tsv",
    ".parquet",
    ".jsonl",
    ".feather",
    ".arrow",
    ".avro",
    ".orc",
    ".tfrecord",
    ".npy",
    ".npz",
    ".xlsx",
)
TEST_DIRS = frozenset({"tests", "test", "testing", "fixtures", "testdata", "test_data", "__tests__"})
# where models are fixtures of tests and release checks, not shipped models (kserve's example_models/ and
# hack/release/smoke-test-data/, a compose integration test's model/)
NON_SHIPPED_DIRS = TEST_DIRS | {"docs", "doc", "site-packages", "node_modules", ".venv", "venv", "example_models",
                                "integration-test", "integration_test", "integration-tests", "integraton-test",
                                "smoke-test-data", "hack"}
# ...and code in examples, which trains or saves no model of the repository's own
NON_SHIPPED_CODE_DIRS = NON_SHIPPED_DIRS | {"examples", "example"}
LFS_HEADER = b"version https://git-lfs.github.com/spec/v1"


def in_dirs(path: str, names: frozenset[str]) -> bool:
    """Whether a folder of ``path`` is named one of ``names`` (lower case). Asked of each file by several facts
    (74,000 times on the 10,000-file tree): the path lowered and split at once rather than a generator that
    lowers each part (no character lowers across a "/"), twice as fast."""
    return not names.isdisjoint(path.lower().split("/")[:-1])


# ------------------------------------------------------------------------------------- LFS
@dataclass(frozen=True)
class LfsPointer:
    oid: str  # sha256 of the real content
    size: int | None


def parse_lfs_pointer(data: bytes) -> LfsPointer | None:
    if not data.startswith(LFS_HEADER):
        return None
    m = re.search(rb"^oid sha256:([0-9a-f]{64})\s*$", data, re.M)
    if not m:
        return None
    s = re.search(rb"^size (\d+)\s*$", data, re.M)
    return LfsPointer(m.group(1).decode(), int(s.group(1)) if s else None)


def lfs_pointer(index: RepoIndex, path: str) -> LfsPointer | None:
    return parse_lfs_pointer(index.head(path, 512))


# ------------------------------------------------------------------------------------- DVC
@dataclass(frozen=True)
class DvcOut:
    path: str  # relative to the repository root
    line: int | None
    kind: str  # out | metric | plot


@dataclass(frozen=True)
class DvcStage:
    name: str
    dvcfile: str
    line: int | None
    cmd: str
    deps: tuple[str, ...]
    outs: tuple[DvcOut, ...]
    params_files: tuple[str, ...]


@dataclass(frozen=True)
class DvcAddFile:
    """A `.dvc` file: `dvc add` (outs only), `dvc import` (deps with repo + rev_lock) or `import-url`."""

    path: str
    outs: tuple[tuple[str, str | None, int | None], ...]  # (path, md5, line)
    source: str | None  # repo url or url of an import
    pinned_source: bool  # rev_lock, or an etag/checksum of the imported url
    frozen: bool


@dataclass(frozen=True)
class DvcArtifact:
    name: str
    dvcfile: str
    path: str
    type: str
    line: int | None


def _join(base: str, rel: str) -> str:
    rel = rel.strip()
    if not rel or "://" in rel:
        return rel
    from mlgate.facts.dvc import join

    return join(base, rel)



def _list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else []


def _non_out_paths(index: RepoIndex, dvcfile: str, name: str) -> set[str]:
    """Paths a stage lists under metrics: or plots: (facts/dvc.py lists them with its outs)."""
    docs = index.yaml(dvcfile)
    stages = docs[0].get("stages") if docs and isinstance(docs[0], dict) else None
    body = stages.get(name) if isinstance(stages, dict) else None
    if not isinstance(body, dict):
        return set()
    inner = body["do"] if isinstance(body.get("do"), dict) else body
    found: set[str] = set()
    for key in ("metrics", "plots"):
        for item in _list(inner.get(key)):
            if isinstance(item, str):
                found.add(item)
            elif isinstance(item, dict) and len(item) == 1:
                found.add(str(next(iter(item))))
    return found


_TEMPLATE_VAR = lazyre.compile(r"\$\{\s*(item|key)((?:\.[\w-]+)*)\s*\}")


def _foreach_items(index: RepoIndex, dvcfile: str, name: str) -> list[tuple[str, dict[str, Any]]]:
    """(key, {"item": value, "key": key}) of a ``foreach`` written out in dvc.yaml (a list, or a
    mapping), keyed as DVC names the expanded stages (``stage@key``); a written-out ``matrix`` is
    the product of its lists (``stage@churn-train``, a list or mapping value named ``<name><index>``);
    [] for either when it refers to params (``${vars}``), which only dvc.lock spells out."""
    docs = index.yaml(dvcfile)
    stages = docs[0].get("stages") if docs and isinstance(docs[0], dict) else None
    body = stages.get(name) if isinstance(stages, dict) else None
    matrix = body.get("matrix") if isinstance(body, dict) else None
    if isinstance(matrix, dict) and matrix and all(isinstance(v, list) and v for v in matrix.values()):
        axes = [[(str(v) if not isinstance(v, dict | list) else f"{k}{i}", k, v) for i, v in enumerate(values)]
                for k, values in matrix.items()]
        combos: list[tuple[str, dict[str, Any]]] = []
        for combo in itertools.product(*axes):
            if len(combos) >= 1000:
                break  # a matrix that large is judged from dvc.lock alone
            combos.append(("-".join(c[0] for c in combo), {"item": {c[1]: c[2] for c in combo}}))
        return combos
    items = body.get("foreach") if isinstance(body, dict) else None
    if isinstance(items, dict):
        return [(str(k), {"item": v, "key": str(k)}) for k, v in items.items()]
    if isinstance(items, list):
        return [(str(v) if not isinstance(v, dict | list) else str(i), {"item": v, "key": str(i)})
                for i, v in enumerate(items)]
    return []


def _substitute(text: str, scope: dict[str, Any]) -> str | None:
    """``text`` with ``${item}``, ``${item.field}`` and ``${key}`` filled in; None when one cannot be."""
    unresolved = False

    def repl(m: re.Match[str]) -> str:
        nonlocal unresolved
        value: Any = scope.get(m.group(1))
        for part in m.group(2).split(".")[1:]:
            value = value.get(part) if isinstance(value, dict) else None
        if value is None or isinstance(value, dict | list):
            unresolved = True
            return ""
        return str(value)

    out = _TEMPLATE_VAR.sub(repl, text)
    return None if unresolved or "${" in out else out


def _template_regex(path: str) -> re.Pattern[str]:
    parts = re.split(r"\$\{[^}]*\}", path)
    return re.compile(".+?".join(re.escape(p) for p in parts))


def dvc_stages(index: RepoIndex) -> list[DvcStage]:
    """The stages of every dvc.yaml (read by facts/dvc.py), with repository paths. A ``foreach`` or
    ``matrix`` stage is judged as the stages DVC expands it to, named as dvc.lock names them
    (``train@churn``): the locked entries with their paths, and the items of a written-out ``foreach``
    that are not locked yet; template text (``${item.data}``) never stands for a path."""

    def compute() -> list[DvcStage]:
        from mlgate.facts.dvc import pipelines

        out: list[DvcStage] = []
        for pipe in pipelines(index):
            for stage in pipe.stages.values():
                other = _non_out_paths(index, pipe.path, stage.name)
                params = tuple(sorted({pipe.stage_path(stage, p.file) for p in stage.params if "${" not in p.file}))
                if not stage.templated:
                    outs = tuple(DvcOut(pipe.stage_path(stage, o.path), o.line,
                                        "metric" if o.path in other else "out") for o in stage.outs)
                    out.append(DvcStage(stage.name, pipe.path, stage.line, stage.cmd or "",
                                        tuple(pipe.stage_path(stage, d.path) for d in stage.deps), outs, params))
                    continue
                templates = [(_template_regex(o.path), o) for o in stage.outs]
                entries = {e.name: e for e in pipe.locked(stage)}
                for name, entry in entries.items():
                    outs_list = []
                    for lo in entry.outs:
                        tmpl = next((o for rx, o in templates if rx.fullmatch(lo.path)), None)
                        kind = "metric" if tmpl is not None and tmpl.path in other else "out"
                        outs_list.append(DvcOut(pipe.stage_path(stage, lo.path),
                                                tmpl.line if tmpl is not None else stage.line, kind))
                    out.append(DvcStage(name, pipe.path, stage.line, entry.cmd or "",
                                        tuple(pipe.stage_path(stage, d.path) for d in entry.deps),
                                        tuple(outs_list), params))
                for key, scope in _foreach_items(index, pipe.path, stage.name):
                    name = f"{stage.name}@{key}"
                    if name in entries:
                        continue
                    filled = [(_substitute(o.path, scope), o) for o in stage.outs]
                    out.append(DvcStage(
                        name, pipe.path, stage.line, _substitute(stage.cmd or "", scope) or "",
                        tuple(p for p in (_substitute(d.path, scope) for d in stage.deps) if p is not None
                              for p in [pipe.stage_path(stage, p)]),
                        tuple(DvcOut(pipe.stage_path(stage, p), o.line, "metric" if o.path in other else "out")
                              for p, o in filled if p is not None),
                        params))
        return out

    return index.memo("prov:dvc-stages", compute)


def dvc_locked(index: RepoIndex) -> dict[str, dict[str, str | None]]:
    """Locked stages: {"<dvc.yaml>::<stage>": {out path: hash}}, a ``foreach``/``matrix`` stage under
    each expanded name (``train@churn``)."""

    def compute() -> dict[str, dict[str, str | None]]:
        from mlgate.facts.dvc import pipelines

        locked: dict[str, dict[str, str | None]] = {}
        for pipe in pipelines(index):
            for stage in pipe.stages.values():
                for entry in pipe.locked(stage):
                    name = entry.name if stage.templated else stage.name
                    outs = locked.setdefault(f"{pipe.path}::{name}", {})
                    outs.update({pipe.stage_path(stage, o.path): o.hash for o in entry.outs})
        return locked

    return index.memo("prov:dvc-locked", compute)


def dvc_add_files(index: RepoIndex) -> list[DvcAddFile]:
    """`.dvc` files (read by facts/dvc.py): their outs, and where an import comes from."""

    def compute() -> list[DvcAddFile]:
        from mlgate.facts.dvc import dvc_files

        out: list[DvcAddFile] = []
        for f in dvc_files(index):
            base = parent_dir(f.path)
            outs = tuple((_join(base, o.path), o.hash, o.line) for o in f.outs)
            source, pinned = None, False
            for dep in f.deps:
                if dep.repo_url:
                    source, pinned = dep.repo_url, bool(dep.rev_lock)
                elif "://" in dep.path:
                    source, pinned = dep.path, bool(dep.hash)
            out.append(DvcAddFile(f.path, outs, source, pinned, f.frozen))
        return out

    return index.memo("prov:dvc-add", compute)


def dvc_artifacts(index: RepoIndex) -> list[DvcArtifact]:
    def compute() -> list[DvcArtifact]:
        from mlgate.facts.dvc import pipelines

        return [DvcArtifact(a.name, pipe.path, _join(pipe.folder, a.path), a.type or "", a.line)
                for pipe in pipelines(index) for a in pipe.artifacts]

    return index.memo("prov:dvc-artifacts", compute)


@dataclass(frozen=True)
class DvcProducer:
    stage: DvcStage
    out: DvcOut
    locked: bool
    md5: str | None


def _covers(out: str, path: str) -> bool:
    return path == out or path.startswith(out.rstrip("/") + "/")


class _Covers(Generic[T]):
    """Entries by their out path, to find the first (in declaration order) whose out covers a path
    (``_covers``: the path itself, or a folder of it) with a dictionary look-up per folder of the
    path instead of a scan of every out: 10,000 outs asked about each of 10,000 paths took minutes."""

    def __init__(self) -> None:
        self.exact: dict[str, tuple[int, T]] = {}
        self.folder: dict[str, tuple[int, T]] = {}
        self.order = 0

    def add(self, out: str, entry: T) -> None:
        self.exact.setdefault(out, (self.order, entry))
        self.folder.setdefault(out.rstrip("/"), (self.order, entry))
        self.order += 1

    def first(self, path: str) -> T | None:
        found = [self.exact[path]] if path in self.exact else []
        found += [self.folder[path[:i]] for i, ch in enumerate(path) if ch == "/" and path[:i] in self.folder]
        return min(found, key=lambda e: e[0])[1] if found else None


def _outs_by_path(index: RepoIndex) -> _Covers[tuple[DvcStage, DvcOut]]:
    def compute() -> _Covers[tuple[DvcStage, DvcOut]]:
        covers: _Covers[tuple[DvcStage, DvcOut]] = _Covers()
        for stage in dvc_stages(index):
            for out in stage.outs:
                covers.add(out.path, (stage, out))
        return covers

    return index.memo("prov:dvc-outs-by-path", compute)


def dvc_producer(index: RepoIndex, path: str) -> DvcProducer | None:
    """The dvc.yaml stage whose out is (or contains) ``path``, and whether dvc.lock locks it."""
    found = _outs_by_path(index).first(path)
    if found is None:
        return None
    stage, out = found
    lock = dvc_locked(index).get(f"{stage.dvcfile}::{stage.name}")
    is_locked = lock is not None and out.path in lock
    return DvcProducer(stage, out, is_locked, lock.get(out.path) if lock else None)


def dvc_add_for(index: RepoIndex, path: str) -> tuple[DvcAddFile, str | None, int | None] | None:
    def compute() -> _Covers[tuple[DvcAddFile, str | None, int | None]]:
        covers: _Covers[tuple[DvcAddFile, str | None, int | None]] = _Covers()
        for add in dvc_add_files(index):
            for out, md5, line in add.outs:
                covers.add(out, (add, md5, line))
        return covers

    return index.memo("prov:dvc-add-by-path", compute).first(path)


# ------------------------------------------------------------------------------------- artifacts
@dataclass(frozen=True)
class Artifact:
    path: str
    origin: str  # git | lfs | dvc-out | dvc-add | dvc-artifact | configured
    line: int | None = None  # where it is declared (DVC files), None for a committed file
    declared_in: str | None = None
    lfs: LfsPointer | None = None


def is_model_file(path: str) -> bool:
    name = path.rsplit("/", 1)[-1].lower()
    return name in MODEL_NAMES or name.endswith(MODEL_SUFFIXES)


def _model_like_out(path: str) -> bool:
    parts = path.lower().split("/")
    return (
        is_model_file(path)
        or any(p in ("model", "models", "checkpoints") for p in parts[:-1])
        or parts[-1] in ("model", "models")
    )


def model_artifacts(index: RepoIndex, configured: tuple[str, ...] = ()) -> list[Artifact]:
    """Model artifacts in the repository: committed files (plain or LFS pointers) by extension,
    SavedModel folders, DVC outs and `.dvc` files of models, and ``paths.artifacts``."""

    def compute() -> list[Artifact]:
        found: dict[str, Artifact] = {}
        for path in index.files:
            if path.endswith(SIDECAR_SUFFIXES) or in_dirs(path, NON_SHIPPED_DIRS):
                continue
            name = path.rsplit("/", 1)[-1]
            if name == "saved_model.pb" and "/" in path:
                folder = parent_dir(path)
                found.setdefault(folder, Artifact(folder, "git"))
                continue
            if is_model_file(path):
                ptr = lfs_pointer(index, path)
                found[path] = Artifact(path, "lfs" if ptr else "git", lfs=ptr)
        if configured:
            for path in PathSet(configured).filter(index.files):
                if not path.endswith(SIDECAR_SUFFIXES) and path not in found:
                    ptr = lfs_pointer(index, path)
                    found[path] = Artifact(path, "configured", lfs=ptr)
        for art in dvc_artifacts(index):
            if art.type == "model" and art.path not in found:
                found[art.path] = Artifact(art.path, "dvc-artifact", art.line, art.dvcfile)
        for stage in dvc_stages(index):
            for out in stage.outs:
                if (
                    out.kind == "out"
                    and _model_like_out(out.path)
                    and out.path not in found
                    and not in_dirs(out.path, NON_SHIPPED_DIRS)
                ):
                    found[out.path] = Artifact(out.path, "dvc-out", out.line, stage.dvcfile)
        for add in dvc_add_files(index):
            for added, _, line in add.outs:
                if _model_like_out(added) and added not in found:
                    found[added] = Artifact(added, "dvc-add", line, add.path)
        # a file inside a folder already listed (SavedModel variables, a DVC out directory) is part of it
        folders = sorted(p for p in found if not is_model_file(p))
        for path in list(found):
            if any(path != f and path.startswith(f + "/") for f in folders):
                del found[path]
        return [found[p] for p in sorted(found)]

    return index.memo(f"prov:model-artifacts:{configured}", compute)


# ------------------------------------------------------------------------------------- MLflow
@dataclass(frozen=True)
class MLmodel:
    path: str
    run_id: str | None
    run_id_line: int | None
    flavors: tuple[str, ...]


def mlmodels(index: RepoIndex) -> dict[str, MLmodel]:
    """MLmodel files by folder."""

    def compute() -> dict[str, MLmodel]:
        out: dict[str, MLmodel] = {}
        for path in index.named("MLmodel"):
            docs = index.yaml(path)
            doc = docs[0] if docs else None
            if not isinstance(doc, dict):
                continue
            run_id = doc.get("run_id")
            flavors = doc.get("flavors")
            out[parent_dir(path)] = MLmodel(
                path,
                str(run_id) if run_id else None,
                yaml_line(doc, "run_id") if "run_id" in doc else None,
                tuple(str(f) for f in flavors) if isinstance(flavors, dict) else (),
            )
        return out

    return index.memo("prov:mlmodels", compute)


def mlmodel_for(index: RepoIndex, path: str) -> MLmodel | None:
    models = mlmodels(index)
    folder = path if path in models else parent_dir(path)
    while True:
        if folder in models:
            return models[folder]
        if not folder:
            return None
        folder = parent_dir(folder)


# ------------------------------------------------------------------------------------- sidecars
@functools.lru_cache(maxsize=1)
def provenance_schema() -> dict[str, Any]:
    from importlib import resources  # zipfile, shutil, tempfile: only when a sidecar is validated

    text = (resources.files("mlgate") / "schemas" / "provenance.schema.json").read_text(encoding="utf-8")
    schema: dict[str, Any] = json.loads(text)
    return schema


@dataclass(frozen=True)
class SchemaError:
    line: int | None
    where: str
    message: str


@dataclass(frozen=True)
class Sidecar:
    path: str
    target: str  # the artifact path the sidecar's name points at
    data: Any
    errors: tuple[SchemaError, ...]
    lines: dict[tuple[Any, ...], int] = field(default_factory=dict)

    def line(self, *keys: Any) -> int | None:
        """Line of a field (or the nearest enclosing one that exists)."""
        path = tuple(keys)
        while path:
            if path in self.lines:
                return self.lines[path]
            path = path[:-1]
        return self.lines.get((), 1)

    @property
    def valid(self) -> bool:
        return not self.errors and isinstance(self.data, dict)

    @property
    def foreign(self) -> bool:
        """A record of the repository's own format that happens to share the sidecar's name (`dataset_id`,
        `upstream_sources`, `output_sha256` ...): it names neither `schema_version` nor `artifact`, which every
        mlgate sidecar has. Its provenance is recorded, but not in a form mlgate can check, so it is not
        validated against mlgate's schema (a fraud-data engine's 18 such files were each "invalid")."""
        return isinstance(self.data, dict) and not ({"schema_version", "artifact"} & self.data.keys())


def where(path: tuple[Any, ...]) -> str:
    parts = [f"[{p}]" if isinstance(p, int) else str(p) for p in path]
    return ".".join(parts).replace(".[", "[") if parts else "the top level"


def schema_errors(data: Any, lines: dict[tuple[Any, ...], int]) -> list[SchemaError]:
    from jsonschema import Draft202012Validator

    validator = Draft202012Validator(provenance_schema())

    def line_of(path: tuple[Any, ...]) -> int | None:
        while path:
            if path in lines:
                return lines[path]
            path = path[:-1]
        return lines.get((), 1)

    out: list[SchemaError] = []
    for err in validator.iter_errors(data):
        path = tuple(err.absolute_path)
        message = err.message
        if err.validator == "anyOf" and path and path[0] == "data":
            message = "no immutable version: give sha256, md5, revision or version"
        elif err.validator == "additionalProperties" and isinstance(err.instance, dict):
            allowed = list((err.schema.get("properties") or {}).keys())
            extra = [k for k in err.instance if k not in allowed and not str(k).startswith("x-")]
            if extra:
                path = (*path, extra[0])
                message = f"unknown field '{extra[0]}' (allowed: {', '.join(allowed)}; or prefix it with x-)"
        elif err.validator == "required" and isinstance(err.instance, dict):
            missing = [f for f in err.validator_value if f not in err.instance]
            message = f"missing required field '{missing[0] if missing else '?'}'"
        elif err.validator == "pattern" and isinstance(err.instance, str):
            message = f"{err.instance!r} is not in the expected format"
        elif err.validator == "if":
            continue
        out.append(SchemaError(line_of(path), where(path), message))
    out.sort(key=lambda e: (e.line or 0, e.where))
    return out


def load_sidecar(index: RepoIndex, path: str) -> Sidecar:
    def compute() -> Sidecar:
        target = next(path[: -len(s)] for s in SIDECAR_SUFFIXES if path.endswith(s))
        text = index.text(path)
        if text is None:
            return Sidecar(path, target, None, (SchemaError(None, "the file", "cannot be read as text"),))
        if path.endswith(".json"):
            try:
                data = json.loads(text)
            except RecursionError:
                return Sidecar(path, target, None, (SchemaError(1, "the file", "JSON nested too deeply"),))
            except json.JSONDecodeError as exc:
                return Sidecar(
                    path, target, None, (SchemaError(exc.lineno, "the file", f"invalid JSON: {exc.msg}"),)
                )
            lines = json_key_lines(text)
        else:
            problems: list[str] = []
            docs = load_yaml_documents(text, path, lambda _p, m: problems.append(m))
            if problems or not docs:
                m = re.search(r"at line (\d+)", problems[0]) if problems else None
                return Sidecar(
                    path,
                    target,
                    None,
                    (
                        SchemaError(
                            int(m.group(1)) if m else 1,
                            "the file",
                            problems[0] if problems else "empty document",
                        ),
                    ),
                )
            data, lines = _plain_with_lines(docs[0])
        return Sidecar(path, target, data, tuple(schema_errors(data, lines)), lines)

    return index.file_memo(path, "prov:sidecar", compute)


def sidecars(index: RepoIndex) -> dict[str, Sidecar]:
    """Every provenance sidecar in the repository, by the artifact path its name points at."""

    def compute() -> dict[str, Sidecar]:
        out: dict[str, Sidecar] = {}
        for path in index.with_suffix(*SIDECAR_SUFFIXES):
            side = load_sidecar(index, path)
            out.setdefault(side.target, side)
        return out

    return index.memo("prov:sidecars", compute)


def _plain_with_lines(node: Any) -> tuple[Any, dict[tuple[Any, ...], int]]:
    lines: dict[tuple[Any, ...], int] = {(): yaml_line(node) or 1}
    budget = [50_000]

    def walk(n: Any, path: tuple[Any, ...]) -> Any:
        budget[0] -= 1
        if budget[0] < 0:
            return None
        if isinstance(n, dict):
            out = {}
            for k, v in n.items():
                ln = yaml_line(n, k)
                if ln is not None:
                    kp = (*path, str(k))
                    lines[kp] = ln
                out[str(k)] = walk(v, (*path, str(k)))
            return out
        if isinstance(n, list):
            items = []
            for i, v in enumerate(n):
                ln = yaml_line(n, i)
                if ln is not None:
                    ip = (*path, i)
                    lines[ip] = ln
                items.append(walk(v, (*path, i)))
            return items
        if isinstance(n, bool | int | float) or n is None:
            return n
        if hasattr(n, "isoformat"):
            return str(n.isoformat()).replace("+00:00", "Z")
        return str(n)

    return walk(node, ()), lines


def json_key_lines(text: str) -> dict[tuple[Any, ...], int]:
    """1-based line of every object key and array item of a JSON text, by its path."""
    lines: dict[tuple[Any, ...], int] = {}
    pos = 0
    n = len(text)
    line_starts = [0]
    for i, ch in enumerate(text):
        if ch == "\n":
            line_starts.append(i + 1)

    import bisect

    def line_at(p: int) -> int:
        return bisect.bisect_right(line_starts, p)

    def ws() -> None:
        nonlocal pos
        while pos < n and text[pos] in " \t\r\n":
            pos += 1

    def string() -> str:
        nonlocal pos
        start = pos
        pos += 1
        while pos < n and text[pos] != '"':
            pos += 2 if text[pos] == "\\" else 1
        pos += 1
        try:
            value: str = json.loads(text[start:pos])
        except ValueError:
            value = text[start + 1 : pos - 1]
        return value

    def value(path: tuple[Any, ...], depth: int) -> None:
        nonlocal pos
        ws()
        if pos >= n or depth > 200:
            return
        ch = text[pos]
        if ch == "{":
            pos += 1
            while True:
                ws()
                if pos >= n or text[pos] == "}":
                    pos += 1
                    return
                if text[pos] == ",":
                    pos += 1
                    continue
                if text[pos] != '"':
                    pos = n
                    return
                key_line = line_at(pos)
                key = string()
                kp = (*path, key)
                lines[kp] = key_line
                ws()
                if pos < n and text[pos] == ":":
                    pos += 1
                value((*path, key), depth + 1)
        elif ch == "[":
            pos += 1
            i = 0
            while True:
                ws()
                if pos >= n or text[pos] == "]":
                    pos += 1
                    return
                if text[pos] == ",":
                    pos += 1
                    continue
                ip = (*path, i)
                lines[ip] = line_at(pos)
                value((*path, i), depth + 1)
                i += 1
        elif ch == '"':
            string()
        else:
            while pos < n and text[pos] not in ",}]":
                pos += 1

    ws()
    lines[()] = line_at(pos)
    value((), 0)
    return lines


# ------------------------------------------------------------------------------------- cards
PLACEHOLDER = lazyre.compile(
    r"\[?\s*(?:more information needed|needs more information|more info needed|to be added|"
    r"add (?:more )?information here|optional)\s*\]?|\b(?:TBD|TODO|TBA|FIXME|N/A)\b|\{\{[^}]*\}\}|"
    r"lorem ipsum",
    re.I,
)
_COMMENT = lazyre.compile(r"<!--.*?-->", re.S)
HEADING = lazyre.compile(r"^(#{1,6})\s+(.*?)\s*#*\s*$")
_CARD_NAME = lazyre.compile(r"^model[_-]?card.*\.md$", re.I)
_SHEET_NAME = lazyre.compile(r"^(datasheet|data[_-]?card|dataset[_-]?card).*\.md$", re.I)
HF_MODEL_KEYS = frozenset(
    {"library_name", "pipeline_tag", "model-index", "base_model", "model_name", "inference", "widget"}
)
HF_DATASET_KEYS = frozenset(
    {
        "task_categories",
        "size_categories",
        "annotations_creators",
        "language_creators",
        "source_datasets",
        "dataset_info",
        "pretty_name",
        "task_ids",
        "multilinguality",
        "configs",
    }
)


@dataclass(frozen=True)
class Section:
    title: str
    level: int
    line: int
    body: str  # the section's text up to the next heading of the same or a higher level
    placeholder_line: int | None  # first placeholder line inside it


@dataclass(frozen=True)
class Card:
    path: str
    kind: str  # hf | markdown | mct | hf-dataset | datasheet
    front: dict[str, Any] | None
    front_lines: dict[tuple[Any, ...], int]
    sections: tuple[Section, ...]
    data: Any = None  # parsed JSON for Model Card Toolkit cards


def substantive(text: str) -> bool:
    """Whether text says something: not only whitespace, headings, comments and placeholders."""
    stripped = _COMMENT.sub("", text)
    stripped = "\n".join(ln for ln in stripped.splitlines() if not HEADING.match(ln))
    stripped = PLACEHOLDER.sub("", stripped)
    return len(re.sub(r"[\s\-*_>|:#`\[\]().,]+", "", stripped)) >= 12


def split_front_matter(text: str) -> tuple[str | None, int, str]:
    """(front matter YAML or None, line where the body starts (1-based), body)."""
    if not text.startswith("---"):
        return None, 1, text
    lines = text.split("\n")
    for i in range(1, min(len(lines), 2000)):
        if lines[i].rstrip() in ("---", "..."):
            return "\n".join(lines[1:i]), i + 2, "\n".join(lines[i + 1 :])
    return None, 1, text


_SETEXT = lazyre.compile(r"^ {0,3}(=+|-+)[ \t]*$")
_FENCE = lazyre.compile(r"^ {0,3}(`{3,}|~{3,})")
_NOT_PARAGRAPH = lazyre.compile(r"^ {0,3}(?:[-+*]\s|\d{1,9}[.)]\s|>|<!--|\|)|^ {4,}|^\t")


def _headings(lines: list[str]) -> list[tuple[int, int, str, int]]:
    """(index, level, title, index of the first body line) of the ATX (``## Title``) and setext
    (``Title`` underlined with ``===`` or ``---``) headings outside fenced code, by CommonMark's rules:
    an underline makes a heading of the paragraph line(s) right above it; after a blank line, a list
    item or a quote, ``---`` is a thematic break."""
    heads: list[tuple[int, int, str, int]] = []
    fence: str | None = None
    para: int | None = None  # first line of the open paragraph
    for i, ln in enumerate(lines):
        fm = _FENCE.match(ln)
        if fence is not None:
            closing = fm is not None and fm.group(1)[0] == fence[0] and len(fm.group(1)) >= len(fence)
            if closing and not ln.strip().lstrip(fence[0]).strip():
                fence = None
            continue
        if fm:
            fence, para = fm.group(1), None
            continue
        m = HEADING.match(ln)
        if m:
            heads.append((i, len(m.group(1)), m.group(2).strip(), i + 1))
            para = None
            continue
        if para is not None and _SETEXT.match(ln):
            title = " ".join(x.strip() for x in lines[para:i])
            heads.append((para, 1 if ln.strip()[0] == "=" else 2, title, i + 1))
            para = None
            continue
        if not ln.strip() or _SETEXT.match(ln) or (para is None and _NOT_PARAGRAPH.match(ln)):
            para = None
        elif para is None:
            para = i
    return heads


def sections(body: str, first_line: int) -> tuple[Section, ...]:
    lines = body.split("\n")
    heads = _headings(lines)
    # the lines that hold a placeholder, each line read once: a section's chunk holds its subsections' lines, and
    # reading each chunk for its first placeholder read a document's lines once per level of headings above them
    start = min((first_body for _, _, _, first_body in heads), default=len(lines))
    placeholders = [k for k in range(start, len(lines)) if PLACEHOLDER.search(_COMMENT.sub("", lines[k]))]
    out: list[Section] = []
    for j, (i, level, title, first_body) in enumerate(heads):
        end = next((k for k, lv, _, _ in heads[j + 1 :] if lv <= level), len(lines))
        chunk = lines[first_body:end]
        at = bisect.bisect_left(placeholders, first_body)
        ph = first_line + placeholders[at] if at < len(placeholders) and placeholders[at] < end else None
        out.append(Section(re.sub(r"[*_`]", "", title), level, first_line + i, "\n".join(chunk), ph))
    return tuple(out)


def _card(index: RepoIndex, path: str, kind: str) -> Card | None:
    text = index.text(path)
    if text is None:
        return None
    front_text, body_line, body = split_front_matter(text)
    front: dict[str, Any] | None = None
    front_lines: dict[tuple[Any, ...], int] = {}
    if front_text is not None:
        docs = load_yaml_documents(front_text, path, index.notice)
        if docs and isinstance(docs[0], dict):
            plain, lns = _plain_with_lines(docs[0])
            front = plain if isinstance(plain, dict) else None
            front_lines = {k: v + 1 for k, v in lns.items()}  # the front matter starts on line 2
    return Card(path, kind, front, front_lines, sections(body, body_line))


def _readme_kind(index: RepoIndex, path: str) -> str | None:
    head = index.head(path, 4096)
    if not head.startswith(b"---"):
        return None
    card = _card(index, path, "hf")
    if card is None or not card.front:
        return None
    keys = set(card.front)
    if keys & HF_DATASET_KEYS:
        return "hf-dataset"
    # a licence with the card's other metadata (tags, datasets, the metrics it reports): a model card as the
    # Hub writes one (poprox-recommender's news-category-classifier README: license and metrics)
    if keys & HF_MODEL_KEYS or ("license" in keys and bool(keys & {"tags", "datasets", "metrics"})):
        return "hf"
    return None


def _collect(index: RepoIndex, key: str, classify: Callable[[str, str], Card | None]) -> list[Card]:
    """The cards ``classify(path, file name)`` recognises among the repository's non-test files."""

    def compute() -> list[Card]:
        out: list[Card] = []
        for path in index.files:
            if not in_dirs(path, TEST_DIRS):
                card = classify(path, path.rsplit("/", 1)[-1])
                if card is not None:
                    out.append(card)
        return out

    return index.memo(key, compute)


_TEMPLATE_NAME = lazyre.compile(r"(^|[_.-])template[_.-]|[_.-]template\.(md|json)$", re.I)


# What a per-model README tells when it is the model's card: where the model comes from, what it was
# trained on, how well it does (a section, or a table of metrics).
_README_TOPICS = (
    lazyre.compile(r"\b(source|origin|provenance|model details|architecture|upstream|pre-?trained|weights|"
                   r"checkpoints?|base model)\b", re.I),
    lazyre.compile(r"\btraining[- ]?(data|dataset|set|corpus|details|procedure)?\b|^(training )?data(sets?)?$|"
                   r"\bdata(sets?)? used\b", re.I),
    lazyre.compile(r"\b(evaluation|results?|metrics?|performance|benchmarks?|accuracy|scores?)\b", re.I),
)
_METRIC_TABLE = lazyre.compile(r"(?im)^\s*\|.*\b(accuracy|top-?[15]|f1|auc|map|iou|bleu|rouge|wer|precision|recall|"
                               r"mae|rmse|perplexity)\b.*\|")


def _model_folder(index: RepoIndex, folder: str) -> bool:
    """A folder that holds a model file, directly or as an LFS or DVC pointer."""
    folders = index.memo("prov:model-file-folders", lambda: {
        parent_dir(p.removesuffix(".dvc")) for p in index.files if is_model_file(p.removesuffix(".dvc"))})
    return folder in folders


def _describes_a_model(card: Card) -> bool:
    """Two of source, training data and results, by heading (results also by a table of metrics)."""
    titles = [s.title for s in card.sections if s.level > 1]
    hits = sum(1 for pat in _README_TOPICS[:2] if any(pat.search(t) for t in titles))
    if any(_README_TOPICS[2].search(t) for t in titles) or any(_METRIC_TABLE.search(s.body) for s in card.sections):
        hits += 1
    return hits >= 2


def model_cards(index: RepoIndex) -> list[Card]:
    def classify(path: str, name: str) -> Card | None:
        if _TEMPLATE_NAME.search(name):
            return None  # a card template that training scripts fill in (diffusers' model_card_template.md)
        if _CARD_NAME.match(name):
            if "{{" in (index.text(path) or "")[:4096]:
                return None  # Jinja placeholders: a template, not a card
            card = _card(index, path, "markdown")
            if card is not None and card.front and set(card.front) & HF_MODEL_KEYS:
                card = Card(card.path, "hf", card.front, card.front_lines, card.sections)
            return card
        if name.lower() == "readme.md" and _readme_kind(index, path) == "hf":
            return _card(index, path, "hf")
        if name.lower() == "readme.md" and "/" in path and _model_folder(index, parent_dir(path)):
            card = _card(index, path, "markdown")
            if card is not None and _describes_a_model(card):
                return card  # a per-model README (models/<name>/README.md): the model's card
        if re.match(r"^model[_-]?card.*\.json$", name, re.I):
            data = index.json(path)
            if isinstance(data, dict) and ("model_details" in data or "modelDetails" in data):
                return Card(path, "mct", None, json_key_lines(index.text(path) or ""), (), data)
        return None

    return _collect(index, "prov:model-cards", classify)


def datasheets(index: RepoIndex) -> list[Card]:
    def classify(path: str, name: str) -> Card | None:
        if _SHEET_NAME.match(name):
            return _card(index, path, "datasheet")
        if name.lower() == "readme.md" and _readme_kind(index, path) == "hf-dataset":
            return _card(index, path, "hf-dataset")
        return None

    return _collect(index, "prov:datasheets", classify)


def covering(paths: list[str], target: str) -> str | None:
    """The nearest of ``paths`` (files) whose folder contains ``target`` (same folder first, then up)."""
    folder = parent_dir(target)
    by_dir: dict[str, str] = {}
    for p in sorted(paths):
        by_dir.setdefault(parent_dir(p), p)
    while True:
        if folder in by_dir:
            return by_dir[folder]
        if not folder:
            return None
        folder = parent_dir(folder)


VERSION_HINT = lazyre.compile(
    r"\b[0-9a-f]{32}\b|\b[0-9a-f]{40}\b|\b[0-9a-f]{64}\b|\b(?:revision|rev_lock|md5|sha256|sha1|commit|"
    r"snapshot|version(?:Id)?)\b\s*[:=]?\s*[`\"']?[\w.-]*\d|@[0-9a-f]{7,40}\b|\bv\d+(?:\.\d+)+\b",
    re.I,
)


def names_version(text: str) -> bool:
    return VERSION_HINT.search(text) is not None


def suffix(path: str) -> str:
    return PurePosixPath(path).suffix.lower()


# ---------------------------------------------------------------------- datasets the code writes
DATA_DIRS = frozenset({"data", "datasets", "dataset", "raw", "processed", "interim"})
_FRAME_WRITES = frozenset(
    {"to_csv", "to_parquet", "save_to_disk", "to_feather", "to_json", "write_parquet", "write_csv"}
)
# records written one file each under a data folder (`json.dump(record, open(f"data/raw/{name}.json", "w"))`):
# a module that dumps JSON (a needle far rarer than `open(`, which would parse most modules for this)
_DATASET_WRITE_NEEDLES = Needles(*sorted(_FRAME_WRITES), "json.dump(")
_RECORD_SUFFIXES = (*DATA_SUFFIXES, ".json")


# a file its name calls made-up data: Firefly's data/dummy_data.jsonl and data/pretrain/dummy_pretrain.jsonl, a
# few rows that show the format its training scripts read, with no source to trace
_PLACEHOLDER_DATA = lazyre.compile(r"(?:^|[_.-])(?:dummy|mock|fake)(?:[_.-]|$)", needs=("dummy", "mock", "fake"))


def is_data_path(path: str) -> bool:
    """A path under a data folder (data/, raw/, processed/ ...), outside tests, docs and examples, that its name
    does not call made-up (``_PLACEHOLDER_DATA``: `dummy_data.jsonl`, `mock-users.csv`)."""
    return in_dirs(path, DATA_DIRS) and not in_dirs(path, NON_SHIPPED_CODE_DIRS) \
        and not _PLACEHOLDER_DATA.search(path[path.rfind("/") + 1:].lower())


def dataset_writes(index: RepoIndex) -> list[tuple[str, str, int | None, int | None]]:
    """(dataset path, writer path, line, cell) for the data files code writes under a data folder: a frame
    written to a path (`df.to_csv("data/processed/train.csv")`), or, in a module that dumps JSON, a file
    opened for writing at a path built from literals and module constants (`open(os.path.join(DATA_DIR,
    f"{name}.json"), "w")` with `DATA_DIR = "data/raw"`: `data/raw/*.json`)."""
    return index.memo("dataset-writes", lambda: _dataset_writes(index))


def _dataset_writes(index: RepoIndex) -> list[tuple[str, str, int | None, int | None]]:
    from mlgate.facts.tests import code_files

    return [(p, path, line, cell) for path in index.containing(code_files(index), _DATASET_WRITE_NEEDLES)
            for p, line, cell in index.summary("prov-dataset-writes", path)]


def _writes_of(path: str, sources: list[Any]) -> list[tuple[str, int | None, int | None]]:
    """(dataset path, line, cell) of the data files one module or notebook writes under a data folder
    (``dataset_writes``): a summary, made when the module's parse is dropped, so that the rule does not parse
    it again (diffusers 18 modules, lerobot 12)."""
    import ast

    from mlgate.facts.pycode import calls

    out = []
    for src in sources:  # lines kept, no node
        constants: dict[str, str] | None = None
        dumps_json = "json.dump(" in src.text
        for c in calls(src):
            last = c.name.split(".")[-1]
            opens = dumps_json and c.name in ("open", "io.open")
            if not c.node.args or (last not in _FRAME_WRITES and not opens):
                continue
            arg = c.node.args[0]
            if last in _FRAME_WRITES:
                p = arg.value if isinstance(arg, ast.Constant) and isinstance(arg.value, str) else None
            else:
                mode = c.node.args[1] if len(c.node.args) > 1 else next(
                    (k.value for k in c.node.keywords if k.arg == "mode"), None)
                if not (isinstance(mode, ast.Constant) and isinstance(mode.value, str)
                        and any(m in mode.value for m in "wxa")):
                    continue
                if constants is None:
                    constants = _module_strings(src.tree)
                p = _static_path(arg, constants, _local_values(src, c.node.lineno))
                if p is None or not p.lower().endswith(_RECORD_SUFFIXES):
                    continue
            if p is None:
                continue
            p = p[2:] if p.startswith("./") else p
            if "://" not in p and not p.startswith("/") and is_data_path(p):
                line, cell = src.where(c.node.lineno)
                out.append((p, line, cell))
    return out


def _lineage_run(index: RepoIndex, path: str) -> bool:
    """Whether a module's data writes are made at its parse's drop: when prov-dataset-lineage, which reads
    them, is run, and the module is not named like a test (``code_files``: the others are never asked)."""
    from mlgate.facts.tests import is_test_file

    return "prov-dataset-lineage" in index.rules and not is_test_file(path)


RepoIndex.summariser("prov-dataset-writes", _writes_of, needles=(_DATASET_WRITE_NEEDLES,), at_drop=_lineage_run)


def _module_strings(tree: Any) -> dict[str, str]:
    """Module-level names bound once to a string literal (`DATA_DIR = "data/raw"`)."""
    import ast

    seen: dict[str, str | None] = {}
    for node in tree.body:
        if isinstance(node, ast.Assign) and len(node.targets) == 1 and isinstance(node.targets[0], ast.Name):
            name = node.targets[0].id
            value = node.value.value if isinstance(node.value, ast.Constant) \
                and isinstance(node.value.value, str) else None
            seen[name] = value if name not in seen else None
    return {k: v for k, v in seen.items() if v is not None}


def _local_values(src: PySource, line: int) -> dict[str, Any]:
    """The names that the function holding ``line`` binds once, before it, to a value (`path =
    os.path.join(DATA_DIR, f"{name}.json")`): name -> expression. The functions from the source's shared walk
    (``of_types``), and only the function found walked: an ``ast.walk`` of the whole module for each write
    call was 0.47 of diffusers' 16 s profiled (26 calls)."""
    import ast

    fn = None
    for node in src.of_types(ast.FunctionDef, ast.AsyncFunctionDef):
        if node.lineno <= line <= (node.end_lineno or node.lineno) and (fn is None or node.lineno > fn.lineno):
            fn = node
    if fn is None:
        return {}
    seen: dict[str, Any] = {}
    for inner in walk_nodes(fn):
        if isinstance(inner, ast.Assign) and inner.lineno < line and len(inner.targets) == 1 \
                and isinstance(inner.targets[0], ast.Name):
            name = inner.targets[0].id
            seen[name] = inner.value if name not in seen else None
    return {k: v for k, v in seen.items() if v is not None}


def _static_path(expr: Any, constants: dict[str, str], local: dict[str, Any] | None = None,
                 depth: int = 0) -> str | None:
    """The path an expression names, from literals, module constants and the function's own single
    assignments, with `*` for the parts only known when it runs (`os.path.join(DATA_DIR, f"{name}.json")`
    -> `data/raw/*.json`); None when its folder is not known."""
    import ast

    if depth > 4:
        return None
    if isinstance(expr, ast.Constant) and isinstance(expr.value, str):
        return expr.value
    if isinstance(expr, ast.Name):
        if local and expr.id in local:
            return _static_path(local[expr.id], constants, {k: v for k, v in local.items() if k != expr.id},
                                depth + 1)
        return constants.get(expr.id)
    if isinstance(expr, ast.JoinedStr):
        parts = []
        for v in expr.values:
            if isinstance(v, ast.Constant) and isinstance(v.value, str):
                parts.append(v.value)
            elif isinstance(v, ast.FormattedValue):
                inner = _static_path(v.value, constants, local, depth + 1)
                parts.append(inner if inner is not None else "*")
        return "".join(parts)
    if isinstance(expr, ast.BinOp) and isinstance(expr.op, ast.Div):  # Path(DATA_DIR) / f"{name}.json"
        left = _static_path(expr.left, constants, local, depth + 1)
        right = _static_path(expr.right, constants, local, depth + 1)
        return f"{left}/{right if right is not None else '*'}" if left is not None else None
    if isinstance(expr, ast.Call):
        name = expr.func.attr if isinstance(expr.func, ast.Attribute) else expr.func.id \
            if isinstance(expr.func, ast.Name) else ""
        if name in ("join", "Path", "PurePath", "PosixPath") and expr.args:
            pieces = [_static_path(a, constants, local, depth + 1) for a in expr.args]
            if pieces[0] is None:
                return None
            return "/".join(p if p is not None else "*" for p in pieces)
    return None
