"""A small on-disk cache of derived JSON data (the parsed rule catalogue, configurations already
validated), so that a pre-commit hook does not re-parse YAML and re-import jsonschema on every
commit.

Entries are keyed by a hash of everything they derive from, so a stale entry is never used; a
cache that cannot be read or written is simply not used. ``MLGATE_CACHE_DIR`` moves it
(default: ``$XDG_CACHE_HOME/mlgate`` or ``~/.cache/mlgate``); ``MLGATE_NO_CACHE=1`` turns it off.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any, Protocol


class Digest(Protocol):
    def update(self, data: bytes, /) -> None: ...

    def hexdigest(self) -> str: ...


def sha256(data: bytes = b"") -> Digest:
    """A sha256 hash object for small inputs (keys, fingerprints): CPython's built-in implementation when
    there is one, so that a pre-commit hook need not import hashlib and initialise OpenSSL (~4 ms); the
    digest is the same. Large contents (artifacts) go through hashlib."""
    from importlib import import_module

    for name in ("_sha256", "_sha2"):  # CPython <= 3.11, 3.12+
        try:
            made: Digest = import_module(name).sha256(data)
            return made
        except ImportError:
            continue
    import hashlib  # pragma: no cover - an interpreter without the built-in module

    return hashlib.sha256(data)  # pragma: no cover


def key(*parts: str | bytes) -> str:
    digest = sha256()
    for part in parts:
        data = part.encode("utf-8", "surrogatepass") if isinstance(part, str) else part
        digest.update(len(data).to_bytes(8, "big"))
        digest.update(data)
    return digest.hexdigest()[:32]


def directory() -> Path | None:
    if os.environ.get("MLGATE_NO_CACHE"):
        return None
    explicit = os.environ.get("MLGATE_CACHE_DIR")
    if explicit:
        return Path(explicit)
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "mlgate"


def read_private(path: str) -> bytes | None:
    """The contents of a cache file that mlgate may run or hand to an engine (compiled code, regex programs):
    only when the user running mlgate owns it and nobody else may write it; None otherwise, or when it cannot
    be read."""
    try:
        with open(path, "rb") as fh:
            st = os.fstat(fh.fileno())
            if (hasattr(os, "geteuid") and st.st_uid != os.geteuid()) or st.st_mode & 0o022:
                return None  # another user's, or others may write it
            return fh.read()
    except OSError:
        return None


def write_private(path: str, data: bytes) -> None:
    """Replace a cache file at once (a reader sees the old file or the new one), readable and writable by its
    owner only, in a folder only they may enter; a cache that cannot be written is not used."""
    try:
        os.makedirs(os.path.dirname(path), mode=0o700, exist_ok=True)
        temporary = f"{path}.{os.getpid()}.tmp"
        fd = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        os.replace(temporary, path)
    except (OSError, ValueError):
        pass


def load(name: str, entry_key: str) -> Any:
    """The cached value for ``name`` when it was stored under ``entry_key``; None otherwise."""
    where = directory()
    if where is None:
        return None
    import json

    try:
        with open(where / f"{name}.json", encoding="utf-8") as fh:
            data = json.load(fh)
    except (OSError, ValueError):
        return None
    if isinstance(data, dict) and data.get("key") == entry_key:
        return data.get("value")
    return None


def store(name: str, entry_key: str, value: Any) -> None:
    where = directory()
    if where is None:
        return
    import json

    try:
        text = json.dumps({"key": entry_key, "value": value}, separators=(",", ":"))
        where.mkdir(parents=True, exist_ok=True)
        import tempfile  # only when writing: a hook that reads the cache does not pay for it

        fd, tmp = tempfile.mkstemp(dir=where, prefix=f".{name}.", suffix=".tmp")
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as fh:
                fh.write(text)
            os.replace(tmp, where / f"{name}.json")
        except BaseException:
            os.unlink(tmp)
            raise
    except (OSError, TypeError, ValueError):
        return  # a read-only home, a value that is not JSON: run without the cache
