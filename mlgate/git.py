"""The only module that talks to git: tracked files, commits and blobs at a ref. A scan of the working tree
asks git plain questions without GitPython (see _plain); GitPython is imported only for a base ref's
blobs, renames, the action's diffs and fetches, and stamps.

Nothing here checks anything out or changes the user's working tree or index.
"""

from __future__ import annotations

import contextlib
import os
import re
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

from mlgate import lazyre
from mlgate.model import Notice

_SYMLINK_MODE = 0o120000
_GITLINK_MODE = 0o160000


class GitError(Exception):
    """A git operation failed in a way the user must hear about (an unknown ref, say)."""


# --------------------------------------------------------------------------- running git safely
#
# The analysed repository is hostile, its .git/config included. git executes commands named in its
# configuration (core.fsmonitor, filter drivers, diff textconv and external diff, hooks, credential
# helpers, ext:: and other transports, upload-pack, alternate-refs commands). Every git command mlgate
# runs goes through one configured GitPython ``Git`` object whose command-line options (the highest
# precedence, and passed on to any git child process) switch each of those off, with the git directory
# and work tree named explicitly, so that git never discovers a repository by itself (a bare repository
# planted in the analysed folder is never used).

_ALWAYS: tuple[str, ...] = (
    "core.fsmonitor=false",
    f"core.hooksPath={os.devnull}",      # no hook runs (fetch runs reference-transaction hooks)
    "core.askPass=",
    "credential.helper=",                # an empty value clears every configured helper
    "core.alternateRefsCommand=",
    "diff.external=",
    "core.pager=cat",
    "core.quotePath=false",
    f"core.attributesFile={os.devnull}",  # the same answers for every user: the repository's attributes only
    "protocol.allow=never",              # only https may be fetched: no ext::, file, ssh, git://
    *(f"protocol.{name}.allow=never" for name in ("ext", "file", "ssh", "git", "http", "fd")),
    "protocol.https.allow=always",
    "safe.bareRepository=explicit",
    "gc.auto=0",
    "maintenance.auto=false",
    "fetch.recurseSubmodules=false",
    "submodule.recurse=false",
)
_DRIVER_KEY = lazyre.compile(r"^filter\.(.+)\.(?:clean|smudge|process|required)$", re.S)
_PROTOCOL_KEY = lazyre.compile(r"^protocol\.(.+)\.allow$", re.S)
# Environment the git processes never need: the action's inputs (its token) and GitHub's tokens.
_SECRET_ENV = lazyre.compile(r"^(?:INPUT_|ACTIONS_)|TOKEN", re.I)
_TIMEOUT = 120.0        # seconds for a local command (a hostile include.path naming a FIFO must not hang us)
_FETCH_TIMEOUT = 600.0


class _Policy:
    """Where the analysed repository may be: set by `mlgate action` to the workspace."""

    ceiling: Path | None = None          # never look for a repository above this directory
    safe_directory: Path | None = None   # the one directory git may read although another user owns it


@contextlib.contextmanager
def confined(workspace: Path) -> Iterator[None]:
    """Within: use only a repository at or below ``workspace``, and let git read it whoever owns it (the
    Actions runner mounts the workspace with another owner). `mlgate action` runs inside this."""
    saved = _Policy.ceiling, _Policy.safe_directory
    _Policy.ceiling = _Policy.safe_directory = workspace.resolve()
    try:
        yield
    finally:
        _Policy.ceiling, _Policy.safe_directory = saved


def _nearest_dotgit(path: Path) -> tuple[Path, os.stat_result] | None:
    """(folder, lstat of its ``.git``) of the nearest folder upward from ``path`` with a ``.git`` entry,
    never above the policy's ceiling."""
    try:
        here = path.resolve()
    except (OSError, RuntimeError):
        return None
    ceiling = _Policy.ceiling
    if ceiling is not None and not here.is_relative_to(ceiling):
        return None
    for top in (here, *here.parents):
        try:
            return top, os.lstat(top / ".git")
        except OSError:
            pass
        if ceiling is not None and top == ceiling:
            return None
    return None


