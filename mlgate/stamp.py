"""`mlgate stamp`: write the provenance sidecar of a model or dataset artifact.

The sidecar (``<artifact>.provenance.json``, format: schemas/provenance.schema.json) records the
artifact's sha256, the git commit that made it and whether the working tree was dirty, and each
input's immutable version: the DVC md5 (a ``.dvc`` file or a locked ``dvc.lock`` out), the Git LFS
oid of a pointer, a Hugging Face revision (``hf://datasets/org/name@<sha>``), an object version
(``s3://bucket/key@<VersionId>``), or else the sha256 of the file.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import math
import os
import re
from pathlib import Path
from typing import Any

from mlgate import __version__, lazyre
from mlgate.constants import SIDECAR_SUFFIXES
from mlgate.records import dataclass

SIDECAR_SUFFIX = ".provenance.json"
MAX_DIR_FILES = 100_000
_CHUNK = 1 << 20


class StampError(Exception):
    """A user's mistake: str() is the one line they see (exit 2)."""


@dataclass(frozen=True)
class Stamped:
    sidecar: Path
    document: dict[str, Any]


# ------------------------------------------------------------------------------ hashing
def _file_sha256(path: Path) -> tuple[str, int]:
    h = hashlib.sha256()
    size = 0
    with open(path, "rb") as fh:
        while chunk := fh.read(_CHUNK):
            h.update(chunk)
            size += len(chunk)
    return h.hexdigest(), size


def _lfs_pointer(path: Path) -> tuple[str, int | None] | None:
    from mlgate.facts.provenance import parse_lfs_pointer

    try:
        with open(path, "rb") as fh:
            head = fh.read(512)
    except OSError:
        return None
    ptr = parse_lfs_pointer(head)
    return (ptr.oid, ptr.size) if ptr else None


def content_hash(path: Path) -> tuple[str, int, bool]:
    """(sha256, size, from an LFS pointer?) of a file, or of a folder's manifest (one line
    ``<sha256>  <relative path>`` per file, sorted by path; symbolic links are not followed)."""
    if path.is_file():
        ptr = _lfs_pointer(path)
        if ptr is not None:
            return ptr[0], ptr[1] or 0, True
        digest, size = _file_sha256(path)
        return digest, size, False
    entries: list[tuple[str, Path]] = []
    for dirpath, dirnames, filenames in os.walk(path, followlinks=False):
        dirnames[:] = sorted(d for d in dirnames if d != ".git")
        for name in filenames:
            full = Path(dirpath) / name
            if full.is_symlink() or not full.is_file():
                continue
            entries.append((full.relative_to(path).as_posix(), full))
            if len(entries) > MAX_DIR_FILES:
                raise StampError(f"{path}: more than {MAX_DIR_FILES:,} files; stamp an archive of it instead")
    lines = []
    total = 0
    for rel, full in sorted(entries):
        ptr = _lfs_pointer(full)
        if ptr is not None:
            digest, size = ptr[0], ptr[1] or 0
        else:
            digest, size = _file_sha256(full)
        total += size
        lines.append(f"{digest}  {rel}\n")
    return hashlib.sha256("".join(lines).encode()).hexdigest(), total, False


# ------------------------------------------------------------------------------ inputs
_HF = lazyre.compile(r"^hf://(datasets|models|spaces)/([^@\s/]+/[^@\s/]+|[^@\s/]+)(?:@([^/\s]+))?(/.*)?$")


def _data_input(spec: str, top: Path, index: Any) -> tuple[dict[str, Any], str | None]:
    """(the sidecar's input entry, its path relative to the repository or None)."""
    from mlgate.facts.provenance import dvc_add_for, dvc_producer

    if "://" in spec:
        if spec.startswith("hf://"):
            m = _HF.match(spec)
            rev = m.group(3) if m else None
            if not rev or not re.fullmatch(r"[0-9a-f]{7,64}", rev):
                raise StampError(f"--data {spec}: pin a commit, e.g. hf://datasets/<org>/<name>@<commit sha> "
                                 "(a branch or tag can move)")
            return {"uri": spec, "revision": rev, "pinned_by": "huggingface"}, None
        m2 = re.search(r"[?&]versionId=([^&]+)", spec)
        if m2:
            return {"uri": spec, "version": m2.group(1), "pinned_by": "object-store"}, None
        base, sep, version = spec.rpartition("@")
        if sep and version and "/" not in version and "://" in base:
            return {"uri": base, "version": version, "pinned_by": "object-store"}, None
        raise StampError(f"--data {spec}: no version: give <uri>@<version> (an S3 VersionId, a Delta table "
                         "version, a lakeFS commit) or a local path")
    path = Path(spec)
    absolute = Path(os.path.abspath(path))
    inside = absolute.is_relative_to(top)
    rel = absolute.relative_to(top).as_posix() if inside else None
    if rel is not None and index is not None:
        added = dvc_add_for(index, rel)
        if added is not None and added[1] and any(out == rel for out, _, _ in added[0].outs):
            return {"uri": rel, "md5": added[1], "pinned_by": "dvc"}, rel
        prod = dvc_producer(index, rel)
        if prod is not None and prod.locked and prod.md5 and prod.out.path == rel:
            return {"uri": rel, "md5": prod.md5, "pinned_by": "dvc"}, rel
    if not absolute.exists():
        raise StampError(f"--data {spec}: no such file or directory, and no DVC record of it")
    if absolute.is_file() and absolute.resolve() != absolute and not absolute.resolve().is_relative_to(top):
        raise StampError(f"--data {spec}: a symbolic link out of the repository; give the real path")
    digest, size, from_lfs = content_hash(absolute)
    entry: dict[str, Any] = {"uri": rel if rel is not None else absolute.as_posix(), "sha256": digest,
                             "pinned_by": "lfs" if from_lfs else "file"}
    if size:
        entry["size"] = size
    return entry, rel


