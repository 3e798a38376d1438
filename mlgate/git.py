"""The only module that talks to git (through GitPython): tracked files, commits and blobs at a ref.

Nothing here checks anything out or changes the user's working tree or index.
"""

from __future__ import annotations

import os
import re
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
    files = [f[len(prefix):] for f in _decode(out).split("\0") if f and f.startswith(prefix)]
    return files, head_commit(repo)


def lfs_pointer_blobs(path: Path, files: list[str]) -> set[str]:
    """Which of ``files`` (relative to ``path``) the git index stores as Git LFS pointers.

    A checkout with git-lfs installed shows the real content in the working tree; the blob in the
    index is still the pointer. Only small blobs are read (a pointer is about 130 bytes)."""
    repo = _open(path)
    if repo is None or not files:
        return set()
    prefix = _prefix(repo, path) or ""
    found: set[str] = set()
    entries = repo.index.entries
    for rel in files:
        entry = entries.get((prefix + rel, 0))
        if entry is None:
            continue
        try:
            if repo.odb.info(entry.binsha).size > 1024:
                continue
            head = repo.odb.stream(entry.binsha).read(64)
        except Exception:
            continue
        if head.startswith(b"version https://git-lfs.github.com/spec/v1"):
            found.add(rel)
    return found


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

    def __init__(self, repo: Any, blobs: dict[str, tuple[str, int]]) -> None:
        self._repo = repo
        self._blobs = blobs  # path -> (blob sha, size)

    def size(self, path: str) -> int | None:
        blob = self._blobs.get(path)
        return blob[1] if blob is not None else None

    def read(self, path: str, limit: int) -> bytes | None:
        blob = self._blobs.get(path)
        if blob is None:
            return None
        try:
            stream = self._repo.odb.stream(bytes.fromhex(blob[0]))
            data: bytes = stream.read(limit)
        except Exception:
            return None
        return data

    def describe_unreadable(self, path: str) -> str | None:
        return None


def tree_at(path: Path, ref: str) -> tuple[list[str], TreeSource, str, list[Notice], set[str]]:
    """The files below ``path`` as they are at ``ref``: (files, source, commit sha, notices, the files
    whose content differs from the working tree's)."""
    repo = _open(path)
    if repo is None:
        raise GitError(f"{path} is not inside a git repository, so --base {ref} cannot be read")
    prefix = _prefix(repo, path) or ""
    import git

    try:
        commit = str(repo.commit(ref).hexsha)
    except (git.BadName, git.BadObject, ValueError, git.GitCommandError) as exc:
        raise GitError(f"unknown git ref {ref!r}: fetch it first (e.g. git fetch origin {ref})") from exc
    try:
        listing = repo.git.ls_tree("-r", "-z", "--long", "--full-tree", commit, "--", prefix or ".",
                                   stdout_as_string=False)
        changed_raw = repo.git.diff("--name-only", "-z", "--no-renames", commit, "--", prefix or ".",
                                    stdout_as_string=False)
    except git.GitCommandError as exc:
        raise GitError(f"cannot read {ref!r}: {str(exc).strip().splitlines()[-1]}") from exc
    blobs: dict[str, tuple[str, int]] = {}
    notices: list[Notice] = []
    for entry in _decode(listing).split("\0"):
        if not entry:
            continue
        meta, _, full = entry.partition("\t")
        mode, kind, sha, size = meta.split()
        if kind != "blob" or int(mode, 8) in (_SYMLINK_MODE, _GITLINK_MODE) or not full.startswith(prefix):
            continue
        rel = full[len(prefix):]
        if "\n" in rel or "\r" in rel:
            notices.append(Notice(rel.replace("\n", "\\n"), "file name contains a line break; skipped"))
            continue
        blobs[rel] = (sha, int(size))
    changed = {f[len(prefix):] for f in _decode(changed_raw).split("\0") if f.startswith(prefix)}
    return sorted(blobs), TreeSource(repo, blobs), commit, notices, changed