def _discover(path: Path) -> tuple[Path, Path] | None:
    """(work tree top, git directory) of the work tree containing ``path``: the nearest directory upward
    with a ``.git`` directory (or a ``.git`` file naming a worktree's or submodule's git directory),
    never above the policy's ceiling. Bare repositories are never found."""
    import stat

    found = _nearest_dotgit(path)
    if found is None or not _owned(*found):
        return None
    top, st = found
    dotgit = top / ".git"
    if stat.S_ISDIR(st.st_mode):
        return top, dotgit
    if stat.S_ISREG(st.st_mode) and st.st_size < 4096:
        try:
            text = dotgit.read_text(encoding="utf-8", errors="replace").strip()
        except OSError:
            return None
        if not text.startswith("gitdir:"):
            return None
        target = Path(text[len("gitdir:"):].strip())
        gitdir = target if target.is_absolute() else top / target
        return (top, gitdir.resolve()) if gitdir.is_dir() else None
    return None  # a .git that is a link or something else: not a repository mlgate will use


def _owned(top: Path, dotgit: os.stat_result) -> bool:
    """Whether git would use this work tree without a safe.directory exception: the work tree and its
    .git belong to the user running mlgate (or, under sudo, to the user who ran sudo). git checks this
    only for a repository it discovers; mlgate names the git directory itself, so it checks here."""
    if top == _Policy.safe_directory:
        return True
    if os.environ.get("GIT_TEST_ASSUME_DIFFERENT_OWNER") == "1":  # git's own switch, honoured alike
        return False
    if not hasattr(os, "geteuid"):
        return True
    me = {os.geteuid()}
    if os.geteuid() == 0 and os.environ.get("SUDO_UID", "").isdigit():
        me.add(int(os.environ["SUDO_UID"]))
    try:
        return dotgit.st_uid in me and os.stat(top).st_uid in me
    except OSError:
        return False


def refused(path: Path) -> str | None:
    """Why the git work tree that contains ``path`` is not read (another user owns it), or None."""
    found = _nearest_dotgit(path)
    if found is None or _owned(*found):
        return None
    top = found[0]
    return (f"git refuses this repository: {top} belongs to another user (dubious ownership); if you "
            f"trust it: `git config --global --add safe.directory {top}`")


def _open(path: Path) -> Any:
    """The repository containing ``path``, with every git command it runs made safe (see above);
    None outside a git work tree or when git cannot read it."""
    found = _discover(path)
    if found is None:
        return None
    top, gitdir = found
    try:
        import git
    except ImportError:  # pragma: no cover - git binary missing makes GitPython fail to import
        return None
    try:
        repo: Any = git.Repo(gitdir)
    except Exception:  # a broken .git (permissions, odd worktree) must not stop a plain-directory scan
        return None
    _harden(repo.git, top, gitdir)
    repo.mlgate_top = top
    return repo


def _harden(cmd: Any, top: Path, gitdir: Path, *, hooks: bool = False) -> None:
    options = [o for o in _ALWAYS if hooks is False or not o.startswith("core.hooksPath=")]
    if _Policy.safe_directory is not None:
        options.append(f"safe.directory={_Policy.safe_directory}")
    cmd.set_persistent_git_options(c=options, git_dir=str(gitdir), work_tree=str(top))
    # GIT_NO_LAZY_FETCH (git 2.44+): a partial clone's missing objects are not fetched on demand
    cmd.update_environment(GIT_TERMINAL_PROMPT="0", GIT_LITERAL_PATHSPECS="1", GIT_ASKPASS="", SSH_ASKPASS="",
                           GIT_PAGER="cat", GIT_EXTERNAL_DIFF="", GIT_NO_LAZY_FETCH="1",
                           **{k: "" for k in os.environ if _SECRET_ENV.search(k)})
    # Filter drivers and transports have names of the repository's choosing: read which ones are
    # configured (reading configuration runs nothing), blank each driver so that no clean, smudge or
    # process command runs, and forbid each transport (a more specific protocol.<name>.allow would
    # otherwise win over protocol.allow).
    try:
        listed = cmd.config("--null", "--name-only", "--get-regexp", r"^(filter|protocol)\.",
                            kill_after_timeout=_TIMEOUT, stdout_as_string=False)
    except Exception:  # exit 1: none configured
        listed = b""
    keys = [key.strip() for key in _decode(listed).split("\0")]
    extra: list[str] = []
    for name in sorted({m.group(1) for key in keys if (m := _DRIVER_KEY.match(key))}):
        extra += [f"filter.{name}.clean=", f"filter.{name}.smudge=", f"filter.{name}.process=",
                  f"filter.{name}.required=false"]
    transports = {m.group(1) for key in keys if (m := _PROTOCOL_KEY.match(key))}
    extra += [f"protocol.{name}.allow=never" for name in sorted(transports) if name.lower() != "https"]
    if extra:
        cmd.set_persistent_git_options(c=[*options, *extra], git_dir=str(gitdir), work_tree=str(top))


