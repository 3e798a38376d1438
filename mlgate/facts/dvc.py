"""DVC facts: ``.dvc`` files, ``dvc.yaml`` pipelines and their ``dvc.lock``, parsed once.

API (all memoised on the RepoIndex, never raising on bad input):

- ``uses_dvc(index)``: the repository uses DVC (``.dvc/config``, a ``dvc.yaml`` or a ``.dvc`` file).
- ``dvc_files(index) -> list[DvcFile]``: every ``.dvc`` file with its outs (path, hash, line) and,
  for imports, its deps (source repo url, rev, rev_lock).
- ``pipelines(index) -> list[Pipeline]``: every ``dvc.yaml`` with its stages (cmd, deps, outs,
  params, line), DVC 3 ``artifacts:``, and the ``dvc.lock`` beside it (``Pipeline.lock``, or None).
- ``Pipeline.locked(stage)``: the lock entries of a stage (``foreach``/``matrix`` stages have one
  entry per item, named ``stage@item``).
- ``tracked_outputs(index)``: every path that DVC versions (``.dvc`` outs and locked stage outs),
  relative to the repository root.

Paths inside a ``dvc.yaml`` or ``.dvc`` file are relative to its folder (and to a stage's ``wdir``);
the ``*_path`` helpers join them to repository paths.
"""

from __future__ import annotations

import posixpath
from dataclasses import field
from typing import Any

from mlgate.records import dataclass
from mlgate.repo import RepoIndex, parent_dir, yaml_line

HASH_KEYS = ("md5", "etag", "checksum", "sha256", "version_id")



def join(folder: str, rel: str) -> str:
    """A repository path for ``rel`` written in a file in ``folder`` (``..`` resolved)."""
    joined = posixpath.normpath(posixpath.join(folder, rel)) if folder else posixpath.normpath(rel)
    return "" if joined == "." else joined