def renamed_files(path: Path, commit: str) -> dict[str, str]:
    """Files below ``path`` that the working tree has renamed since ``commit`` (git's rename detection):
    old path -> new path, both relative to ``path``. Empty when git cannot tell."""
    repo = _open(path)
    if repo is None:
        return {}
    prefix = _prefix(repo, path) or ""
    import git

    try:
        out = repo.git.diff("--name-status", "-z", "-M", "--diff-filter=R", commit, "--", prefix or ".",
                            stdout_as_string=False)
    except git.GitCommandError:
        return {}
    parts = _decode(out).split("\0")
    renames: dict[str, str] = {}
    for i in range(0, len(parts) - 2, 3):  # R<score> NUL old NUL new NUL
        status, old, new = parts[i:i + 3]
        if status.startswith("R") and old.startswith(prefix) and new.startswith(prefix):
            renames[old[len(prefix):]] = new[len(prefix):]
    return renames


def _decode(out: Any) -> str:
    return out.decode("utf-8", errors="surrogateescape") if isinstance(out, bytes) else str(out)


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
        remote = re.sub(r"(://)[^/@]*@", r"\1", url)  # never write a token or password into a sidecar
    return Path(os.fspath(repo.working_tree_dir)), head_commit(repo), changed, remote


def has_commit(path: Path, sha: str) -> bool:
    """Whether the commit ``sha`` is present in the repository containing ``path``."""
    repo = _open(path)
    if repo is None:
        return False
    try:
        repo.git.cat_file("-e", f"{sha}^{{commit}}")
    except Exception:
        return False
    return True


def fetch_commit(path: Path, ref: str, remote: str = "origin") -> tuple[str | None, str]:
    """A revision for ``ref`` that is present in the repository, fetching it (depth 1) from ``remote``
    when it is not: for a shallow checkout without the base commit of a pull request.

    ``ref`` is a commit sha or a branch name. Returns (revision or None, why not). The error text
    is git's last line, which carries no credentials.
    """
    repo = _open(path)
    if repo is None:
        return None, "not a git repository"
    is_sha = re.fullmatch(r"[0-9a-fA-F]{40}", ref) is not None
    candidates = [ref] if is_sha else [ref, f"{remote}/{ref}"]
    for rev in candidates:
        if has_commit(path, rev):
            return rev, ""
    import git

    spec = ref if is_sha else f"+refs/heads/{ref}:refs/remotes/{remote}/{ref}"
    try:
        repo.git.fetch("--no-tags", "--no-recurse-submodules", "--depth=1", remote, spec)
    except git.GitCommandError as exc:
        lines = [ln.strip() for ln in str(exc.stderr or "").splitlines() if ln.strip()]
        return None, (lines[-1] if lines else f"git fetch exited with {exc.status}")
    except Exception as exc:
        return None, type(exc).__name__
    for rev in candidates[::-1]:
        if has_commit(path, rev):
            return rev, ""
    return None, "the fetched objects do not contain it"


def changed_lines(path: Path, base: str, head: str) -> dict[str, set[int]] | None:
    """Lines of ``head`` (repository-relative path -> line numbers) added or changed since ``base``,
    from ``git diff base...head``; None when git cannot tell (a missing commit, say)."""
    repo = _open(path)
    if repo is None:
        return None
    try:
        out = repo.git.diff("--no-color", "--no-ext-diff", "-U0", "--no-renames", f"{base}...{head}")
    except Exception:
        return None
    from mlgate.github.diff import parse_unified

    return parse_unified(str(out))


def differing_files(path: Path, rev_a: str, rev_b: str, files: list[str]) -> set[str] | None:
    """Which of ``files`` (repository paths) differ between two revisions; None when git cannot tell
    (a revision missing from a shallow clone, say)."""
    repo = _open(path)
    if repo is None or not files:
        return None if repo is None else set()
    try:
        out = repo.git.diff("--name-only", "--no-renames", rev_a, rev_b, "--", *files)
    except Exception:
        return None
    return {line for line in str(out).splitlines() if line}


def hooks_dir(path: Path) -> Path | None:
    """Where git looks for hook scripts in the repository containing ``path`` (honours worktrees
    and ``core.hooksPath``); None outside a git work tree."""
    repo = _open(path)
    if repo is None or repo.working_tree_dir is None:
        return None
    try:
        where = str(repo.git.rev_parse("--git-path", "hooks")).strip()
    except Exception:
        return None
    hooks = Path(where)
    return hooks if hooks.is_absolute() else Path(os.fspath(repo.working_tree_dir)) / hooks


def current_branch(path: Path) -> str | None:
    """The checked-out branch of the repository containing ``path``, if any."""
    repo = _open(path)
    if repo is None:
        return None
    try:
        return str(repo.active_branch.name)
    except Exception:  # detached HEAD
        return None
