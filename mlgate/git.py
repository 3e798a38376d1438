"""The only module that talks to git (through GitPython): tracked files, commits and blobs at a ref.

Nothing here checks anything out or changes the user's working tree or index.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from mlgate.model import Notice

_SYMLINK_MODE = 0o120000
_GITLINK_MODE = 0o160000


class GitError(Exception):
    """A git operation failed in a way the user must hear about (an unknown ref, say)."""


def _open(path: Path) -> Any:
    try:
        import git
    except ImportError:  # pragma: no cover - git binary missing makes GitPython fail to import
        return None
    try:
        return git.Repo(path, search_parent_directories=True)
    except (git.InvalidGitRepositoryError, git.NoSuchPathError, git.GitCommandError):
        return None
    except Exception:  # a broken .git (permissions, odd worktree) must not stop a plain-directory scan
        return None


def _prefix(repo: Any, path: Path) -> str | None:
    """The analysed directory relative to the repository's top level ('' at the top)."""
    if repo.bare or repo.working_tree_dir is None:
        return None
    top = Path(repo.working_tree_dir).resolve()
    here = path.resolve()
    if not here.is_relative_to(top):
        return None
    rel = here.relative_to(top).as_posix()
    return "" if rel == "." else rel + "/"


def tracked_files(path: Path) -> tuple[list[str], str | None] | None:
    """(files tracked below ``path``, relative to it; HEAD commit) or None outside a git work tree."""
    repo = _open(path)
    if repo is None:
        return None
    prefix = _prefix(repo, path)
    if prefix is None:
        return None
    import git

    try:
        out = repo.git.ls_files("-z", "--", prefix or ".", stdout_as_string=False)
    except git.GitCommandError:
        return None
    raw = out.decode("utf-8", errors="surrogateescape") if isinstance(out, bytes) else str(out)
    files = [f[len(prefix):] for f in raw.split("\0") if f and f.startswith(prefix)]
    return files, head_commit(repo)


def head_commit(repo: Any) -> str | None:
    try:
        return str(repo.head.commit.hexsha)
    except Exception:  # an unborn branch has no HEAD commit
        return None


def commit_of(path: Path) -> tuple[str | None, bool]:
    """(HEAD commit, working tree dirty?) for the repository containing ``path``."""
    repo = _open(path)
    if repo is None:
        return None, False
    try:
        dirty = bool(repo.is_dirty(untracked_files=False))
    except Exception:
        dirty = False
    return head_commit(repo), dirty


class TreeSource:
    """File contents read from the blobs of one commit (for ``--base``): no checkout."""

    def __init__(self, blobs: dict[str, Any]) -> None:
        self._blobs = blobs

    def size(self, path: str) -> int | None:
        blob = self._blobs.get(path)
        return int(blob.size) if blob is not None else None

    def read(self, path: str, limit: int) -> bytes | None:
        blob = self._blobs.get(path)
        if blob is None:
            return None
        try:
            data: bytes = blob.data_stream.read(limit)
        except Exception:
            return None
        return data

    def describe_unreadable(self, path: str) -> str | None:
        return None


def tree_at(path: Path, ref: str) -> tuple[list[str], TreeSource, str, list[Notice]]:
    """The files below ``path`` as they are at ``ref``: (files, source, commit sha, notices)."""
    repo = _open(path)
    if repo is None:
        raise GitError(f"{path} is not inside a git repository, so --base {ref} cannot be read")
    prefix = _prefix(repo, path) or ""
    import git

    try:
        commit = repo.commit(ref)
    except (git.BadName, git.BadObject, ValueError, git.GitCommandError) as exc:
        raise GitError(f"unknown git ref {ref!r}: fetch it first (e.g. git fetch origin {ref})") from exc
    blobs: dict[str, Any] = {}
    notices: list[Notice] = []
    tree = commit.tree
    if prefix:
        try:
            tree = tree / prefix.rstrip("/")
        except KeyError:
            return [], TreeSource({}), str(commit.hexsha), []
    for item in tree.traverse():
        if item.type != "blob":
            continue
        rel = str(item.path)[len(prefix):]
        if item.mode == _SYMLINK_MODE or item.mode == _GITLINK_MODE:
            continue
        if "\n" in rel or "\r" in rel:
            notices.append(Notice(rel.replace("\n", "\\n"), "file name contains a line break; skipped"))
            continue
        blobs[rel] = item
    return sorted(blobs), TreeSource(blobs), str(commit.hexsha), notices


def relative_to_top(path: Path) -> tuple[Path, str] | None:
    """(top-level directory, prefix of ``path`` within it) for the repository containing ``path``."""
    repo = _open(path)
    if repo is None or repo.working_tree_dir is None:
        return None
    prefix = _prefix(repo, path)
    if prefix is None:
        return None
    return Path(os.fspath(repo.working_tree_dir)), prefix


def working_state(path: Path) -> tuple[Path, str | None, list[str], str | None] | None:
    """(top-level directory, HEAD commit, tracked files with uncommitted changes relative to the top,
    remote URL of origin without credentials) for the repository containing ``path``; None outside one."""
    repo = _open(path)
    if repo is None or repo.working_tree_dir is None:
        return None
    import git

    try:
        out = repo.git.status("--porcelain=v1", "-z", "--untracked-files=no", stdout_as_string=False)
        raw = out.decode("utf-8", errors="surrogateescape") if isinstance(out, bytes) else str(out)
    except git.GitCommandError:
        raw = ""
    changed: list[str] = []
    entries = raw.split("\0")
    i = 0
    while i < len(entries):
        entry = entries[i]
        i += 1
        if len(entry) < 4:
            continue
        changed.append(entry[3:])
        if entry[0] in "RC":  # a rename or copy is followed by its source path
            i += 1
    remote = None
    try:
        url = str(repo.remotes.origin.url) if "origin" in [r.name for r in repo.remotes] else None
    except Exception:
        url = None
    if url:
        import re

        remote = re.sub(r"(://)[^/@]*@", r"\1", url)  # never write a token or password into a sidecar
    return Path(os.fspath(repo.working_tree_dir)), head_commit(repo), changed, remote