def plain(value: Any) -> Any:
    """ruamel round-trip containers as plain dicts and lists (for comparing values)."""
    if isinstance(value, dict):
        return {str(k): plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [plain(v) for v in value]
    return value


@dataclass(frozen=True)
class Out:
    path: str  # as written in the file
    hash: str | None  # the content hash (md5/etag/checksum ...), None when missing
    line: int | None


@dataclass(frozen=True)
class ImportDep:
    path: str
    line: int | None
    repo_url: str | None  # `dvc import` (from a git repository)
    rev: str | None
    rev_lock: str | None
    hash: str | None  # `dvc import-url`: etag/md5/checksum of the source


@dataclass(frozen=True)
class DvcFile:
    path: str
    outs: tuple[Out, ...]
    deps: tuple[ImportDep, ...]
    frozen: bool

    @property
    def is_import(self) -> bool:
        return bool(self.deps)


@dataclass(frozen=True)
class Dep:
    path: str
    line: int | None


@dataclass(frozen=True)
class ParamRef:
    file: str  # params file, relative to the dvc.yaml folder (default params.yaml)
    key: str | None  # dotted key, or None for "every parameter of the file"
    line: int | None


@dataclass(frozen=True)
class Stage:
    name: str
    line: int | None
    cmd: str | None
    deps: tuple[Dep, ...]
    outs: tuple[Dep, ...]
    params: tuple[ParamRef, ...]
    wdir: str
    templated: bool  # foreach / matrix: locked as name@item


@dataclass(frozen=True)
class LockedFile:
    path: str
    hash: str | None
    hash_kind: str | None  # "md5" for DVC 3 (`hash: md5`), None for DVC 2 (md5 of dos2unix text)
    line: int | None


@dataclass(frozen=True)
class LockStage:
    name: str
    line: int | None
    cmd: str | None
    deps: tuple[LockedFile, ...]
    outs: tuple[LockedFile, ...]
    params: dict[str, dict[str, Any]]  # params file -> {dotted key: value}
    params_line: int | None


@dataclass(frozen=True)
class Lock:
    path: str
    stages: dict[str, LockStage]


@dataclass(frozen=True)
class Artifact:
    name: str
    path: str
    type: str | None
    line: int | None


@dataclass
class Pipeline:
    path: str  # the dvc.yaml
    stages: dict[str, Stage] = field(default_factory=dict)
    artifacts: tuple[Artifact, ...] = ()
    lock: Lock | None = None

    @property
    def folder(self) -> str:
        return parent_dir(self.path)

    def locked(self, stage: Stage) -> list[LockStage]:
        if self.lock is None:
            return []
        if stage.templated:
            return [s for n, s in self.lock.stages.items() if n.startswith(stage.name + "@")]
        found = self.lock.stages.get(stage.name)
        return [found] if found is not None else []

    def stage_path(self, stage: Stage, rel: str) -> str:
        return join(join(self.folder, stage.wdir) if stage.wdir else self.folder, rel)


def _hash_of(entry: Any) -> str | None:
    if not isinstance(entry, dict):
        return None
    for key in HASH_KEYS:
        value = entry.get(key)
        if isinstance(value, (str, int)) and str(value):
            return str(value)
    return None


def _kind(value: Any) -> str:
    return "list" if isinstance(value, list) else "mapping" if isinstance(value, dict) else type(value).__name__


def _first_doc(index: RepoIndex, path: str) -> Any:
    docs = index.yaml(path)
    return docs[0] if docs else None


def _parse_dvc_file(index: RepoIndex, path: str) -> DvcFile | None:
    doc = _first_doc(index, path)
    if not isinstance(doc, dict):
        if doc is not None:  # parsed, but not the mapping DVC writes (unparsable YAML has its own notice)
            index.notice(path, f"not a DVC file (a YAML mapping with `outs` is expected, found a "
                               f"{_kind(doc)}); not analysed")
        return None
    outs: list[Out] = []
    raw_outs = doc.get("outs")
    if isinstance(raw_outs, list):
        for i, o in enumerate(raw_outs):
            if isinstance(o, dict) and isinstance(o.get("path"), str):
                outs.append(Out(o["path"], _hash_of(o), yaml_line(raw_outs, i)))
    deps: list[ImportDep] = []
    raw_deps = doc.get("deps")
    if isinstance(raw_deps, list):
        for i, d in enumerate(raw_deps):
            if not isinstance(d, dict) or not isinstance(d.get("path"), str):
                continue
            repo = d.get("repo") if isinstance(d.get("repo"), dict) else None
            deps.append(
                ImportDep(
                    path=d["path"],
                    line=yaml_line(raw_deps, i),
                    repo_url=str(repo.get("url")) if repo and repo.get("url") else None,
                    rev=str(repo.get("rev")) if repo and repo.get("rev") else None,
                    rev_lock=str(repo.get("rev_lock")) if repo and repo.get("rev_lock") else None,
                    hash=_hash_of(d),
                )
            )
    return DvcFile(path, tuple(outs), tuple(deps), bool(doc.get("frozen")))


def dvc_files(index: RepoIndex) -> list[DvcFile]:
    def compute() -> list[DvcFile]:
        out = []
        for path in index.with_suffix(".dvc"):
            parsed = _parse_dvc_file(index, path)
            if parsed is not None:
                out.append(parsed)
        return out

    return index.memo("dvc-files", compute)


def _entries(raw: Any) -> list[tuple[str, int | None]]:
    """(path, line) of a dvc.yaml deps/outs/metrics list: strings or one-key mappings."""
    out: list[tuple[str, int | None]] = []
    if not isinstance(raw, list):
        return out
    for i, item in enumerate(raw):
        if isinstance(item, str):
            out.append((item, yaml_line(raw, i)))
        elif isinstance(item, dict) and len(item) == 1:
            key = next(iter(item))
            out.append((str(key), yaml_line(raw, i)))
    return out


def _params(raw: Any) -> list[ParamRef]:
    out: list[ParamRef] = []
    if not isinstance(raw, list):
        return out
    for i, item in enumerate(raw):
        if isinstance(item, str):
            out.append(ParamRef("params.yaml", item, yaml_line(raw, i)))
        elif isinstance(item, dict):
            for file, keys in item.items():
                if isinstance(keys, list) and keys:
                    out += [ParamRef(str(file), str(k), yaml_line(keys, j)) for j, k in enumerate(keys)]
                else:
                    out.append(ParamRef(str(file), None, yaml_line(raw, i)))
    return out


def _locked_files(raw: Any) -> tuple[LockedFile, ...]:
    out: list[LockedFile] = []
    if isinstance(raw, list):
        for i, item in enumerate(raw):
            if isinstance(item, dict) and isinstance(item.get("path"), str):
                kind = item.get("hash")
                out.append(
                    LockedFile(item["path"], _hash_of(item), str(kind) if kind else None, yaml_line(raw, i))
                )
    return tuple(out)


def _parse_lock(index: RepoIndex, path: str) -> Lock:
    doc = _first_doc(index, path)
    stages: dict[str, LockStage] = {}
    raw = doc.get("stages") if isinstance(doc, dict) else None
    if isinstance(doc, dict) and "stages" not in doc and "schema" not in doc:
        raw = doc  # DVC 1.x's lock (no `schema: '2.0'`): the stages at the top, as iterative/cml_dvc_case has it
    if isinstance(raw, dict):
        for name, body in raw.items():
            if not isinstance(body, dict):
                continue
            params: dict[str, dict[str, Any]] = {}
            raw_params = body.get("params")
            if isinstance(raw_params, dict):
                for file, values in raw_params.items():
                    if isinstance(values, dict):
                        params[str(file)] = {str(k): plain(v) for k, v in values.items()}
            stages[str(name)] = LockStage(
                str(name),
                yaml_line(raw, name),
                body.get("cmd") if isinstance(body.get("cmd"), str) else None,
                _locked_files(body.get("deps")),
                _locked_files(body.get("outs")),
                params,
                yaml_line(body, "params") if "params" in body else None,
            )
    return Lock(path, stages)


def _parse_pipeline(index: RepoIndex, path: str) -> Pipeline:
    pipe = Pipeline(path)
    doc = _first_doc(index, path)
    if not isinstance(doc, dict):
        if doc is not None:
            index.notice(path, f"not a DVC pipeline (a YAML mapping with `stages` is expected, found a "
                               f"{_kind(doc)}); not analysed")
        return pipe
    raw = doc.get("stages")
    if raw is not None and not isinstance(raw, dict):
        index.notice(path, f"`stages` is a {_kind(raw)}, not a mapping of stage names; stages not analysed")
    if isinstance(raw, dict):
        for name, body in raw.items():
            if not isinstance(body, dict):
                continue
            templated = "foreach" in body or "matrix" in body
            inner: dict[Any, Any] = body["do"] if isinstance(body.get("do"), dict) else body
            cmd = inner.get("cmd")
            if isinstance(cmd, list):
                cmd = " && ".join(str(c) for c in cmd)
            outs = _entries(inner.get("outs")) + _entries(inner.get("metrics")) + _entries(inner.get("plots"))
            pipe.stages[str(name)] = Stage(
                name=str(name),
                line=yaml_line(raw, name),
                cmd=cmd if isinstance(cmd, str) else None,
                deps=tuple(Dep(p, ln) for p, ln in _entries(inner.get("deps"))),
                outs=tuple(Dep(p, ln) for p, ln in outs),
                params=tuple(_params(inner.get("params"))),
                wdir=str(inner.get("wdir") or ""),
                templated=templated,
            )
    arts = doc.get("artifacts")
    if isinstance(arts, dict):
        pipe.artifacts = tuple(
            Artifact(
                str(name),
                str(a.get("path")),
                str(a["type"]) if a.get("type") else None,
                yaml_line(arts, name),
            )
            for name, a in arts.items()
            if isinstance(a, dict) and a.get("path")
        )
    lock = join(pipe.folder, "dvc.lock")
    if index.exists(lock):
        pipe.lock = _parse_lock(index, lock)
    return pipe


def pipelines(index: RepoIndex) -> list[Pipeline]:
    return index.memo("dvc-pipelines", lambda: [_parse_pipeline(index, p) for p in index.named("dvc.yaml")])


def orphan_locks(index: RepoIndex) -> list[Lock]:
    """dvc.lock files with no dvc.yaml beside them."""
    return [
        _parse_lock(index, p)
        for p in index.named("dvc.lock")
        if not index.exists(join(parent_dir(p), "dvc.yaml"))
    ]


def uses_dvc(index: RepoIndex) -> bool:
    return bool(
        index.exists(".dvc/config") or index.named("dvc.yaml") or index.named("dvc.lock") or dvc_files(index)
    )


def tracked_outputs(index: RepoIndex) -> set[str]:
    """Repository paths that DVC versions by content hash (.dvc outs and locked stage outs)."""

    def compute() -> set[str]:
        out: set[str] = set()
        for f in dvc_files(index):
            out.update(join(parent_dir(f.path), o.path) for o in f.outs if o.hash)
        for pipe in pipelines(index):
            for stage in pipe.stages.values():
                for locked in pipe.locked(stage):
                    out.update(pipe.stage_path(stage, o.path) for o in locked.outs if o.hash)
        return out

    return index.memo("dvc-tracked-outputs", compute)


def params_value(doc: Any, key: str) -> tuple[bool, Any, Any, Any]:
    """(found, value, parent node, last key) for a dotted key in a params document."""
    node: Any = doc
    parent: Any = None
    last: Any = None
    for part in key.split("."):
        if isinstance(node, dict) and part in node:
            parent, last, node = node, part, node[part]
        elif isinstance(node, list) and part.isdigit() and int(part) < len(node):
            parent, last, node = node, int(part), node[int(part)]
        else:
            return False, None, None, None
    return True, plain(node), parent, last
