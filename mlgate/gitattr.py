"""Questions only git itself answers right: the ``filter`` attribute of paths (``git check-attr``) and
which index entries are Git LFS pointers (``git ls-files -s`` and ``git cat-file --batch``).

GitPython's pure-Python index reader refuses index version 4 (what ``feature.manyFiles`` sets), and
``.gitattributes`` is not ``.gitignore`` (a trailing-slash pattern matches nothing, names may be
quoted): git reads both correctly. Each question is one batch, a process or two for any number of
paths. The analysed repository is hostile: no hook, fsmonitor or credential prompt may run, and the
user's global attributes file is not read. Every function answers None (or an empty set) when git
cannot tell (a plain folder, no git binary, a broken repository); callers then fall back to reading
the files themselves.
"""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

GIT_TIMEOUT = 60  # seconds for one batch
_POINTER_MAGIC = b"version https://git-lfs.github.com/spec/v1"
_POINTER_MAX = 1024  # bytes: an LFS pointer is about 130


def _command(top: Path | str, *args: str) -> list[str]:
    return ["git", "-c", "core.fsmonitor=false", "-c", "core.hooksPath=/dev/null",
            "-c", "core.attributesFile=/dev/null", "-C", str(top), *args]


def _run(top: Path | str, args: list[str], stdin: bytes = b"") -> bytes | None:
    env = {k: v for k, v in os.environ.items() if k not in ("GIT_DIR", "GIT_WORK_TREE", "GIT_COMMON_DIR")}
    env["GIT_TERMINAL_PROMPT"] = "0"
    env["GIT_LITERAL_PATHSPECS"] = "1"  # a folder named ":(glob)*" is a name, not pathspec magic
    try:
        proc = subprocess.run(_command(top, *args), input=stdin, capture_output=True, env=env,
                              timeout=GIT_TIMEOUT, check=False)
    except (OSError, subprocess.SubprocessError):
        return None
    return proc.stdout if proc.returncode == 0 else None


def work_tree(path: Path | str) -> tuple[Path, str] | None:
    """(top-level directory, prefix of ``path`` within it, '' or ending in '/') of the work tree
    containing ``path``; None outside one."""
    out = _run(path, ["rev-parse", "--show-toplevel", "--show-prefix"])
    if out is None:
        return None
    lines = out.decode("utf-8", "surrogateescape").split("\n")
    if len(lines) < 2 or not lines[0]:
        return None
    return Path(lines[0]), lines[1]


def _decode(raw: bytes) -> str:
    return raw.decode("utf-8", "surrogateescape")


def filter_attributes(path: Path | str, files: list[str]) -> dict[str, str] | None:
    """{file: value of its ``filter`` attribute} for ``files`` (relative to ``path``), as git resolves
    it from every ``.gitattributes``: a value (``lfs``), ``set``, ``unset`` or ``unspecified``. None when
    git cannot tell."""
    where = work_tree(path)
    if where is None:
        return None
    top, prefix = where
    if not files:
        return {}
    stdin = b"".join((prefix + f).encode("utf-8", "surrogateescape") + b"\0" for f in files)
    out = _run(top, ["check-attr", "-z", "--stdin", "filter"], stdin)
    if out is None:
        return None
    fields = out.split(b"\0")
    answers: dict[str, str] = {}
    for i in range(0, len(fields) - 2, 3):  # <path> NUL <attribute> NUL <info> NUL
        full, info = _decode(fields[i]), _decode(fields[i + 2])
        if full.startswith(prefix):
            answers[full[len(prefix):]] = info
    return answers


def lfs_pointer_blobs(path: Path | str, files: list[str]) -> set[str]:
    """Which of ``files`` (relative to ``path``) the git index stores as Git LFS pointers, read by git
    (any index version): ``git ls-files -s -z`` gives each entry's blob, ``git cat-file --batch`` reads
    the small ones in one process. A checkout with git-lfs installed shows the real content in the
    working tree; the blob in the index is still the pointer."""
    where = work_tree(path)
    if where is None or not files:
        return set()
    top, prefix = where
    listing = _run(top, ["ls-files", "-s", "-z", "--", *([prefix] if prefix else [])])
    if listing is None:
        return set()
    wanted = {prefix + f for f in files}
    by_blob: dict[str, list[str]] = {}
    for entry in listing.split(b"\0"):
        meta, _, raw_path = entry.partition(b"\t")  # "<mode> <sha> <stage>\t<path>"
        parts = meta.split()
        if len(parts) != 3 or parts[2] != b"0" or not parts[0].startswith(b"100"):
            continue  # not a regular file at stage 0 (a symlink, a submodule, a conflict)
        full = _decode(raw_path)
        if full in wanted:
            by_blob.setdefault(parts[1].decode("ascii", "replace"), []).append(full[len(prefix):])
    if not by_blob:
        return set()
    checked = _run(top, ["cat-file", "--batch-check"], "".join(f"{b}\n" for b in by_blob).encode())
    if checked is None:
        return set()
    small = []
    for line in checked.decode("ascii", "replace").splitlines():
        answer = line.split()  # "<sha> blob <size>" or "<sha> missing"
        if len(answer) == 3 and answer[1] == "blob" and answer[2].isdigit() and int(answer[2]) <= _POINTER_MAX:
            small.append(answer[0])
    if not small:
        return set()
    out = _run(top, ["cat-file", "--batch"], "".join(f"{b}\n" for b in small).encode())
    found: set[str] = set()
    pos = 0
    while out is not None and pos < len(out):
        end = out.find(b"\n", pos)
        if end < 0:
            break
        header = out[pos:end].split()  # "<sha> blob <size>", the content, a newline
        if len(header) != 3 or not header[2].isdigit():
            pos = end + 1
            continue
        size = int(header[2])
        content = out[end + 1 : end + 1 + size]
        pos = end + 1 + size + 1
        if content.startswith(_POINTER_MAGIC):
            found.update(by_blob.get(header[0].decode("ascii", "replace"), []))
    return found