def _top(repo: Any) -> Path:
    return Path(repo.mlgate_top)


def _prefix(repo: Any, path: Path) -> str | None:
    """The analysed directory relative to the repository's top level ('' at the top)."""
    top = _top(repo)
    here = path.resolve()
    if not here.is_relative_to(top):
        return None
    rel = here.relative_to(top).as_posix()
    return "" if rel == "." else rel + "/"


def tracked_files(path: Path) -> tuple[list[str], str | None, str] | None:
    """(files tracked below ``path``, relative to it; HEAD commit; the prefix of ``path`` in the work tree,
    as relative_to_top gives it) or None outside a git work tree. Without GitPython (see _plain): `ls-files`
    and `rev-parse` run no filter driver, transport or hook."""
    where = _plain_top(path)
    if where is None:
        return None
    top, gitdir, prefix = where
    # the two questions at once: the HEAD commit's answer comes while the files are listed (wall clock: one
    # git process's start-up less, ~4 ms on a small repository)
    out, head = _plain_together(top, gitdir, (["ls-files", "-z", "--", prefix or "."], _HEAD))
    if out is None:
        return None
    files = [f[len(prefix):] for f in _decode(out).split("\0") if f and f.startswith(prefix)]
    return files, _head_sha(head), prefix


_HEAD = ["rev-parse", "--verify", "--quiet", "HEAD^{commit}"]


def _plain_head(top: Path, gitdir: Path) -> str | None:
    """The HEAD commit, or None (an unborn branch), without GitPython."""
    return _head_sha(_plain(top, gitdir, _HEAD, b""))


def _head_sha(out: bytes | None) -> str | None:
    sha = _decode(out).strip() if out is not None else ""
    return sha if re.fullmatch(r"[0-9a-f]{40}|[0-9a-f]{64}", sha) else None


_POINTER_MAGIC = b"version https://git-lfs.github.com/spec/v1"
_POINTER_MAX = 1024  # bytes: an LFS pointer is about 130


def _batch(repo: Any, command: str, *args: str, stdin: bytes) -> bytes | None:
    """A git command of the hardened repository fed ``stdin``; None when it fails."""
    import tempfile

    with tempfile.TemporaryFile() as feed:
        feed.write(stdin)
        feed.seek(0)
        try:
            out = getattr(repo.git, command)(*args, istream=feed, stdout_as_string=False,
                                              kill_after_timeout=_TIMEOUT)
        except Exception:
            return None
    return out if isinstance(out, bytes) else None


# --------------------------------------------------------------------------- without GitPython
# A pre-commit hook asks git two plumbing questions about the files being committed (their `filter`
# attribute, and which staged blobs are LFS pointers) and must not pay GitPython's import (~100 ms, most of
# a hook's budget) for them. _plain runs such a command with the same command-line options, named git
# directory and work tree, and environment as a hardened GitPython command. It is only for commands that
# run no filter driver, transport or hook whatever the configuration (`check-attr`, `cat-file --batch`
# without --filters or --textconv): _harden's extra step, blanking the drivers a repository configures,
# is not needed for them.
def _plain_top(path: Path) -> tuple[Path, Path, str] | None:
    """(work tree top, git directory, prefix of ``path`` in the work tree) as _open finds them."""
    found = _discover(path)
    if found is None:
        return None
    top, gitdir = found
    try:
        here = path.resolve()
    except (OSError, RuntimeError):
        return None
    if not here.is_relative_to(top):
        return None
    rel = here.relative_to(top).as_posix()
    return top, gitdir, "" if rel == "." else rel + "/"