_NUMBER = lazyre.compile(r"[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?")


def _pairs(items: list[str], flag: str, numeric: bool) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for item in items:
        key, sep, raw = item.partition("=")
        key = key.strip()
        if not sep or not key:
            raise StampError(f"{flag} {item!r}: expected NAME=VALUE")
        value: Any = raw
        if numeric:
            try:
                value = float(raw)
            except ValueError:
                raise StampError(f"{flag} {item!r}: {raw!r} is not a number") from None
            if not math.isfinite(value):
                raise StampError(f"{flag} {item!r}: not a finite number")
            if value.is_integer() and re.fullmatch(r"[+-]?\d+", raw.strip()):
                value = int(value)
        elif raw in ("true", "false", "null") or _NUMBER.fullmatch(raw):
            value = json.loads(raw if not raw.startswith("+") else raw[1:])
        out[key] = value
    return out


# ------------------------------------------------------------------------------ stamping
def stamp(artifact: str, *, data: list[str] | None = None, metrics: list[str] | None = None,
          params: list[str] | None = None, name: str | None = None, version: str | None = None,
          kind: str | None = None, entrypoint: str | None = None, now: dt.datetime | None = None,
          repo: Path | None = None, write: bool = True) -> Stamped:
    """``repo``: the repository (default: the one we are run in); ``write=False`` returns the document
    without writing it (`mlgate fix` shows it as a diff first)."""
    from mlgate import git
    from mlgate.facts.provenance import is_model_file, schema_errors
    from mlgate.repo import build_index

    path = Path(artifact)
    absolute = Path(os.path.abspath(path))
    if not absolute.exists():
        raise StampError(f"{artifact}: no such file or directory")
    if absolute.name.endswith(SIDECAR_SUFFIXES):
        raise StampError(f"{artifact}: this is a sidecar; stamp the artifact it describes")
    # the repository is the one we are run in (or, outside any, the artifact's own)
    state = git.working_state(repo or Path.cwd()) or git.working_state(absolute.parent)
    if state is None:
        raise StampError(f"{artifact}: not inside a git repository; stamp it in the repository whose code "
                         "made it")
    top, commit, changed, remote = state
    top = Path(os.path.abspath(top))
    real = absolute.resolve()
    if not absolute.is_relative_to(top) or not real.is_relative_to(top.resolve()):
        raise StampError(f"{artifact}: outside the repository {top}; stamp artifacts inside the repository "
                         "that produced them")
    if commit is None:
        raise StampError(f"{artifact}: the repository has no commit yet; commit the training code first")
    rel = absolute.relative_to(top).as_posix()
    digest, size, _ = content_hash(real)
    index = build_index(top)
    inputs: list[dict[str, Any]] = []
    input_paths: set[str] = set()
    for spec in data or []:
        entry, data_rel = _data_input(spec, top, index)
        inputs.append(entry)
        if data_rel:
            input_paths |= {data_rel, data_rel + ".dvc"}
    sidecar = absolute.parent / (absolute.name + SIDECAR_SUFFIX)
    own = {rel, rel + SIDECAR_SUFFIX, *input_paths}
    dirty = any(c not in own and not any(c.startswith(p + "/") for p in own) for c in changed)
    if kind is None:
        model_dir = absolute.is_dir() and any((absolute / n).exists() for n in ("saved_model.pb", "MLmodel"))
        kind = "model" if is_model_file(rel) or model_dir else "dataset"
    label = name or (absolute.name.split(".")[0] if absolute.is_file() else absolute.name)
    when = (now or dt.datetime.now(dt.timezone.utc)).astimezone(dt.timezone.utc).replace(microsecond=0)
    doc: dict[str, Any] = {
        "schema_version": 1,
        "kind": kind,
        "artifact": {"path": rel, "sha256": digest, "size": size,
                     "format": "directory" if absolute.is_dir() else (absolute.suffix.lstrip(".") or "file")},
    }
    if kind == "model":
        doc["model"] = {"name": label, "version": version or digest[:12]}
    else:
        doc["dataset"] = {"name": label, **({"version": version} if version else {})}
    code: dict[str, Any] = {"commit": commit, "dirty": dirty}
    if remote:
        code = {"repository": remote, **code}
    if entrypoint:
        code["entrypoint"] = entrypoint
    doc.update({
        "data": inputs,
        "code": code,
        "created_at": when.isoformat().replace("+00:00", "Z"),
        "created_by": {"tool": "mlgate stamp", "version": __version__},
    })
    if params:
        doc["params"] = _pairs(params, "--param", numeric=False)
    if metrics:
        doc["metrics"] = _pairs(metrics, "--metric", numeric=True)
    problems = schema_errors(doc, {})
    if problems:  # pragma: no cover - a bug in stamp, not the user's mistake
        raise StampError(f"internal error: the sidecar would not validate ({problems[0].where}: "
                         f"{problems[0].message})")
    if not write:
        return Stamped(sidecar, doc)
    try:
        sidecar.write_text(json.dumps(doc, indent=2) + "\n", encoding="utf-8")
    except OSError as exc:
        raise StampError(f"{sidecar}: cannot write ({exc.strerror})") from exc
    return Stamped(sidecar, doc)