def _plain(top: Path, gitdir: Path, args: Sequence[str], stdin: bytes) -> bytes | None:
    """The output of ``git ARGS`` fed ``stdin``, run in ``top`` without GitPython; None when it fails."""
    import subprocess

    cmd, env = _plain_command(top, gitdir, args)
    try:
        proc = subprocess.run(cmd, cwd=top, input=stdin, capture_output=True, env=env, timeout=_TIMEOUT,
                              check=False)
    except (OSError, subprocess.SubprocessError):
        return None
    return proc.stdout if proc.returncode == 0 else None


def _plain_command(top: Path, gitdir: Path, args: Sequence[str],
                   env: dict[str, str] | None = None) -> tuple[list[str], dict[str, str]]:
    """The command line and environment of ``git ARGS`` as _plain runs it (``env``: that environment, made
    already for another command)."""
    options = list(_ALWAYS)
    if _Policy.safe_directory is not None:
        options.append(f"safe.directory={_Policy.safe_directory}")
    if env is None:
        env = {k: ("" if _SECRET_ENV.search(k) else v) for k, v in os.environ.items()}
        env.update(GIT_TERMINAL_PROMPT="0", GIT_LITERAL_PATHSPECS="1", GIT_ASKPASS="", SSH_ASKPASS="",
                   GIT_PAGER="cat", GIT_EXTERNAL_DIFF="", GIT_NO_LAZY_FETCH="1")
    cmd = ["git", *(part for o in options for part in ("-c", o)), f"--git-dir={gitdir}", f"--work-tree={top}",
           *args]
    return cmd, env


def _plain_together(top: Path, gitdir: Path, commands: Sequence[Sequence[str]]) -> list[bytes | None]:
    """The outputs of the ``git ARGS`` of ``commands`` as _plain gives them (with nothing on their standard
    input), the commands running at the same time: for read-only questions whose answers do not depend on
    each other."""
    import subprocess
    import time

    running: list[subprocess.Popen[bytes] | None] = []
    env: dict[str, str] | None = None  # the same for every command: made once
    for args in commands:
        cmd, env = _plain_command(top, gitdir, args, env)
        try:
            running.append(subprocess.Popen(cmd, cwd=top, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                            stderr=subprocess.PIPE, env=env))
        except (OSError, subprocess.SubprocessError):
            running.append(None)
    deadline = time.monotonic() + _TIMEOUT
    outputs: list[bytes | None] = []
    for proc in running:
        if proc is None:
            outputs.append(None)
            continue
        with proc:
            try:
                stdout, _ = proc.communicate(b"", timeout=max(deadline - time.monotonic(), 0.0))
            except (OSError, subprocess.SubprocessError):  # as subprocess.run: the process is not left behind
                proc.kill()
                proc.wait()
                outputs.append(None)
                continue
        outputs.append(stdout if proc.returncode == 0 else None)
    return outputs


def index_lfs_pointers(path: Path, files: Sequence[str]) -> set[str] | None:
    """Which of ``files`` (relative to ``path``) the git index stores as Git LFS pointers, asking git for
    these paths only (``git cat-file`` on ``:path``), so that the cost follows the commit and not the
    repository: what a pre-commit hook needs. git honours GIT_INDEX_FILE, which pre-commit and
    `git commit -a` set. None when git cannot tell (not a work tree); no GitPython."""
    where = _plain_top(path)
    if where is None:
        return None
    top, gitdir, prefix = where
    if not files:
        return set()
    answers = _plain(top, gitdir, ["cat-file", "--batch-check"],
                     b"".join(b":" + (prefix + f).encode("utf-8", "surrogateescape") + b"\n" for f in files))
    if answers is None:
        return None
    small: dict[str, list[str]] = {}  # blob name -> files, for blobs small enough to be a pointer
    for name, line in zip(files, answers.decode("utf-8", "replace").splitlines(), strict=False):
        fields = line.split()  # one answer per question, in order: "<blob> blob <size>" or "<name> missing"
        if len(fields) == 3 and fields[1] == "blob" and fields[2].isdigit() and int(fields[2]) <= _POINTER_MAX:
            small.setdefault(fields[0], []).append(name)
    if not small:
        return set()
    out = _plain(top, gitdir, ["cat-file", "--batch"], "".join(f"{b}\n" for b in small).encode())
    if out is None:
        return None
    found: set[str] = set()
    pos = 0
    while pos < len(out):
        end = out.find(b"\n", pos)
        if end < 0:
            break
        header = out[pos:end].split()  # "<blob> blob <size>", then the content and a newline
        if len(header) != 3 or not header[2].isdigit():  # "<blob> missing"
            pos = end + 1
            continue
        size = int(header[2])
        if out[end + 1: end + 1 + size].startswith(_POINTER_MAGIC):
            found.update(small.get(header[0].decode("ascii", "replace"), ()))
        pos = end + 1 + size + 1
    return found


def check_attributes(path: Path, files: Sequence[str], names: Sequence[str], *,
                     light: bool = False) -> dict[str, dict[str, str]] | None:
    """{file: {attribute: value}} for ``files`` (relative to ``path``) and the attributes ``names``, as git
    resolves them from every ``.gitattributes`` (a trailing-slash pattern matches no file, names may be
    quoted): a value (``lfs``), ``set``, ``unset`` or ``unspecified``. One ``git check-attr`` for all;
    None when git cannot tell (a plain folder, say). ``light``: without GitPython (see _plain)."""
    if light:
        where = _plain_top(path)
        if where is None:
            return None
        top, gitdir, prefix = where
    else:
        repo = _open(path)
        if repo is None:
            return None
        prefix = _prefix(repo, path) or ""
    if not files:
        return {}
    stdin = b"".join((prefix + f).encode("utf-8", "surrogateescape") + b"\0" for f in files)
    out = (_plain(top, gitdir, ["check-attr", "-z", "--stdin", *names], stdin) if light
           else _batch(repo, "check_attr", "-z", "--stdin", *names, stdin=stdin))
    if out is None:
        return None
    # decoded whole: a NUL byte is never part of a UTF-8 sequence, so each field decodes as it would alone
    fields = _decode(out).split("\0")
    answers: dict[str, dict[str, str]] = {}
    for i in range(0, len(fields) - 2, 3):  # <path> NUL <attribute> NUL <info> NUL
        full, attr, info = fields[i], fields[i + 1], fields[i + 2]
        if full.startswith(prefix):
            answers.setdefault(full[len(prefix):], {})[attr] = info
    return answers


def filter_attributes(path: Path, files: list[str], *, light: bool = False) -> dict[str, str] | None:
    """{file: value of its ``filter`` attribute} (see check_attributes)."""
    found = check_attributes(path, files, ("filter",), light=light)
    return None if found is None else {f: a.get("filter", "unspecified") for f, a in found.items()}


def lfs_pointer_blobs(path: Path, files: list[str]) -> set[str]:
    """Which of ``files`` (relative to ``path``) the git index stores as Git LFS pointers, read by git
    itself (any index version; GitPython's own reader refuses version 4): ``git ls-files -s -z`` gives
    each entry's blob, ``git cat-file --batch`` reads the small ones in one process (both without GitPython,
    see _plain). A checkout with
    git-lfs installed shows the real content in the working tree; the blob in the index is the pointer."""
    where = _plain_top(path)
    if where is None or not files:
        return set()
    top, gitdir, prefix = where
    listing = _plain(top, gitdir, ["ls-files", "-s", "-z", "--", prefix or "."], b"")
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
    checked = _plain(top, gitdir, ["cat-file", "--batch-check"], "".join(f"{b}\n" for b in by_blob).encode())
    small = []
    for line in (checked or b"").decode("ascii", "replace").splitlines():
        answer = line.split()  # "<sha> blob <size>" or "<sha> missing"
        if len(answer) == 3 and answer[1] == "blob" and answer[2].isdigit() and int(answer[2]) <= _POINTER_MAX:
            small.append(answer[0])
    if not small:
        return set()
    out = _plain(top, gitdir, ["cat-file", "--batch"], "".join(f"{b}\n" for b in small).encode())
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
        content = out[end + 1: end + 1 + size]
        pos = end + 1 + size + 1
        if content.startswith(_POINTER_MAGIC):
            found.update(by_blob.get(header[0].decode("ascii", "replace"), []))
    return found


def head_commit(repo: Any) -> str | None:
    try:
        return str(repo.head.commit.hexsha)
    except Exception:  # an unborn branch has no HEAD commit
        return None


def head_and_parents(path: Path) -> tuple[str, tuple[str, ...]] | None:
    """(HEAD commit, its parents) of the repository containing ``path``; None when there is none."""
    repo = _open(path)
    if repo is None:
        return None
    try:
        commit = repo.head.commit
        return str(commit.hexsha), tuple(str(p.hexsha) for p in commit.parents)
    except Exception:  # an unborn branch
        return None


def commit_of(path: Path) -> tuple[str | None, bool]:
    """(HEAD commit, working tree dirty?) for the repository containing ``path``."""
    repo = _open(path)
    if repo is None:
        return None, False
    return head_commit(repo), bool(_status(repo))


class TreeSource:
    """File contents read from the blobs of one commit (for ``--base``): no checkout."""

    def __init__(self, repo: Any, blobs: dict[str, tuple[str, int]], missing: frozenset[str] = frozenset(),
                 links: dict[str, str] | None = None) -> None:
        self._repo = repo
        self._blobs = blobs  # path -> (blob sha, size)
        self._missing = missing  # listed at the commit, but its blob is not in this clone
        self._links = links or {}  # symbolic link -> the tracked file it leads to

    def link_target(self, path: str) -> str | None:
        return self._links.get(path)

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
        if path in self._missing:
            return "its content at the base is not in this clone (a partial clone, or an object missing): not read"
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
        changed_raw = repo.git.diff("--name-only", "-z", "--no-renames", "--no-ext-diff", "--no-textconv",
                                    "--ignore-submodules=all", commit, "--", prefix or ".",
                                    stdout_as_string=False, kill_after_timeout=_TIMEOUT)
    except git.GitCommandError as exc:
        raise GitError(f"cannot read {ref!r}: {str(exc).strip().splitlines()[-1]}") from exc
    blobs: dict[str, tuple[str, int]] = {}
    missing: set[str] = set()  # git lists the file but has not its blob (size "-", or "BAD")
    links: dict[str, str] = {}  # symbolic link -> its blob (the target's path)
    notices: list[Notice] = []
    for entry in _decode(listing).split("\0"):
        if not entry:
            continue
        meta, _, full = entry.partition("\t")
        mode, kind, sha, size = meta.split()
        if kind != "blob" or int(mode, 8) == _GITLINK_MODE or not full.startswith(prefix):
            continue
        rel = full[len(prefix):]
        if "\n" in rel or "\r" in rel:
            notices.append(Notice(rel.replace("\n", "\\n"), "file name contains a line break; skipped"))
            continue
        if int(mode, 8) == _SYMLINK_MODE:
            links[rel] = sha
        elif size.isdigit():
            blobs[rel] = (sha, int(size))
        else:
            missing.add(rel)
    changed = {f[len(prefix):] for f in _decode(changed_raw).split("\0") if f.startswith(prefix)}
    files = set(blobs) | missing
    if missing:
        notices.append(Notice(".git", f"{len(missing)} file(s) have no content at {ref} in this clone (a partial "
                                      f"clone, or objects missing), e.g. {min(missing)}: read as unreadable there, "
                                      "so their findings may show as new"))
    followed: dict[str, str] = {}
    for rel, target in _resolve_links(repo, links, blobs).items():
        files.add(rel)  # listed as the working tree lists it; readable when it leads to a tracked file
        if target is not None:
            blobs[rel] = blobs[target]
            followed[rel] = target
            if target in changed:
                changed.add(rel)
    return sorted(files), TreeSource(repo, blobs, frozenset(missing), followed), commit, notices, changed


def _resolve_links(repo: Any, links: dict[str, str], blobs: dict[str, tuple[str, int]]) -> dict[str, str | None]:
    """{link: the tracked regular file it leads to, or None} for the symbolic links of a commit, read the way
    the working tree's source reads a link (mlgate.repo.FsSource): followed only to a file of the same tree
    below the analysed folder, through at most 8 links; a link elsewhere (outside, into nothing, to a
    folder, a loop) is listed but unreadable, as in the working tree. Without this the base lacked every
    link the working tree has, so a finding on a linked file looked new and the two file lists differed."""
    import posixpath

    targets: dict[str, str | None] = {}
    for rel, sha in links.items():
        try:
            raw: bytes = repo.odb.stream(bytes.fromhex(sha)).read(4096)
        except Exception:
            targets[rel] = None
            continue
        text = raw.decode("utf-8", "surrogateescape")
        joined = posixpath.normpath(posixpath.join(posixpath.dirname(rel), text))
        targets[rel] = None if text.startswith("/") or joined == ".." or joined.startswith("../") else joined
    out: dict[str, str | None] = {}
    for rel in links:
        here: str | None = rel
        for _ in range(9):
            if here is None or here not in links:
                break
            here = targets[here]
        out[rel] = here if here is not None and here in blobs else None
    return out


def renamed_files(path: Path, commit: str) -> dict[str, str]:
    """Files below ``path`` that the working tree has renamed since ``commit`` (git's rename detection):
    old path -> new path, both relative to ``path``. Empty when git cannot tell."""
    repo = _open(path)
    if repo is None:
        return {}
    prefix = _prefix(repo, path) or ""
    import git

    try:
        out = repo.git.diff("--name-status", "-z", "-M", "--diff-filter=R", "--no-ext-diff", "--no-textconv",
                            "--ignore-submodules=all", commit, "--", prefix or ".", stdout_as_string=False,
                            kill_after_timeout=_TIMEOUT)
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
    """(top-level directory, prefix of ``path`` within it) for the repository containing ``path``, when git
    can read it (without GitPython, see _plain)."""
    where = _plain_top(path)
    if where is None:
        return None
    top, gitdir, prefix = where
    if _plain(top, gitdir, ["rev-parse", "--git-dir"], b"") is None:
        return None
    return top, prefix


def working_state(path: Path) -> tuple[Path, str | None, list[str], str | None] | None:
    """(top-level directory, HEAD commit, tracked files with uncommitted changes relative to the top,
    remote URL of origin without credentials) for the repository containing ``path``; None outside one."""
    repo = _open(path)
    if repo is None:
        return None
    raw = _status(repo)
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
    return _top(repo), head_commit(repo), changed, remote


def _status(repo: Any) -> str:
    """``git status --porcelain=v1 -z`` of tracked files ('' when git cannot say)."""
    try:
        out = repo.git.status("--porcelain=v1", "-z", "--untracked-files=no", "--ignore-submodules=all",
                              stdout_as_string=False, kill_after_timeout=_TIMEOUT)
    except Exception:
        return ""
    return _decode(out)


def has_commit(path: Path, sha: str) -> bool:
    """Whether the commit ``sha`` is present in the repository containing ``path``."""
    repo = _open(path)
    if repo is None:
        return False
    try:
        repo.git.cat_file("-e", f"{sha}^{{commit}}", kill_after_timeout=_TIMEOUT)
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
        # --upload-pack: the remote's configured uploadpack program is never run
        repo.git.fetch("--no-tags", "--no-recurse-submodules", "--no-write-fetch-head", "--depth=1",
                       "--upload-pack=git-upload-pack", remote, spec, kill_after_timeout=_FETCH_TIMEOUT)
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
        out = repo.git.diff("--no-color", "--no-ext-diff", "--no-textconv", "-U0", "--no-renames",
                            f"{base}...{head}", kill_after_timeout=_TIMEOUT)
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
        out = repo.git.diff("--name-only", "--no-renames", "--no-ext-diff", "--no-textconv", rev_a, rev_b,
                            "--", *files, kill_after_timeout=_TIMEOUT)
    except Exception:
        return None
    return {line for line in str(out).splitlines() if line}


def hooks_dir(path: Path) -> Path | None:
    """Where git looks for hook scripts in the repository containing ``path`` (honours worktrees
    and ``core.hooksPath``); None outside a git work tree."""
    repo = _open(path)
    if repo is None:
        return None
    # Every command mlgate runs sets core.hooksPath to nowhere; ask where the user's hooks live with it
    # left as configured (rev-parse runs nothing).
    import git

    cmd = git.Git(str(_top(repo)))
    _harden(cmd, _top(repo), Path(repo.git_dir), hooks=True)
    try:
        where = str(cmd.rev_parse("--git-path", "hooks", kill_after_timeout=_TIMEOUT)).strip()
    except Exception:
        return None
    hooks = Path(where)
    return hooks if hooks.is_absolute() else _top(repo) / hooks


def current_branch(path: Path) -> str | None:
    """The checked-out branch of the repository containing ``path``, if any."""
    repo = _open(path)
    if repo is None:
        return None
    try:
        return str(repo.active_branch.name)
    except Exception:  # detached HEAD
        return None
