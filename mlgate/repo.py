"""RepoIndex: the facts of one repository, built once, with lazily parsed and cached views.

A rule sees the repository only through this class. Every read is bounded, nothing follows a
symbolic link out of the repository, and a file that cannot be read or parsed becomes a notice
(the analysis of everything else goes on).
"""

from __future__ import annotations

import array
import ast
import bisect
import contextlib
import functools
import gc
import itertools
import json
import operator
import os
import re
import stat
import sys
import warnings
import weakref
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path, PurePosixPath
from typing import Any, ClassVar, Protocol, TypeVar

from mlgate import lazyre
from mlgate.model import Notice, Skipped
from mlgate.patterns import PathSet
from mlgate.records import dataclass

T = TypeVar("T")

MAX_TEXT_BYTES = 2_000_000  # larger files are not parsed
MAX_YAML_BYTES = 1_000_000  # the YAML parser is pure Python: keep it bounded
BINARY_SNIFF = 8192
BINARY_SUFFIXES = frozenset((
    ".png", ".jpg", ".jpeg", ".gif", ".bmp", ".ico", ".pdf", ".zip", ".gz", ".tgz", ".bz2", ".xz", ".7z",
    ".tar", ".whl", ".so", ".dll", ".dylib", ".exe", ".pkl", ".pickle", ".joblib", ".pt", ".pth", ".ckpt",
    ".onnx", ".h5", ".hdf5", ".keras", ".pb", ".safetensors", ".gguf", ".bin", ".npy", ".npz", ".parquet",
    ".feather", ".arrow", ".avro", ".orc", ".tfrecord", ".db", ".sqlite", ".mp3", ".wav", ".mp4", ".mov",
    ".ttf", ".woff", ".woff2",
))


F = TypeVar("F", bound=Callable[..., Any])


def per_file(fn: Callable[[RepoIndex, str], T]) -> Callable[[RepoIndex, str], T]:
    """``fn(index, path)``, a fact of one file and the list of files, made a ``RepoIndex.file_memo`` (keyed by
    ``fn``'s own name): computed once per file, and on the base of a comparison taken from the working tree
    for an unchanged file, so that a whole-repository fact the base must compute again (it read a changed
    file) computes only the changed files' parts. ``fn`` must read nothing but that file (and the file list)."""
    key = f"{fn.__module__}.{fn.__qualname__}"

    @functools.wraps(fn)
    def memoised(index: RepoIndex, path: str) -> T:
        return index.file_memo(path, key, lambda: fn(index, path))

    return memoised


def cycle_collector_paused(fn: F) -> F:
    """Runs ``fn`` with Python's cyclic garbage collector paused (reference counting still frees
    everything that is not in a cycle). An analysis keeps the syntax trees it parses alive until it
    ends, and every full collection re-traversed all of them: on a 2,000-module repository the
    collector cost more than parsing. What an analysis leaves in cycles is little (measured in
    docs/benchmarks.md) and is collected when the collector is resumed."""

    @functools.wraps(fn)
    def paused(*args: Any, **kwargs: Any) -> Any:
        if not gc.isenabled():
            return fn(*args, **kwargs)
        gc.disable()
        try:
            return fn(*args, **kwargs)
        finally:
            gc.enable()

    return paused  # type: ignore[return-value]


def parent_dir(path: str) -> str:
    """The folder of a repository path ("" at the top level), without a trailing slash."""
    return path.rsplit("/", 1)[0] if "/" in path else ""


class Needles:
    """Strings for the content pre-filter (``RepoIndex.contains``): does a file mention any of them?

    Declare each set once, at module level: every declared set is registered, and the first time a
    file is asked about, the index reads it once and answers every registered set in one pass (an
    Aho-Corasick automaton over all their strings), keeping a bit per set. Rules run one after
    another and each visits many files: answering per call read each Python file 26 times on a
    10,000-file tree, and testing the ~350 strings one ``in`` at a time took twice as long as
    parsing the file. ``Needles.of`` gives the set of strings known only at run time (a
    configuration key, say), registered on first use and searched on its own (a matcher per run of
    sets registered together): a file already scanned is searched once more for that set's strings
    only, and every later question (the base side of a comparison, another rule) is free.
    Files are searched as UTF-8 text (undecodable bytes kept as surrogates, UTF-16 decoded).
    """

    __slots__ = ("bit", "matcher", "words")
    _registry: ClassVar[list[Needles]] = []
    _by_words: ClassVar[dict[tuple[str, ...], Needles]] = {}

    def __init__(self, *words: str, register: bool = True) -> None:
        if not words or not all(words):
            raise ValueError(f"Needles needs non-empty strings: {words!r}")
        self.words = words
        self.bit = 0
        # the matcher over this set and those registered with it, once built (``_matchers``): found without
        # looking through every matcher (peft registers ~50 sets at run time, each a matcher of its own)
        self.matcher: _Matcher | None = None
        if register:
            self.bit = 1 << len(Needles._registry)
            Needles._registry.append(self)

    @classmethod
    def of(cls, *words: str) -> Needles:
        """The registered set of exactly these strings, registered now if it is not yet."""
        found = cls._by_words.get(words)
        if found is None:
            found = cls._by_words[words] = cls(*words)
        return found

    def __repr__(self) -> str:
        return f"Needles{self.words!r}"



_FIRST = operator.itemgetter(0)


class _Matcher:
    """Answers every set of ``sets`` in one pass over a text: an Aho-Corasick automaton (ahocorasick_rs, an
    NFA then a DFA over bytes) over all their strings, each string mapped to the bits of the sets holding it; a few
    strings are searched one ``in`` at a time instead (a set declared at run time).

    The text is searched as UTF-8 with any lone surrogate (an undecodable byte kept by ``surrogateescape``, an
    unpaired escape of a notebook's JSON) encoded as itself (``surrogatepass``), and so are the strings. Every
    character's bytes start with a byte that no character's continues, so a string's bytes are found in the
    text's exactly where the string is found in the text, and a found string is a substring as ``in`` says.

    Why a DFA: pyahocorasick (a trie whose nodes keep their children in a list read from its start) walked
    diffusers' 45M characters of modules in 0.58 s, ~13 ns a character once its strings were added in the
    text's character order (bench/analysis.md, session 7); the DFA, a table lookup a byte, in 0.13 s with the
    encoding (2.8 ns), the same answers for every module. Its tables hold ~2.6 MB for the ~560 declared strings
    (peak RSS +2 to +8 MB on the large libraries); the contiguous NFA holds 0.4 MB and took 0.28 s.

    Why a contiguous NFA first: the DFA takes ~6 times as long to build (3-4.5 ms for the ~560 declared strings
    against 0.5 ms; ~0.45 us per byte of the strings, against ~0.07), which was the largest single cost of a
    check of a small repository after the imports (a one-file repository scans 12 characters; a tree of 85
    files 87,000). The NFA searches ~4.6 ns a character slower; a matcher starts as the NFA and builds the DFA
    once it has searched ``DFA_AFTER`` characters per byte of its strings, where the two builds' difference is
    about paid for (measured: 70-90 characters a byte for 30 to 560 of the declared strings), so it never
    spends much more than twice what the better of the two would have. Both find every occurrence of every
    string (``overlapping``): the same answers."""

    # Up to this many strings, ``in`` (a C search each) beats collecting an automaton's matches (a set declared at
    # run time, searched in files scanned already).
    SMALL = 16
    # Above this many characters, the automaton walks each distinct line once (see ``scan``).
    DISTINCT_LINES = 32_768
    # Characters searched per byte of the strings after which the NFA is replaced by the DFA.
    DFA_AFTER = 80

    def __init__(self, sets: list[Needles]) -> None:
        self.mask = 0
        bits: dict[str, int] = {}
        for n in sets:
            self.mask |= n.bit
            for w in n.words:
                bits[w] = bits.get(w, 0) | n.bit
        self._words = tuple(bits.items()) if len(bits) <= self.SMALL else ()
        self._by_line = not any("\n" in w for w in bits)
        self._automaton: Any = None
        self._bits: tuple[int, ...] = ()
        self._patterns: list[bytes] = []
        self._until_dfa = 0  # characters to search before the DFA is built; 0: built (or no automaton)
        if bits and not self._words:
            self._bits = tuple(bits.values())  # a string's bits by its place among the automaton's patterns
            self._patterns = [w.encode("utf-8", "surrogatepass") for w in bits]
            self._automaton = self._build("ContiguousNFA")
            self._until_dfa = self.DFA_AFTER * sum(map(len, self._patterns))

    def _build(self, implementation: str) -> Any:
        import ahocorasick_rs

        return ahocorasick_rs.BytesAhoCorasick(self._patterns,
                                               implementation=getattr(ahocorasick_rs.Implementation, implementation))

    def scan(self, text: str, repeats: bool = True) -> int:
        """The bits of the sets with a string in ``text``. ``repeats``: whether the text may repeat most of its
        lines (a rendered manifest, not a Python module)."""
        found = 0
        if self._automaton is not None:
            if repeats and self._by_line and len(text) > self.DISTINCT_LINES:
                # A string without a newline is in the text exactly when it is in one of its lines, and
                # rendered manifests repeat most of theirs (kserve's 1.5 MB install/v0.15.0/kserve.yaml has
                # 134 KB of distinct lines): the automaton walked it in 83 ms, the split and the distinct
                # lines take 9 ms. Joined by newlines, no string can match across two lines. Modules repeat
                # few (the corpus's 911 modules over 32K characters 20% of their characters), and the split
                # cost more than the walk it saved: 0.82 s against 0.71 s without it.
                text = "\n".join(set(text.split("\n")))
            if self._until_dfa:
                self._until_dfa = max(0, self._until_dfa - len(text))
                if not self._until_dfa:
                    self._automaton, self._patterns = self._build("DFA"), []
            # the distinct strings of every match, collected in C: a large module has thousands of matches of the
            # common strings ("def ", "read"), and a Python loop over them cost more than the search
            bits = self._bits
            for i in set(map(_FIRST, self._automaton.find_matches_as_indexes(
                    text.encode("utf-8", "surrogatepass"), overlapping=True))):
                found |= bits[i]
        else:
            for word, bit in self._words:
                if word in text:
                    found |= bit
        return found


def cell_source(cell: object) -> str | None:
    """A notebook cell's source text (nbformat keeps it as one string or as a list of lines; a cell without
    one has none: ""), or None when the cell or its source is something else."""
    src = cell.get("source", "") if isinstance(cell, dict) else None
    if isinstance(src, list):
        return "".join(s for s in src if isinstance(s, str))
    return src if isinstance(src, str) else None


def notebook_search_text(text: str) -> str:
    """What the pre-filter searches in a notebook: the sources of its cells, code and markdown, one after
    another; not its outputs (printed tables, base64 images: handson-ml3's 26 MB of notebooks are mostly
    outputs, and searching them was 0.7 s of a 1.9 s scan), not the JSON's escaping (a quote in the code is
    a quote). The text itself when it is not a notebook's JSON."""
    return _notebook_search(text)[0]


def _notebook_search(text: str) -> tuple[str, list[Any] | None]:
    """(``notebook_search_text``, the notebook's cells when the text is a notebook's JSON)."""
    try:
        data = json.loads(text)
    except (ValueError, RecursionError):  # a notebook nested too deeply is said so where it is loaded
        return text, None
    cells = data.get("cells") if isinstance(data, dict) else None
    if not isinstance(cells, list):
        return text, None
    return "\n".join(src for src in map(cell_source, cells) if src is not None), cells


def _notebook_cells(text: str, cells: list[Any]) -> list[NotebookCell]:
    """The code cells of a notebook, from its text and its decoded list of cells."""
    source_lines, source_text = _lines_holding(text, '"source":')
    located = len(source_lines) == len(cells)
    out: list[NotebookCell] = []
    for number, cell in enumerate(cells, start=1):
        if not isinstance(cell, dict) or cell.get("cell_type") != "code":
            continue
        src = cell_source(cell)
        if src is None:
            continue
        line, each = None, False
        if located:
            line = source_lines[number - 1]
            # nbformat writes a list of lines: the first line of code is on the next line
            if source_text[number - 1].rstrip().endswith("["):
                line += 1
                each = isinstance(cell.get("source"), list)
        out.append(NotebookCell(number, src, line, each))
    return out


# The matchers of the registered sets, each over a contiguous run of them: the sets declared before the
# first question, then each run declared later (a module imported late, a ``Needles.of`` set). A file
# is scanned only by the matchers of the sets asked about it, so a set registered at run time costs one
# small search of the files it is asked about, not a rescan of every file for every set.
_MATCHERS: list[_Matcher] = []


def _matchers() -> list[_Matcher]:
    """Every matcher, with one more over the sets registered since the last was built."""
    covered = _MATCHERS[-1].mask.bit_length() if _MATCHERS else 0
    if covered < len(Needles._registry):
        sets = Needles._registry[covered:]
        matcher = _Matcher(sets)
        for needles in sets:
            needles.matcher = matcher
        _MATCHERS.append(matcher)
    return _MATCHERS


# Files other than Python's are asked about few of the declared sets: Markdown, Terraform and most JSON only
# whether they hold an inline ignore (``mlgate:``) or one or two strings more (checkov's 1,549 .tf files two
# sets of one string each, its 947 JSON files one set of three strings for nearly all; diffusers' 616 .md
# files one), while their first scan searched every declared set's strings (552), at ~20 times the cost of
# a search for one string. Such a file is searched for the set asked alone (``in`` for each of its strings)
# until the strings so searched would pass ``_ALONE_STRINGS``; then, at its next question, for every set of
# the matcher holding it, as a module is at its first. A file asked many sets (a workflow: diffusers' asks
# 78) pays at most that many searches of one string more than before.
_ALONE_STRINGS = 8
_SCANNED_WHOLE = (".py", ".ipynb")  # asked many sets (the model's sweeps read every module): one scan from the first
_ALONE: dict[int, _Matcher] = {}  # a declared set's bit -> its matcher of its strings alone


def _matcher_for(needles: Needles, path: str, asked: int) -> _Matcher:
    """The matcher to answer ``needles`` for ``path``, a file not asked that set yet and answered ``asked``
    so far: the matcher holding the set, or for a small set about a file not Python's, the set's own
    while the file's searches for sets alone are few."""
    bit = needles.bit
    matcher = needles.matcher
    if matcher is None:
        _matchers()
        matcher = needles.matcher
        assert matcher is not None  # every registered set is in the matchers' runs
    spent = len(needles.words)
    if matcher._words or spent > _ALONE_STRINGS or path.endswith(_SCANNED_WHOLE):
        return matcher
    registry = Needles._registry
    while asked and spent <= _ALONE_STRINGS:  # the strings of the sets this file was answered
        low = asked & -asked
        spent += len(registry[low.bit_length() - 1].words)
        asked ^= low
    if spent > _ALONE_STRINGS:
        return matcher
    alone = _ALONE.get(bit)
    if alone is None:
        alone = _ALONE[bit] = _Matcher([needles])
    return alone


class Source(Protocol):
    """Where file contents come from: the working tree, or the blobs of a git commit."""

    def size(self, path: str) -> int | None: ...

    def read(self, path: str, limit: int) -> bytes | None: ...

    def describe_unreadable(self, path: str) -> str | None: ...

    def link_target(self, path: str) -> str | None: ...


class FsSource:
    """Files under a directory on disk. A symbolic link is followed only to a file of ``allowed`` (the
    tracked files, when given) that is not in a ``.git`` folder: never out of the directory, never into
    git's own files (``.github/CODEOWNERS -> ../.git/config`` would print the checkout's credentials)."""

    _FAST_FLAGS = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0)

    def __init__(self, root: Path, allowed: Iterable[str] | None = None) -> None:
        self.root = root.resolve()
        self._allowed = frozenset(allowed) if allowed is not None else None
        self._prefix = str(self.root) + os.sep
        # Where the OS can refuse to follow a link at open (POSIX), a plain file is read with one
        # open, fstat and read: the pre-filter reads thousands of files, and pathlib costs more
        # than the read.
        self._fast = hasattr(os, "O_NOFOLLOW")

    def _target(self, path: str) -> Path | None:
        full = self.root / path
        try:
            st = full.lstat()
        except OSError:
            return None
        if stat.S_ISLNK(st.st_mode):
            try:
                real = full.resolve(strict=True)
            except (OSError, RuntimeError):
                return None
            if not real.is_relative_to(self.root) or not real.is_file() or self._refused(real):
                return None
            return real
        return full if stat.S_ISREG(st.st_mode) else None

    def _refused(self, real: Path) -> bool:
        """Whether a link's target (inside the root) is one mlgate must not read: in a ``.git`` folder,
        or not a file of the repository."""
        rel = real.relative_to(self.root)
        if ".git" in rel.parts:
            return True
        return self._allowed is not None and rel.as_posix() not in self._allowed

    def link_target(self, path: str) -> str | None:
        """The tracked file a symbolic link at ``path`` leads to (its path from the root), read as ``read``
        follows it; None for a regular file or a link mlgate does not follow."""
        try:
            if not stat.S_ISLNK((self.root / path).lstat().st_mode):
                return None
        except OSError:
            return None
        target = self._target(path)
        return target.relative_to(self.root).as_posix() if target is not None else None

    def describe_unreadable(self, path: str) -> str | None:
        full = self.root / path
        if full.is_symlink():
            try:
                real = full.resolve(strict=True)
            except (OSError, RuntimeError):
                return "symbolic link that does not resolve (dangling or a loop); skipped"
            if not real.is_relative_to(self.root):
                return "symbolic link to a place outside the repository; not followed"
            if real.is_file() and ".git" in real.relative_to(self.root).parts:
                return "symbolic link into .git; not followed"
            if real.is_file() and self._refused(real):
                return "symbolic link to a file that is not tracked; not followed"
            return "symbolic link to something that is not a file; skipped"
        if not full.exists():
            return None  # tracked but deleted in the working tree: nothing to say
        return "not a regular file; skipped"

    def size(self, path: str) -> int | None:
        if self._fast:
            try:
                st = os.lstat(self._prefix + path)
            except OSError:
                return None
            if stat.S_ISREG(st.st_mode):
                return st.st_size
            if not stat.S_ISLNK(st.st_mode):
                return None
        target = self._target(path)
        if target is None:
            return None
        try:
            return target.stat().st_size
        except OSError:
            return None

    def read(self, path: str, limit: int) -> bytes | None:
        if self._fast:
            try:
                fd = os.open(self._prefix + path, self._FAST_FLAGS)
            except OSError:
                pass  # a link (refused by O_NOFOLLOW), or missing: the careful path below decides
            else:
                try:
                    st = os.fstat(fd)
                    if not stat.S_ISREG(st.st_mode):
                        return None  # a FIFO or a device: never block on it
                    return _read_fd(fd, limit, st.st_size)
                except OSError:
                    return None
                finally:
                    os.close(fd)
        target = self._target(path)
        if target is None:
            return None
        try:
            with open(target, "rb") as fh:
                return fh.read(limit)
        except OSError:
            return None

    def read_sized(self, path: str, limit: int) -> tuple[int | None, bytes | None]:
        """(``size(path)``, ``read(path, limit)``) from one open: the size a plain file's descriptor gives,
        and its contents only when it holds at most ``limit`` bytes (None when larger). The pre-filter's
        first read of every file asked for its size first, to refuse a file too large: an lstat per file,
        as costly as the read itself on a tree of small files."""
        if self._fast:
            try:
                fd = os.open(self._prefix + path, self._FAST_FLAGS)
            except OSError:
                pass  # a link, or missing: as ``size`` and ``read`` decide
            else:
                try:
                    st = os.fstat(fd)
                    if not stat.S_ISREG(st.st_mode):
                        return None, None  # a FIFO or a device: never block on it
                    if st.st_size > limit:
                        return st.st_size, None
                    return st.st_size, _read_fd(fd, limit, st.st_size)
                except OSError:
                    return None, None
                finally:
                    os.close(fd)
        size = self.size(path)
        return size, self.read(path, limit) if size is not None and size <= limit else None


def _read_fd(fd: int, limit: int, size: int) -> bytes:
    """Up to ``limit`` bytes of a regular file, to its end. ``size`` (fstat's) sizes the first read a byte
    beyond it: when that read gives ``size`` bytes the file has ended there, with no second read returning
    nothing and no ``limit``-sized (2 MB) buffer made and shrunk for every small file (10,000 files: 40 -> 35
    ms). A file that grew or shrank since its fstat is read on to its end or ``limit`` as before."""
    first = os.read(fd, min(limit, size + 1))
    if len(first) == size or not first:
        return first
    chunks = [first]
    left = limit - len(first)
    while left > 0:
        chunk = os.read(fd, left)
        if not chunk:
            break
        chunks.append(chunk)
        left -= len(chunk)
    return b"".join(chunks) if len(chunks) != 1 else chunks[0]


# How each node type holds its children, for the walks below: Python's abstract grammar (3.10 to 3.14), one
# line per node type, fields in the order of the type's ``_fields``. ``name*`` holds a list of nodes, ``name*?``
# a list of nodes and Nones (a ``**d`` in a dict display, a keyword-only argument with no default), ``name``
# one node or None, ``-name`` no node to walk: an identifier, a number, a string, a constant's value, or only
# the shared context and operator singletons (``ast.Load()``, ``ast.Add()``), which nothing reads as a node.
# A field this table does not know (a newer Python's) is walked as ``ast.walk`` walks it.
_GRAMMAR = """
Module body* type_ignores*
Interactive body*
Expression body
FunctionType argtypes* returns
FunctionDef -name args body* decorator_list* returns -type_comment type_params*
AsyncFunctionDef -name args body* decorator_list* returns -type_comment type_params*
ClassDef -name bases* keywords* body* decorator_list* type_params*
Return value
Delete targets*
Assign targets* value -type_comment
TypeAlias name type_params* value
AugAssign target -op value
AnnAssign target annotation value -simple
For target iter body* orelse* -type_comment
AsyncFor target iter body* orelse* -type_comment
While test body* orelse*
If test body* orelse*
With items* body* -type_comment
AsyncWith items* body* -type_comment
Match subject cases*
Raise exc cause
Try body* handlers* orelse* finalbody*
TryStar body* handlers* orelse* finalbody*
Assert test msg
Import names*
ImportFrom -module names* -level
Global -names
Nonlocal -names
Expr value
BoolOp -op values*
NamedExpr target value
BinOp left -op right
UnaryOp -op operand
Lambda args body
IfExp test body orelse
Dict keys*? values*
Set elts*
ListComp elt generators*
SetComp elt generators*
DictComp key value generators*
GeneratorExp elt generators*
Await value
Yield value
YieldFrom value
Compare left -ops comparators*
Call func args* keywords*
FormattedValue value -conversion format_spec
Interpolation value -str -conversion format_spec
JoinedStr values*
TemplateStr values*
Constant -value -kind
Attribute value -attr -ctx
Subscript value slice -ctx
Starred value -ctx
Name -id -ctx
List elts* -ctx
Tuple elts* -ctx
Slice lower upper step
comprehension target iter ifs* -is_async
ExceptHandler type -name body*
arguments posonlyargs* args* vararg kwonlyargs* kw_defaults*? kwarg defaults*
arg -arg annotation -type_comment
keyword -arg value
alias -name -asname
withitem context_expr optional_vars
match_case pattern guard body*
MatchValue value
MatchSingleton -value
MatchSequence patterns*
MatchMapping keys* patterns* -rest
MatchClass cls patterns* -kwd_attrs kwd_patterns*
MatchStar -name
MatchAs pattern -name
MatchOr patterns*
TypeIgnore -lineno -tag
TypeVar -name bound default_value
ParamSpec -name default_value
TypeVarTuple -name default_value
"""
_ONE, _MANY, _MANY_OR_NONE, _UNKNOWN = 0, 1, 2, 3
# the fields that hold statements (of a module, a statement, an except clause, a match case)
_STATEMENT_LISTS = frozenset({"body", "orelse", "finalbody", "handlers", "cases"})
# the node types that hold statements, and are the statements
_HOLDERS = (ast.mod, ast.stmt, ast.excepthandler, ast.match_case)


def _node_types() -> list[type[ast.AST]]:
    out: list[type[ast.AST]] = []
    todo: list[type[ast.AST]] = [ast.AST]
    while todo:
        for sub in todo.pop().__subclasses__():
            if sub not in out:
                out.append(sub)
                todo.append(sub)
    return out


def _walk_tables() -> tuple[dict[type, tuple[tuple[str, int], ...]], dict[type, tuple[str, ...]]]:
    """(type -> its fields to walk with how each holds nodes, type -> its fields that hold statements)."""
    known: dict[str, dict[str, int | None]] = {}
    for line in _GRAMMAR.strip().splitlines():
        name, *fields = line.split()
        known[name] = {f.lstrip("-").rstrip("*?"): None if f.startswith("-") else
                       _MANY_OR_NONE if f.endswith("*?") else _MANY if f.endswith("*") else _ONE for f in fields}
    children: dict[type, tuple[tuple[str, int], ...]] = {}
    statements: dict[type, tuple[str, ...]] = {}
    for kind in _node_types():
        table = known.get(kind.__name__, {}) if kind.__module__ == "ast" else {}
        walked = []
        for f in kind._fields:
            how = table.get(f, _UNKNOWN)
            if how is not None:
                walked.append((f, how))
        children[kind] = tuple(walked)
        statements[kind] = tuple(f for f, how in walked if f in _STATEMENT_LISTS and how != _ONE) \
            if issubclass(kind, _HOLDERS) else ()
    return children, statements


_CHILDREN, _STATEMENTS = _walk_tables()
# the node types walk_statements finds: a question about these alone needs no walk of the expressions
_STATEMENT_TYPES = frozenset(t for t in _CHILDREN if issubclass(t, _HOLDERS))


def walk_nodes(tree: ast.AST) -> list[ast.AST]:
    """The nodes of ``tree`` in ``ast.walk``'s (breadth-first) order, less the context and operator
    singletons (``ast.Load()``, ``ast.Add()`` ... shared by every tree; a third of a module's nodes, and
    nothing reads them as nodes: a fact asks ``node.ctx``). Three times faster than ``ast.walk``: one list
    as the queue, no generator per node, and per node type only the fields that can hold a node."""
    out: list[ast.AST] = [tree]
    append, extend = out.append, out.extend
    children = _CHILDREN
    for node in out:  # the list grows as it is read: the queue
        fields = children.get(type(node))
        if fields is None:  # a node type made outside the parser's grammar
            fields = children[type(node)] = tuple((f, _UNKNOWN) for f in node._fields)
        for name, how in fields:
            value = getattr(node, name, None)
            if value is None:  # an optional field, or one a node made by hand lacks
                continue
            if how == _MANY:
                extend(value)
            elif how == _ONE:
                append(value)
            elif how == _MANY_OR_NONE:
                extend([item for item in value if item is not None])
            elif isinstance(value, ast.AST):
                append(value)
            elif isinstance(value, list):
                extend([item for item in value if isinstance(item, ast.AST)])
    return out


_CALLS: weakref.WeakKeyDictionary[ast.AST, list[ast.Call]] = weakref.WeakKeyDictionary()


def calls_in(tree: ast.AST) -> list[ast.Call]:
    """The call nodes of ``tree`` in ``walk_nodes`` order (do not modify the list). Kept per node while the
    tree lives (a weak key: dropping a tree drops its entry): a repository function is asked for its calls by
    every training unit that reaches it and by several rules (ultralytics/yolov5: 1,500 walks of functions
    reached from many entrypoints, twice the nodes of every module, for a tenth of those nodes kept)."""
    found = _CALLS.get(tree)
    if found is None:
        found = _CALLS[tree] = [n for n in walk_nodes(tree) if isinstance(n, ast.Call)]
    return found


def walk_statements(tree: ast.AST) -> list[ast.AST]:
    """The statements of ``tree`` (and the module, except clauses and match cases that hold them) in
    ``ast.walk``'s order: ``[n for n in ast.walk(tree) if isinstance(n, ast.stmt)]`` and those holders,
    walking only statement lists. No expression holds a statement (a lambda's body is an expression), so
    the skipped subtrees hold none of these nodes, and the breadth-first order of the nodes kept is the
    same. A tenth of a module's nodes, walked in a twentieth of the time."""
    out: list[ast.AST] = [tree]
    extend = out.extend
    statements = _STATEMENTS
    for node in out:
        for name in statements.get(type(node), ()):
            extend(getattr(node, name, None) or ())
    return out


@dataclass(frozen=True)
class NotebookCell:
    number: int  # 1-based, counting every cell as Jupyter shows them
    source: str
    line: int | None  # the line of the cell's source in the .ipynb file, where it could be found
    one_line_each: bool = False  # the source is a JSON list written one source line per file line


@dataclass(frozen=True)
class PySource:
    """Python code to analyse: a module, or one code cell of a notebook."""

    path: str
    tree: ast.Module
    text: str
    cell: int | None = None
    cell_line: int | None = None

    @functools.cached_property
    def nodes(self) -> list[ast.AST]:
        """Every node of the tree in ``ast.walk`` order but the context and operator singletons (see
        ``walk_nodes``), walked once and shared by every fact and rule (walking is the dominant cost of
        analysing Python; parsing is the floor)."""
        return walk_nodes(self.tree)

    @functools.cached_property
    def statements(self) -> list[ast.AST]:
        """The module, its statements, except clauses and match cases in ``ast.walk`` order
        (``walk_statements``): what a fact that reads imports, definitions or assignments needs, without
        walking every expression."""
        return walk_statements(self.tree)

    @functools.cached_property
    def _positions(self) -> dict[type, array.array[int]]:
        """Where each node type occurs in ``nodes``: one pass over the tree, after which every fact or
        rule that looks for a few node types (imports, calls, assignments) reads only those nodes
        instead of testing every node of the module again (kept as 4-byte positions: a list of int
        objects cost more memory than the nodes' list itself)."""
        return _positions_of(self.nodes)

    @functools.cached_property
    def _statement_positions(self) -> dict[type, array.array[int]]:
        return _positions_of(self.statements)

    def of_types(self, *types: type[T]) -> list[T]:
        """The nodes of exactly these (concrete) types, in ``ast.walk`` order: what
        ``[n for n in ast.walk(tree) if isinstance(n, types)]`` gives, since the parser makes no subclasses
        of its node types. Statements (imports, definitions, assignments) come from the statement walk
        unless the whole tree is walked already: many files are asked for nothing else."""
        if "nodes" not in self.__dict__ and _STATEMENT_TYPES.issuperset(types):
            nodes, positions = self.statements, self._statement_positions
        else:
            nodes, positions = self.nodes, self._positions
        if len(types) == 1:
            return [nodes[i] for i in positions.get(types[0], ())]  # type: ignore[misc]
        return [nodes[i] for i in sorted(itertools.chain.from_iterable(  # type: ignore[misc]
            positions.get(t, ()) for t in dict.fromkeys(types)))]

    @functools.cached_property
    def call_nodes(self) -> list[ast.Call]:
        return self.of_types(ast.Call)

    def where(self, lineno: int | None) -> tuple[int | None, int | None]:
        """(line in the file, cell) for a line of this source."""
        if self.cell is None:
            return lineno, None
        if self.cell_line is None or lineno is None:
            return self.cell_line, self.cell
        return self.cell_line + lineno - 1, self.cell


def _positions_of(nodes: list[ast.AST]) -> dict[type, array.array[int]]:
    out: dict[type, array.array[int]] = {}
    for i, node in enumerate(nodes):
        kind = type(node)
        found = out.get(kind)
        if found is None:
            out[kind] = found = array.array("I")
        found.append(i)
    return out


_MAGIC = lazyre.compile(r"^\s*[%!?]|^\s*\w+\s*=\s*!")


_QUOTED = lazyre.compile(r"'[^'\\\n]*(?:\\.[^'\\\n]*)*'" r'|"[^"\\\n]*(?:\\.[^"\\\n]*)*"')


def _open_brackets(line: str) -> int:
    """Brackets a line opens minus those it closes, outside its (one-line) strings and its comment."""
    code = _QUOTED.sub("", line).split("#", 1)[0]
    return sum(code.count(c) for c in "([{") - sum(code.count(c) for c in ")]}")


def _strip_magics(source: str) -> str | None:
    """Replace IPython magics and shell escapes by blank lines; None for a non-Python cell. As IPython reads
    them, only at the start of a logical line: `%(epoch, loss)` continuing a `print('...' \\` or an open
    bracket is Python's `%` operator."""
    if "%" not in source and "!" not in source and "?" not in source:
        return source  # no line can start a magic or a shell escape (``_MAGIC``): the cell as it is
    stripped = source.lstrip()
    if stripped.startswith("%%") and not re.match(r"%%(time|timeit|capture)\b", stripped):
        return None
    lines = source.split("\n")
    out: list[str] = []
    depth = 0
    for line in lines:
        continued = depth > 0 or (bool(out) and out[-1].rstrip().endswith("\\"))
        if not continued and _MAGIC.match(line):
            out.append("")
            continue
        out.append(line)
        if "(" in line or "[" in line or "{" in line or depth:
            depth = max(0, depth + _open_brackets(line))
    return "\n".join(out)


_UNSET: Any = object()  # ``summariser``'s ``absent`` when not given


def _never(index: RepoIndex, path: str) -> bool:
    return False


class RepoIndex:
    """The tracked files of a repository and cached, bounded views of their contents."""

    def __init__(
        self,
        root: str,
        files: Iterable[str],
        source: Source,
        *,
        exclude: PathSet | None = None,
        commit: str | None = None,
        notices: Iterable[Notice] = (),
        twin: RepoIndex | None = None,
        same: Iterable[str] = (),
        committed_pointers: Callable[[list[str]], set[str]] | None = None,
        filter_attributes: Callable[[list[str]], dict[str, str] | None] | None = None,
        keep: PathSet | None = None,
        attributes: Callable[[list[str]], dict[str, str]] | None = None,
        git_prefix: str | None = None,
    ) -> None:
        """``twin`` and ``same``: another index (the working tree) and the paths whose content is
        identical in both, so that a comparison parses each unchanged file once, not twice.
        Vendored and generated code is left out of ``files`` (see mlgate.facts.vendored), except what
        ``keep`` matches; ``attributes`` asks git for the linguist attributes of a list of files.
        ``git_prefix``: where ``root`` is in its git work tree ("" at the top), when git listed the files."""
        self.root = root
        self.git_prefix = git_prefix
        self._committed_pointers = committed_pointers
        self._filter_attributes = filter_attributes
        self.commit = commit
        self.source = source
        all_files, unprintable = _printable_names(files)
        self.excluded = exclude or PathSet(())
        listed = [f for f in all_files if not self.excluded.match(f)]
        self.vendored: tuple[Skipped, ...] = ()
        self.attributes: dict[str, str] = {}
        listed = self._drop_vendored(listed, keep, attributes, twin)
        self.files: tuple[str, ...] = tuple(listed)
        self._file_set = frozenset(self.files)
        self._notices: dict[tuple[str, str], Notice] = {(n.path, n.message): n for n in (*notices, *unprintable)}
        self._cache: dict[tuple[str, str], Any] = {}
        # parsed trees asked for with keep=False and not kept (yet): the last few, most recent last
        self._passing: dict[tuple[str, str], Any] = {}
        self._kept_chars = 0  # characters of source whose trees are cached
        self._small: bool | None = None  # at most SMALL_REPOSITORY modules (``_tree_budget``)
        self._text_bytes = 0  # memory of the texts cached (TEXT_BUDGET)
        self._recent_texts: dict[str, str | None] = {}  # texts read past the budget: the last few
        self._memo: dict[tuple[str, object], Any] = {}
        self._twin = twin
        self._by_name: dict[str, list[str]] | None = None
        self._dirs: frozenset[str] | None = None
        self._by_suffix: dict[tuple[str, ...], tuple[str, ...]] = {}
        self._lowered: list[str] | None = None  # the files' paths in lower case, for ``with_suffix``
        self._asked: dict[str, int] = {}  # path -> bits of the Needles sets answered for it
        # path -> contents read for a search, kept (SEARCH_BUDGET): decoded as they were searched
        self._searched: dict[str, str] = {}
        self._searched_cells: dict[str, str] = {}  # a notebook -> its cells' sources, as searched
        self._verbatim: set[str] = set()  # paths whose text (``text``) is their bytes decoded, nothing dropped
        self._searched_bytes = 0
        self._found: dict[str, int] = {}  # path -> bits of those it contains
        self._same = frozenset(same) & self._file_set if twin is not None else frozenset()
        self._same_file_list = twin is not None and twin.files == self.files
        # Reuse between the two sides of a comparison (see ``share_with_twin``). On the working tree's
        # index: the files whose content differs from the base's (None: nothing is watched), the
        # computations under way (each a _Frame), and the memo slots and tracked results computed without
        # reading one, each with the answers about watched files it depends on. On the base's: whether
        # those may be taken from the twin.
        self._watched: frozenset[str] | None = None
        self._frames: list[_Frame] = []
        self._clean: dict[tuple[str, object], tuple[tuple[_Question, _Same], ...]] = {}
        # memo slots computed while watching (on the base: computed again), with their value: a computation
        # that asks for one depends on its value (the same value on the base means the same computation)
        self._settled: dict[tuple[str, object], _Same] = {}
        self._results: dict[str, tuple[Any, tuple[tuple[_Question, _Same], ...]]] = {}
        # the rules run on this index (``run_rules`` says): a hook at a parse's drop reads for those only
        self.rules: frozenset[str] = frozenset()
        self._computing: set[tuple[str, object]] = set()  # the memo slots under way
        self._in_drop_hook = False
        self._dropped: set[str] = set()  # the files whose parse was dropped
        # parses a drop hook made of files no sweep has parsed yet, held for the sweep (EARLY_BUDGET)
        self._early: dict[tuple[str, str], Any] = {}
        self._early_chars = 0
        self._hooks_paused = False  # a hook found EARLY_BUDGET spent: none runs until the sweeps take half
        self._reuse = False

    def _drop_vendored(self, listed: list[str], keep: PathSet | None,
                       attributes: Callable[[list[str]], dict[str, str]] | None, twin: RepoIndex | None) -> list[str]:
        from mlgate.facts import vendored

        source = self.source

        def read(path: str, limit: int) -> bytes | None:
            return source.read(path, limit) if source.size(path) is not None else None

        if twin is not None:  # the base of a comparison: git attributes as the working tree reads them
            listed_set = set(listed)
            self.attributes = {f: v for f, v in twin.attributes.items() if f in listed_set}
        elif attributes is not None and vendored.wants_attributes(listed, read):
            self.attributes = attributes(listed)
        negated = PathSet(p[1:] for p in self.excluded.patterns if p.startswith("!") and len(p) > 1)

        def kept(path: str) -> bool:
            return (keep is not None and keep.match(path)) or negated.match(path)

        found = vendored.detect(listed, read, attributes=self.attributes, keep=kept)
        self.vendored = found.trees
        return [f for f in listed if f not in found.skipped] if found.skipped else listed

    # ----------------------------------------------------------------- notices, memo
    def notice(self, path: str, message: str) -> None:
        if self._frames:  # the base would not repeat it where a result is reused: that result is not reused
            self._taint()
        self._notices.setdefault((path, message), Notice(path, message))

    def _owned_notice(self, path: str, message: str) -> None:
        """A notice of the readers and loaders of one file's contents, which run on ``owner_of(path)``: a base
        index reads an unchanged file through its twin, which holds the notice, so the base never repeats
        it, its results reused or not: the computation under way does not depend on it (unlike ``notice``)."""
        if self._watched is not None and path in self._watched:
            self._taint()
        self._notices.setdefault((path, message), Notice(path, message))

    @property
    def notices(self) -> tuple[Notice, ...]:
        if self._frames:  # what others noticed so far is no fact of the unchanged files
            self._taint()
        return tuple(sorted(self._notices.values(), key=lambda n: (n.path, n.message)))

    def owner_of(self, path: str) -> RepoIndex:
        """The index whose caches hold ``path``'s parsed views: the twin (the working tree) when this is
        a base index and the file is unchanged, else this index. Per-file derived facts (built from
        one file alone) can be cached on it and so be built once for both sides of a comparison."""
        if self._twin is not None:
            return self._twin if path in self._same else self
        if self._watched is not None and path in self._watched:
            self._taint()
        return self

    # ----------------------------------------------------------------- reuse between the sides of a comparison
    def share_with_twin(self) -> bool:
        """Called on the base index of a comparison before either side is evaluated: when both sides list
        the same files (the change adds, removes or renames none, and skips the same vendored trees), the
        working tree's index watches the files whose content differs, and every memo and tracked result
        (a rule's outcome) it computes without reading one of them, nor any notice, nor what git says of
        the working tree, is taken as the base's own: everything it read is the same on both sides, so
        computing it again would give the same value. Returns whether reuse is on."""
        twin = self._twin
        if twin is None or not self._same_file_list or self.vendored != twin.vendored \
                or self.attributes != twin.attributes or self.excluded.patterns != twin.excluded.patterns:
            return False
        twin._watched = frozenset(self.files) - self._same
        self._reuse = True
        return True

    def _taint(self) -> None:
        if self._frames:
            self._frames[-1].tainted = True

    def _answer(self, kind: str, path: str, question: Any, ask: Callable[[], Any]) -> Any:
        """``ask()`` about a watched file, recorded as an answer the computation under way depends on (the
        same answer on the base means the same computation), not as a read of the file."""
        frames, self._frames = self._frames, []
        try:
            value = ask()
        finally:
            self._frames = frames
        frames[-1].answers[(kind, path, question)] = _Same(value)
        return value

    def _holds(self, answers: tuple[tuple[_Question, _Same], ...]) -> bool:
        """Whether this (base) index answers as the twin did: the same answers about the files that differ,
        and the same values of the memos asked for (taken from the twin when it computed one without
        reading what differs here, else computed here: a memo not computed here yet is not known)."""
        twin = self._twin
        assert twin is not None
        for (kind, path, question), value in answers:
            if kind in ("memo", "attribute"):
                slot = question if kind == "memo" else question[0]
                if slot not in self._memo:
                    known = twin._clean.get(slot)
                    if known is None or not self._holds(known):
                        return False
                    self._memo[slot] = twin._memo[slot]
                mine = self._memo[slot] if kind == "memo" else getattr(self._memo[slot], question[1])
                if mine is value.value:
                    continue
                same = self._settled.get(question)
                if same is None:
                    same = self._settled[question] = _Same(mine)
            else:
                same = _Same(self.contains(path, question) if kind == "contains" else self.head(path, question)
                             if kind == "head" else self.size(path) if kind == "size" else self.summary(question, path))
            if same != value:
                return False
        return True

    def _tracked(self, compute: Callable[[], T], slot: tuple[str, object] | None = None
                 ) -> tuple[T, tuple[tuple[_Question, _Same], ...] | None]:
        """``compute()`` and the answers it depends on (about watched files, the values of the memos it
        asked for), or None when it read what the base may see otherwise (a watched file's content, a
        notice, git's answers about the working tree). The computation that asked for a memo ``slot``
        depends on its value; on everything when it failed."""
        frame = _Frame()
        frames = self._frames
        frames.append(frame)
        done = False
        try:
            value = compute()
            done = True
        finally:
            frames.pop()
            if done and slot is not None:
                settled = self._settled[slot] = _Same(value)
                if frames and (frame.tainted or frame.answers):  # else the same on the base, for certain
                    frames[-1].answers[("memo", "", slot)] = settled
            elif frames:
                frames[-1].tainted = True
        return value, None if frame.tainted else tuple(frame.answers.items())

    def memo_by_attribute(self, key: str, compute: Callable[[], T]) -> T:
        """``memo(key, compute)`` for a value that many computations read a few attributes of (the repository
        model): on a watched index, each depends on the attributes it reads rather than on the whole value,
        so that the base reuses a rule's outcome when the attributes it read are the same there."""
        if not self._frames:
            return self.memo(key, compute)
        frames, self._frames = self._frames, []  # the memo's own frame has no parent: nothing is recorded
        try:
            value = self.memo(key, compute)
        finally:
            self._frames = frames
        slot = (key, compute.__code__)
        if slot not in self._settled:  # computed before watching
            self._taint()
            return value
        return _Attributes(self, slot, value)  # type: ignore[return-value]

    def tracked(self, key: str, compute: Callable[[], T]) -> T:
        """``compute()`` (a rule's outcome, say: not cached), taken from the twin on a base index that
        shares with it when the twin computed it under ``key`` without reading what differs."""
        if self._reuse:
            assert self._twin is not None
            known = self._twin._results.get(key)
            if known is not None and self._holds(known[1]):
                reused: T = known[0]
                return reused
            return compute()
        if self._watched is None:
            return compute()
        value, answers = self._tracked(compute)
        if answers is not None:
            self._results[key] = (value, answers)
        return value

    def file_memo(self, path: str, key: str, compute: Callable[[], T]) -> T:
        """A fact derived from one file and the list of files (the modules its imports resolve to, say),
        computed once: for an unchanged file of a base index with the same file list as its twin (a
        pull request that adds, removes or renames nothing), computed once for both sides."""
        owner = self.owner_of(path) if self._same_file_list else self
        return owner.memo(f"{key}:{path}", compute)

    def file_store(self, path: str, key: str, factory: Callable[[], dict[str, T]], *, files: bool = False
                   ) -> dict[str, T]:
        """A table of facts each derived from one file alone (the Unit of a module, say), made once by
        ``factory`` (a module function returning an empty dict), to be read and filled only at ``path``'s entry.
        It is ``owner_of(path)``'s: an unchanged file's entry is made once for both sides of a comparison, and
        reading a changed file's entry on the working tree is a read of that file (the computation under way is
        not reused by the base). Unlike ``store``, reading an entry depends on nothing but its file.
        ``files``: an entry depends on the list of files too (the modules an import resolves to), so that a
        base listing other files keeps its own."""
        owner = self if files and self._twin is not None and not self._same_file_list else self.owner_of(path)
        slot = (key, factory.__code__)
        table: dict[str, T] | None = owner._memo.get(slot)
        if table is None:
            table = owner._memo[slot] = factory()
        return table

    def store(self, key: str, factory: Callable[[], T]) -> T:
        """A table that facts fill as they go (the Units built so far, the imports read so far), made once by
        ``factory`` (a module function returning an empty container) and shared like a memo. Unlike a memo's
        value it is not a fact of the repository: the base of a comparison never takes the working tree's,
        and a computation that reads it may read what differs (see ``memo``)."""
        return self.memo(key, factory, store=True)

    def memo(self, key: str, compute: Callable[[], T], store: bool = False) -> T:
        """A fact derived from the index, computed once and shared by every rule that needs it.

        The fact is kept under ``key`` *and* the place ``compute`` is defined (its code object), so two
        modules that happen to pick the same key for different facts never read each other's value,
        whichever runs first. ``compute`` must be Python code (a function or a lambda): a builtin such as
        ``dict`` is the same object everywhere and would let two modules share a slot by accident. To share
        one value between two call sites, both pass the same function (or call one function that holds
        the memo)."""
        site = getattr(compute, "__code__", None)
        if site is None:
            raise TypeError(f"memo {key!r}: compute must be a Python function, not {compute!r}")
        slot = (key, site)
        if slot in self._memo:
            if self._frames and self._clean.get(slot) != ():  # not read from the same files only
                settled = self._settled.get(slot)
                if settled is not None:
                    self._frames[-1].answers[("memo", "", slot)] = settled
                else:  # computed before watching
                    self._taint()
            value: T = self._memo[slot]
            return value
        if slot in self._computing and self._in_drop_hook:
            raise Busy(key)
        self._computing.add(slot)
        try:
            self._compute(slot, compute, store)
        finally:
            self._computing.discard(slot)
        value = self._memo[slot]
        return value

    def _compute(self, slot: tuple[str, object], compute: Callable[[], Any], store: bool) -> None:
        if self._reuse and slot in self._twin._clean and self._holds(self._twin._clean[slot]):  # type: ignore[union-attr]
            self._memo[slot] = self._twin._memo[slot]  # type: ignore[union-attr]
        elif self._watched is not None and not (store or _store(compute)):
            self._memo[slot], answers = self._tracked(compute, slot)
            if answers is not None:
                self._clean[slot] = answers
        elif self._watched is not None:  # a table its users fill: whoever reads it may read what differs
            self._taint()
            self._memo[slot] = compute()
        else:
            self._memo[slot] = compute()

    # Characters of file contents read by the pre-filter that are kept for the next search of the same file:
    # the sets registered after a file's first search (a module imported late, a configuration key's
    # ``Needles.of``) are searched in it again, and reading it again cost more than the search (the
    # 10,000-file benchmark tree read 48,709 times, 7 times for half its files). Only files up to
    # HEAD_WHOLE bytes, whose cost is the reading more than the searching: a large file is searched by
    # one or two sets (kserve's 140 files above 32 KB, 86 MB, 175 searches) and would only hold memory.
    # The files read first stay: the rules sweep the files in one order, so a cache that evicted the
    # oldest would hold none of the files the next sweep starts with.
    SEARCH_BUDGET = 4_000_000
    # trees parsed for a summary and not kept: how many stay at hand for the next question. Nearly every reuse is of
    # the newest (session 14): at 2 rather than 8, peak RSS diffusers 122 -> 114 MB, peft 96 -> 87, pytorch-lightning
    # 61 -> 56, with the same parses on diffusers and kaggle_monorepo and one more on peft
    PASSING = 2
    # Source characters whose trees are kept all the same when asked for with keep=False: below it, a
    # repository's trees all stay (parsing a file again costs more than its tree's memory is worth);
    # above it, only those someone must keep do (training units, say), and memory stops growing with the
    # size of the repository. A tree costs ~30 bytes per character of source (264 bytes per node): 2M
    # characters are ~60 MB of trees. Since the rule
    # sweeps that read a dropped file's tree again read summaries instead, a low budget costs little CPU
    # (bench/analysis.md, session 4: peak RSS 370 -> 132 MB on checkov, 323 -> 211 MB on peft at the same
    # CPU), except on diffusers (1,484 -> 534 MB for ~10-20% more CPU: the summaries made at each drop).
    # sys.maxsize keeps every tree (the old trade). Session 5: 2M -> 1M once data reads and data-hf-revision
    # stopped keeping trees: peak RSS peft 191 -> 165 MB, kserve 165 -> 143, diffusers 374 -> 334, CPU within
    # the noise (peft +3%, medians of 4 pairs; 55 of 1,072 sources parsed twice, 35 at 2M). Session 9: 250k in
    # a repository of more than SMALL_REPOSITORY modules, four times that in a smaller one. Peak RSS darts 79 -> 68
    # MB, trl 113 -> 90, lerobot 112 -> 91, the 10,000-file tree 126 -> 114, at the same CPU (+-3%); a small
    # repository's files are asked again and again (yolov5's train.py by a dozen rules), so at 250k yolov5 and
    # mlops-sales-forecasting took 12-20% more CPU to save 0-2 MB: they keep 1M, as before.
    TREE_BUDGET = 250_000
    SMALL_REPOSITORY = 300  # modules
    # Source characters of the parses a drop hook made early (``_parsed``): held until a sweep asks for them.
    # peft's hooks hold up to ~0.6M (at 500k they paused, and 51 modules were parsed again for the data rules;
    # at 750k, none). diffusers' hold ~0.8M (the library modules its scripts import: a config key is resolved from
    # the defaults a module can see, ``Resolver._declarable``): at 750k they paused, and 13 modules (0.7M
    # characters) were parsed again and some kept (peak RSS 167 MB; 158 MB at 1M, and no pause)
    EARLY_BUDGET = 1_000_000
    # Bytes of decoded file texts kept (``text``) besides those of kept parses, which hold theirs anyway: the
    # files read first stay (as for the budgets above), the others are read again when asked again (reading
    # and decoding is ~1 ms a MB). Unbounded, kserve's rendered manifests kept 87 MB of text and diffusers'
    # modules (whose trees are dropped) 105 MB, most of it never read again.
    TEXT_BUDGET = 16_000_000
    RECENT_TEXTS = 8  # texts past the budget held for the next question (a rule reading a file twice in a row)
    # name -> what to keep of a file's Python sources (``summary``), computed as soon as the file is parsed
    _summarisers: ClassVar[dict[str, Callable[[str, list[PySource]], Any]]] = {}
    # name -> the content a file needs for someone to ask for its summary (RepoIndex.contains, any of them)
    _summary_needles: ClassVar[dict[str, tuple[Needles, ...]]] = {}
    # name -> the summary of every file that contains none of its needles (known without parsing the file)
    _summary_absent: ClassVar[dict[str, Any]] = {}
    # name -> for which files a summary is made at a drop (the others' when asked)
    _summary_at_drop: ClassVar[dict[str, Callable[[RepoIndex, str], bool]]] = {}

    @classmethod
    def summariser(cls, name: str, compute: Callable[[str, list[PySource]], Any],
                   needles: tuple[Needles, ...] = (), absent: Any = _UNSET,
                   at_drop: bool | Callable[[RepoIndex, str], bool] = True) -> None:
        """Declare a summary of one file's Python sources (its imports, the options it declares ...): a
        value that holds no syntax node, computed once per file from a parse at hand. A parse that is
        not kept gets every summary computed before its trees are dropped, so that facts needing only
        summaries neither keep trees alive nor parse a file again; below the budget nothing is
        dropped and a summary costs nothing until it is asked for. ``needles``: only a file that
        contains one of them is ever asked for this summary (the others' is made when asked, from a
        parse of its own). ``absent``: the summary of any file that contains none of ``needles`` (what
        ``compute`` gives for it), answered without parsing such a file nor computing anything for it.
        ``at_drop=False``: made only when asked, from the parse at hand or one of its own: for a summary that
        few files are ever asked for, whose making at every drop costs more than parsing those few again.
        ``at_drop(index, path)``: made at a drop only for the files it holds for (those that may be asked; the
        others' when asked); what it reads of the index is recorded nowhere: it decides when a summary is
        made, never what it is."""
        cls._summarisers[name] = compute
        if at_drop is not True:
            cls._summary_at_drop[name] = at_drop if callable(at_drop) else _never
        if needles:
            cls._summary_needles[name] = needles
            if absent is not _UNSET:
                cls._summary_absent[name] = absent

    def summary(self, name: str, path: str) -> Any:
        """The summary ``name`` (declared with ``summariser``) of the module or notebook at ``path``, from
        its parse (made now without keeping the tree when no one has parsed it yet)."""
        if self._frames and self._watched is not None and path in self._watched:
            return self._answer("summary", path, name, lambda: self.summary(name, path))
        owner = self.owner_of(path)
        key = ("summary:" + name, path)
        if key not in owner._cache:  # from the parse at hand (kept, or parsed now and held for a while)
            if name in self._summary_absent and \
                    not any(owner.contains(path, n) for n in self._summary_needles[name]):
                owner._cache[key] = self._summary_absent[name]
            else:
                owner._cache[key] = self._summarisers[name](path, list(owner.python_sources([path], keep=False)))
        return owner._cache[key]

    def summary_made(self, name: str, path: str) -> Any:
        """The summary ``name`` of ``path`` when it is made already (at a drop of the file's parse, or asked
        before), else None: neither parses nor searches the file."""
        if self._watched is not None and path in self._watched:
            return None  # a file that differs from the base: asked through ``summary``, which records it
        return self.owner_of(path)._cache.get(("summary:" + name, path))

    def kept(self, path: str) -> bool:
        """Whether the parse of a module or notebook is cached (kept until the end of the analysis)."""
        owner = self.owner_of(path)
        return ("python", path) in owner._cache or ("nbpy", path) in owner._cache

    def _summarise(self, path: str, sources: list[PySource]) -> None:
        """Every summary of a parse whose trees go (those someone may ask for)."""
        cache = self._cache
        needles_of, at_drop, asked, found = self._summary_needles, self._summary_at_drop, self._asked, self._found
        # each of the ~35 summaries' questions about the file, answered from the pre-filter's bits when they are
        # known (``contains``' own first test, without a call per set): this loop runs at every drop
        known = self._twin is None and not self._frames
        for name, compute in self._summarisers.items():
            key = ("summary:" + name, path)
            if key in cache:  # a file parsed again keeps the summaries of its first parse
                continue
            needles = needles_of.get(name)
            if needles is not None:
                for n in needles:
                    bit = n.bit
                    if known and bit and asked.get(path, 0) & bit:
                        if found.get(path, 0) & bit:
                            break
                    elif self.contains(path, n):
                        break
                else:
                    continue  # no one asks for it: made when asked
            when = at_drop.get(name)
            if when is not None and (when is _never or not self._unrecorded(when, path)):
                continue
            cache[key] = compute(path, sources)

    def _unrecorded(self, ask: Callable[[RepoIndex, str], bool], path: str) -> bool:
        """``ask(self, path)``, recorded as no computation's answer (see ``summariser``'s ``at_drop``)."""
        frames, self._frames = self._frames, []
        try:
            return ask(self, path)
        finally:
            self._frames = frames

    @property
    def _tree_budget(self) -> int:
        """TREE_BUDGET, four times it in a repository of at most SMALL_REPOSITORY modules."""
        if self._small is None:
            self._small = len(self.with_suffix(".py")) <= self.SMALL_REPOSITORY
        return self.TREE_BUDGET * 4 if self._small else self.TREE_BUDGET

    def _parsed(self, kind: str, path: str, load: Callable[[RepoIndex, str], T], keep: bool) -> T:
        """A parsed view whose syntax trees may be large (a module, a notebook's cells). ``keep=False``
        is for a caller that keeps nothing of the trees (it derives a summary: a file's imports, its
        kind): a view cached already is shared; otherwise the file is parsed and, unless someone asks
        to keep it, dropped soon after (only the last few are held). Asked for with ``keep=True``, such
        a view is promoted to the cache, the very same objects, so that facts holding its nodes (units,
        call tables, enclosing functions) and summaries made before always describe one parse."""
        owner = self.owner_of(path)
        key = (kind, path)
        cache = owner._cache
        if key in cache:
            value: T = cache[key]
            return value
        passing = owner._passing
        early = owner._early
        if key in passing:
            value = passing.pop(key)
        elif key in early:
            if owner._in_drop_hook and not keep:
                value = early[key]
                return value
            value = early.pop(key)  # the sweep's parse now: as if it were made here
            owner._early_chars -= _source_chars(value)
            if owner._early_chars <= self.EARLY_BUDGET // 2:
                owner._hooks_paused = False
        elif not keep and owner._in_drop_hook and path not in owner._dropped:
            # a file no sweep has parsed yet (a module that declares the options of a key the hook resolves):
            # held for the sweep that will parse it, rather than dropped at the end of the hook and parsed again;
            # past the budget the hook is abandoned (a hook that reads far ahead of the sweeps would have them
            # parse again what it read)
            if owner._early_chars > self.EARLY_BUDGET:
                owner._hooks_paused = True  # until the sweeps have taken half of what is held
                raise Busy(path)
            value = load(owner, path)
            early[key] = value
            owner._early_chars += _source_chars(value)
            return value
        else:
            value = load(owner, path)
        size = _source_chars(value)
        # a drop hook's parses neither take nor are kept by the budget: the budget goes to the sweeps' parses,
        # in their order, as if the hook's reading were made when the rule asks (after the sweeps)
        hooked = owner._in_drop_hook
        if keep or not value or (not hooked and owner._kept_chars + size <= owner._tree_budget):
            cache[key] = value  # a file that does not parse costs nothing to remember
            if not hooked:
                owner._kept_chars += size
            owner._text_of_kept(value)
        else:
            passing[key] = value  # most recent last
            if len(passing) > self.PASSING:
                oldest = next(iter(passing))
                sources = _sources_of(passing.pop(oldest))
                owner._dropped.add(oldest[1])
                # every summary from this parse before its trees go: the file need not be parsed again for one
                owner._summarise(oldest[1], sources)
                if self._drop_hooks and not owner._in_drop_hook and not owner._hooks_paused:
                    owner._dropping(oldest[1], sources)
        return value

    # (index, path, the sources of its parse) -> None: run at the drop of a parse (``at_drop``)
    _drop_hooks: ClassVar[list[Callable[[RepoIndex, str, list[PySource]], None]]] = []

    @classmethod
    def at_drop(cls, hook: Callable[[RepoIndex, str, list[PySource]], None]) -> None:
        """Declare a computation over a parse about to be dropped that, unlike a summary, reads the index
        besides the file (other modules, configuration files): it memoises what a rule will ask of the file
        (``memo``), from the parse at hand, so that the file is not parsed again for it. It runs with no
        computation's frame recorded (it reads for itself: its memos are tracked on their own), never
        within another hook, and it is abandoned (``Busy``) where it asks for a memo under way (the drop
        happened inside that memo's computation): the rule makes it when it asks."""
        cls._drop_hooks.append(hook)

    def _dropping(self, path: str, sources: list[PySource]) -> None:
        frames, self._frames = self._frames, []
        # the hook's own parses do not push out those the sweep under way parsed last (and may keep)
        passing = self._passing
        self._passing = dict(passing)
        self._in_drop_hook = True
        try:
            for hook in self._drop_hooks:
                with contextlib.suppress(Busy):
                    hook(self, path, sources)
        finally:
            hooked, self._passing = self._passing, passing
            self._frames = frames
            self._in_drop_hook = False
            for key, value in hooked.items():  # dropped, with their summaries
                if key not in passing and key not in self._cache:
                    self._dropped.add(key[1])
                    self._summarise(key[1], _sources_of(value))

    def _text_of_kept(self, value: object) -> None:
        """A kept module's text is cached too, past the text budget: its parse holds it all the same."""
        if isinstance(value, PySource) and value.cell is None and ("text", value.path) not in self._cache:
            self._cache[("text", value.path)] = value.text
            self._recent_texts.pop(value.path, None)
            self._searched_forget(value.path)

    def _cached(self, kind: str, path: str, load: Callable[[RepoIndex, str], T]) -> T:
        """A parsed view of one file, loaded once. A file that is the same in the twin index (the
        working tree, when this index is the base of a comparison) is loaded and cached there."""
        owner = self.owner_of(path)
        key = (kind, path)
        if key not in owner._cache:
            owner._cache[key] = load(owner, path)
        value: T = owner._cache[key]
        return value

    # ----------------------------------------------------------------- file listing
    def exists(self, path: str) -> bool:
        return path in self._file_set

    def named(self, *names: str) -> list[str]:
        """Files whose base name is one of ``names`` (case-sensitive), in path order."""
        if self._by_name is None:
            by_name: dict[str, list[str]] = {}
            for f in self.files:
                by_name.setdefault(f.rsplit("/", 1)[-1], []).append(f)
            self._by_name = by_name
        if len(names) == 1:
            return list(self._by_name.get(names[0], ()))
        return sorted(f for n in set(names) for f in self._by_name.get(n, ()))

    def with_suffix(self, *suffixes: str) -> list[str]:
        lowered = tuple(s.lower() for s in suffixes)
        if lowered not in self._by_suffix:
            if self._lowered is None:  # once, not once a suffix (a path already in lower case is itself)
                self._lowered = [f if (low := f.lower()) == f else low for f in self.files]
            self._by_suffix[lowered] = tuple(f for f, low in zip(self.files, self._lowered, strict=True)
                                             if low.endswith(lowered))
        return list(self._by_suffix[lowered])

    def under(self, directory: str) -> list[str]:
        """The files below ``directory``: a contiguous run of the sorted file list, found by bisection."""
        prefix = directory.rstrip("/") + "/"
        out: list[str] = []
        for f in itertools.islice(self.files, bisect.bisect_left(self.files, prefix), None):
            if not f.startswith(prefix):
                break
            out.append(f)
        return out

    def is_dir(self, path: str) -> bool:
        """Whether some file lies below ``path`` (a directory of the repository)."""
        if self._dirs is None:
            dirs: set[str] = set()
            for f in self.files:
                parts = f.split("/")[:-1]
                for i in range(1, len(parts) + 1):
                    dirs.add("/".join(parts[:i]))
            self._dirs = frozenset(dirs)
        return path.strip("/") in self._dirs

    def matching(self, patterns: Iterable[str]) -> list[str]:
        spec = PathSet(patterns)
        return spec.filter(self.files) if spec else []

    # ----------------------------------------------------------------- raw contents
    def link_target(self, path: str) -> str | None:
        """The tracked file that the symbolic link at ``path`` leads to (``Source.link_target``), or None."""
        return self._cached("link", path, _source_link)

    def size(self, path: str) -> int | None:
        if self._frames and self._watched is not None and path in self._watched:
            return self._answer("size", path, None, lambda: self.size(path))  # type: ignore[no-any-return]
        return self._cached("size", path, lambda ix, p: ix.source.size(p))

    def read_bytes(self, path: str, limit: int = MAX_TEXT_BYTES) -> bytes | None:
        """The file's first bytes (at most ``limit``), or None when it cannot be read."""
        return self._read(path, limit, self.notice)

    def _read(self, path: str, limit: int, notice: Callable[[str, str], None]) -> bytes | None:
        if self._watched is not None and path in self._watched:
            self._taint()
        data = self.source.read(path, limit)
        if data is None:
            why = self.source.describe_unreadable(path)
            if why:
                notice(path, why)
        return data

    def _read_within(self, path: str, limit: int) -> tuple[int | None, bytes | None]:
        """(``size(path)``, the file's contents when it is at most ``limit`` bytes, else None), with a notice of
        the readers when it cannot be read. A size not known yet comes from the read itself (the source's
        ``read_sized``: one open and fstat, no lstat before it), and is kept as ``size`` keeps it."""
        owner = self.owner_of(path)
        key = ("size", path)
        read_sized = getattr(self.source, "read_sized", None)
        if key in owner._cache or read_sized is None:
            size = self.size(path)
            if size is None:
                self._read(path, 1, self._owned_notice)  # records why it cannot be read
                return None, None
            return size, self._read(path, limit, self._owned_notice) if size <= limit else None
        if self._watched is not None and path in self._watched:
            self._taint()
        size, data = read_sized(path, limit)
        owner._cache[key] = size
        if data is None and (size is None or size <= limit):
            why = self.source.describe_unreadable(path)
            if why:
                self._owned_notice(path, why)
        return size, data

    def head(self, path: str, limit: int = 512) -> bytes:
        """The first bytes of a file, for cheap sniffing (LFS pointers, magic numbers)."""
        if self._frames and self._watched is not None and path in self._watched:
            return self._answer("head", path, limit, lambda: self.head(path, limit))  # type: ignore[no-any-return]
        return self._cached(f"head{limit}", path, lambda ix, p: ix._head(p, limit))

    # a file up to this size is read whole for its head, and kept for the searches to come (SEARCH_BUDGET)
    HEAD_WHOLE = 65_536

    def _head(self, path: str, limit: int) -> bytes:
        kept = self._searched.get(path)
        if kept is None and PurePosixPath(path).suffix.lower() in BINARY_SUFFIXES:
            # an image, an archive, a model: its head alone, not the whole file decoded and kept for searches that
            # are not made of it (data-lfs asks every file's head: decoding mlops-zoomcamp's 84 images and .bin
            # files, mostly undecodable bytes, was 5% of its check); one that starts as UTF-16 text does reads its
            # text below, as a text file's head does
            head = self.source.read(path, limit) or b""
            if not head.startswith((b"\xff\xfe", b"\xfe\xff")):
                return head
        if kept is None and path in self._verbatim:
            # its text, when it is at hand: a search forgets the bytes it read once the text is kept, and data-lfs
            # asks every file's head after the rules have read the texts of 2,500 of the 10,000-file tree's files
            kept = self._cache.get(("text", path))
            if kept is None:
                kept = self._recent_texts.get(path)
        if kept is None and limit <= self.HEAD_WHOLE and \
                (size := self.size(path) or self.HEAD_WHOLE + 1) <= self.HEAD_WHOLE and \
                self._searched_bytes + size <= self.SEARCH_BUDGET:  # else not kept: read whole, then its head again
            self._searchable(path)
            kept = self._searched.get(path)
        if kept is not None:  # a character is at least one byte: the first ``limit`` bytes, exactly
            return kept[:limit].encode("utf-8", "surrogateescape")[:limit]
        return self.source.read(path, limit) or b""

    def committed_lfs_pointers(self, paths: Iterable[str]) -> set[str] | None:
        """Which of ``paths`` git stores as Git LFS pointers (read from the git index, not the working
        tree, where git-lfs replaces pointers by their content); None when that cannot be known
        (not a git work tree): then the working-tree contents are all there is."""
        if self._frames:  # git's index of the working tree: the base's index has none
            self._taint()
        if self._committed_pointers is None:
            return None
        try:
            return self._committed_pointers(list(paths))
        except Exception:  # a broken git index must not stop the analysis
            return None

    def git_filter_attributes(self, paths: Iterable[str]) -> dict[str, str] | None:
        """{path: its ``filter`` attribute} as git resolves it (``lfs``, ``unset``, ``unspecified`` ...);
        None when git cannot tell (not a git work tree): then ``.gitattributes`` is read by mlgate."""
        if self._frames:  # git's view of the working tree: the base's index has none
            self._taint()
        if self._filter_attributes is None:
            return None
        try:
            return self._filter_attributes(list(paths))
        except Exception:  # git failing must not stop the analysis
            return None

    def text(self, path: str) -> str | None:
        """The file decoded as text, or None (too large, binary, unreadable): with a notice. Kept while the
        texts kept are under ``TEXT_BUDGET`` (and for every module whose tree is kept: its parse holds the
        text anyway); past it, read again when asked again (the last few stay at hand)."""
        owner = self.owner_of(path)
        key = ("text", path)
        cache = owner._cache
        if key in cache:
            value: str | None = cache[key]
            return value
        recent = owner._recent_texts
        if path in recent:
            return recent[path]
        value = owner._load_text(path)
        size = sys.getsizeof(value) if value is not None else 0
        if owner._text_bytes + size <= self.TEXT_BUDGET:
            cache[key] = value
            owner._text_bytes += size
            owner._searched_forget(path)
        else:  # a search of the file reads what the pre-filter kept of it, or the file again
            recent[path] = value  # most recent last
            if len(recent) > self.RECENT_TEXTS:
                del recent[next(iter(recent))]
        return value

    def _searched_forget(self, path: str) -> None:
        """The contents kept from a search of a file whose text is cached now: searches read the text."""
        data = self._searched.pop(path, None)
        if data is not None:
            self._searched_bytes -= len(data)

    def _load_text(self, path: str) -> str | None:
        # read by a search already (forgotten there once the text is kept): those bytes, exactly
        searched = self._searched.get(path)
        if searched is not None:
            size: int | None = self.size(path)
            data: bytes | None = searched.encode("utf-8", "surrogateescape")
        else:
            size, data = self._read_within(path, MAX_TEXT_BYTES)
        if size is None:
            return None
        if size > MAX_TEXT_BYTES:
            self._owned_notice(path, f"{size:,} bytes: larger than the {MAX_TEXT_BYTES:,}-byte limit; not parsed")
            return None
        if data is None:
            return None
        if data.startswith((b"\xff\xfe", b"\xfe\xff")):
            try:
                return data.decode("utf-16")
            except UnicodeDecodeError:
                self._owned_notice(path, "invalid UTF-16 text; not parsed")
                return None
        if b"\x00" in data[:BINARY_SNIFF]:
            self._owned_notice(path, "binary content (NUL bytes); not parsed")
            return None
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError:
            self._owned_notice(path, "not valid UTF-8; read with undecodable bytes replaced")
            return data.decode("utf-8", errors="replace")
        if not data.startswith(b"\xef\xbb\xbf"):  # no byte order mark dropped: the text encodes back to the bytes
            self._verbatim.add(path)
        return text

    def lines(self, path: str) -> list[str]:
        return self._cached("lines", path, lambda ix, p: split_lines(ix.text(p) or ""))

    def is_binary(self, path: str) -> bool:
        if PurePosixPath(path).suffix.lower() in BINARY_SUFFIXES:
            return True
        return b"\x00" in self.head(path, BINARY_SNIFF)

    # ----------------------------------------------------------------- parsed views
    def yaml(self, path: str) -> list[Any]:
        """Every document of a YAML file (ruamel round-trip nodes carry line numbers); [] on error."""
        return self._cached("yaml", path, RepoIndex._load_yaml)

    def _load_yaml(self, path: str) -> list[Any]:
        size = self.size(path)
        if size is not None and size > MAX_YAML_BYTES:
            self._owned_notice(path, f"{size:,} bytes: larger than the {MAX_YAML_BYTES:,}-byte YAML limit; not parsed")
            return []
        text = self.text(path)
        if text is None:
            return []
        return load_yaml_documents(text, path, self._owned_notice)

    def toml(self, path: str) -> dict[str, Any] | None:
        return self._cached("toml", path, RepoIndex._load_toml)

    def _load_toml(self, path: str) -> dict[str, Any] | None:
        text = self.text(path)
        if text is None:
            return None
        if sys.version_info >= (3, 11):  # imported for the first TOML file, not by every hook
            import tomllib
        else:  # pragma: no cover
            import tomli as tomllib
        try:
            data: dict[str, Any] = tomllib.loads(text)
            return data
        except (tomllib.TOMLDecodeError, RecursionError, ValueError) as exc:
            self._owned_notice(path, f"invalid TOML: {_first_line(exc)}")
            return None

    def json(self, path: str) -> Any:
        return self._cached("json", path, RepoIndex._load_json)

    def _load_json(self, path: str) -> Any:
        text = self.text(path)
        if text is None:
            return None
        try:
            return json.loads(text)
        except RecursionError:
            self._owned_notice(path, "JSON nested too deeply; not parsed")
        except ValueError as exc:
            self._owned_notice(path, f"invalid JSON: {_first_line(exc)}")
        return None

    def python(self, path: str, keep: bool = True) -> PySource | None:
        """The parsed module, or None (syntax error, binary, too large) with a notice. ``keep=False``: the
        caller keeps no node of it (see ``_parsed``), so the tree need not stay in memory."""
        return self._parsed("python", path, RepoIndex._load_python, keep)

    def _load_python(self, path: str) -> PySource | None:
        text = self.text(path)
        if text is None:
            return None
        tree = parse_python(text, path, self._owned_notice)
        return PySource(path, tree, text) if tree is not None else None

    def notebook_position(self, path: str, line: int) -> tuple[int, int] | None:
        """(cell number, line within the cell) of a line of a notebook's JSON text that holds code;
        None when the line is not one of a located code cell's source lines."""
        for cell in self.notebook(path) or []:
            if cell.line is None or not cell.one_line_each:
                continue
            n = max(1, len(cell.source.splitlines()))
            if cell.line <= line < cell.line + n:
                return cell.number, line - cell.line + 1
        return None

    def notebook(self, path: str) -> list[NotebookCell] | None:
        """The code cells of a Jupyter notebook, or None when it is not a valid notebook."""
        return self._cached("notebook", path, RepoIndex._load_notebook)

    def _load_notebook(self, path: str) -> list[NotebookCell] | None:
        # the decoded JSON and the line list are read here only (no fact asks for a notebook's): not
        # cached, they would stay in memory until the report (peft's 45 notebooks: ~30 MB)
        cache = self._cache
        data = cache[("json", path)] if ("json", path) in cache else self._load_json(path)
        if data is None:
            return None
        cells = data.get("cells") if isinstance(data, dict) else None
        if not isinstance(cells, list):
            self._owned_notice(path, "not a Jupyter notebook (no 'cells' list); not analysed")
            return None
        return _notebook_cells(self.text(path) or "", cells)

    def python_sources(self, paths: Iterable[str] | None = None, keep: bool = True) -> Iterator[PySource]:
        """Parsed Python modules and notebook code cells (all, or of the given paths); ``keep`` as in
        ``python``."""
        for path in self.files if paths is None else paths:
            if path.endswith(".py"):
                src = self.python(path, keep)
                if src is not None:
                    yield src
            elif path.endswith(".ipynb"):
                yield from self.notebook_sources(path, keep)

    def notebook_sources(self, path: str, keep: bool = True) -> list[PySource]:
        return self._parsed("nbpy", path, RepoIndex._load_notebook_sources, keep)

    def _load_notebook_sources(self, path: str) -> list[PySource]:
        out: list[PySource] = []
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # as parse_python, once for every cell
            for cell in self.notebook(path) or []:
                code = _strip_magics(cell.source)
                if code is None:
                    continue
                tree = _parse_quietly(code, f"{path} cell {cell.number}", None)
                if tree is not None:
                    out.append(PySource(path, tree, code, cell=cell.number, cell_line=cell.line))
        return out

    def contains(self, path: str, needles: Needles) -> bool:
        """Cheap pre-filter: does the file contain any of ``needles``? Files that pass are parsed
        afterwards; nothing but the answers (a bit per declared set) is kept of the files read."""
        bit = needles.bit
        if bit and self._twin is None and not self._frames and self._asked.get(path, 0) & bit:
            # answered already: the common case (a fact or a rule asks every module about its strings, 268,000
            # questions on the 10,000-file tree), with nothing to record for a comparison
            return bool(self._found.get(path, 0) & bit)
        owner = self.owner_of(path) if self._twin is not None else self
        if owner is not self:
            return owner.contains(path, needles)
        if self._frames and self._watched is not None and path in self._watched:
            return bool(self._answer("contains", path, needles, lambda: self.contains(path, needles)))
        if not needles.bit:  # built with register=False: answer it as the registered set of its strings
            needles = Needles.of(*needles.words)
        bit = needles.bit
        if self._asked.get(path, 0) & bit:
            return bool(self._found.get(path, 0) & bit)
        text = self._searchable(path)
        if text is None:
            self._asked[path] = -1  # every set answered: not found
            return False
        asked, found = self._asked.get(path, 0), self._found.get(path, 0)
        matcher = _matcher_for(needles, path, asked)
        found |= matcher.scan(text, not path.endswith(".py")) & ~asked
        asked |= matcher.mask
        self._asked[path] = asked
        if found:
            self._found[path] = found
        return bool(found & bit)

    def containing(self, paths: Iterable[str], needles: Needles) -> Iterator[str]:
        """The paths of ``paths`` whose file contains one of ``needles``, in their order and as lazily as
        ``(p for p in paths if self.contains(p, needles))``, in one loop: the sweeps of every module ask the
        same set of each file, answered by then nearly always (a call of ``contains`` per file cost more than
        the answer)."""
        bit = needles.bit
        asked, found, contains = self._asked, self._found, self.contains
        for path in paths:
            if bit and asked.get(path, 0) & bit and self._twin is None and not self._frames:
                if found.get(path, 0) & bit:
                    yield path
            elif contains(path, needles):
                yield path

    def _searchable(self, path: str) -> str | None:
        """The file's contents to search (its cached text if parsed already, or the contents kept from an
        earlier search), or None with a notice: UTF-8 with undecodable bytes kept as surrogates. A notebook
        is searched in its cells' sources (``notebook_search_text``), whatever is cached."""
        notebook = path.endswith(".ipynb")
        if notebook:
            derived = self._searched_cells.get(path)
            if derived is not None:
                return derived
        else:
            cached = self._cache.get(("text", path))
            if isinstance(cached, str):
                return cached
            kept = self._searched.get(path)
            if kept is not None:
                return kept
        size, data = self._read_within(path, MAX_TEXT_BYTES)  # a notice when it cannot be read (a link out ...)
        if size is not None and size > MAX_TEXT_BYTES:
            self._owned_notice(path, f"{size:,} bytes: larger than the {MAX_TEXT_BYTES:,}-byte limit; not parsed")
            return None
        if not data:
            if data is not None and not notebook and not (self._watched is not None and path in self._watched):
                self._searched[path] = ""  # empty (a package's __init__.py): its text is known without a read
            return None
        if data.startswith((b"\xff\xfe", b"\xfe\xff")):  # UTF-16: decode to search
            return self.text(path)
        watched = self._watched is not None and path in self._watched
        if notebook:
            try:
                text, valid = data.decode("utf-8"), True
            except UnicodeDecodeError:
                text, valid = data.decode("utf-8", "surrogateescape"), False
            whole = text
            text, cells = _notebook_search(text)
            if cells is not None and valid and not watched and ("notebook", path) not in self._cache:
                # the notebook's code cells from this one read and decoding of its JSON (the text ``text``
                # gives: valid UTF-8 without a BOM, which JSON refuses): handson-ml3's 26 MB of notebooks were
                # read, decoded and parsed as JSON a second time for them, 0.12 s
                self._cache[("notebook", path)] = _notebook_cells(whole, cells)
            if self._searched_bytes + len(text) <= self.SEARCH_BUDGET and not watched:
                self._searched_cells[path] = text
                self._searched_bytes += len(text)
            return text
        text = data.decode("utf-8", "surrogateescape")
        if len(text) <= self.HEAD_WHOLE and self._searched_bytes + len(text) <= self.SEARCH_BUDGET and not watched:
            self._searched[path] = text
            self._searched_bytes += len(text)
        return text


class Busy(Exception):
    """A hook at a parse's drop asked for a memo under way (see ``RepoIndex.at_drop``)."""


# (contains | summary | head | size | memo | attribute, path, the Needles, summary name, head's limit, memo slot)
_Question = tuple[str, str, Any]


def _store(compute: Callable[[], Any]) -> bool:
    """Whether a memo's ``compute`` looks like a table's factory: a safety net for ``RepoIndex.store``, which
    says so explicitly. A function that sees no index (no closure, no bound object, no defaults) makes a
    value that is not a fact of the repository but a store that facts fill as they go. It is the working
    tree's own: never taken by the base, and a computation that reads it may read what differs."""
    return not getattr(compute, "__closure__", None) and getattr(compute, "__self__", None) is None \
        and not getattr(compute, "__defaults__", None) and not getattr(compute, "__kwdefaults__", None)


class _Attributes:
    """A memo's value as a computation on a watched index sees it: each attribute read is an answer the
    computation depends on (a method, whatever it returns, makes it depend on the whole value)."""

    __slots__ = ("_index", "_slot", "_value")

    def __init__(self, index: RepoIndex, slot: tuple[str, object], value: Any) -> None:
        self._index, self._slot, self._value = index, slot, value

    def __getattr__(self, name: str) -> Any:
        value = getattr(self._value, name)
        frames = self._index._frames
        if frames:
            if callable(value):
                frames[-1].answers[("memo", "", self._slot)] = self._index._settled[self._slot]
            else:
                frames[-1].answers[("attribute", "", (self._slot, name))] = _Same(value)
        return value


class _Frame:
    """A computation under way on a watched index: whether it has read a watched file (or anything else the
    base may see otherwise), and the answers about watched files it depends on."""

    __slots__ = ("answers", "tainted")

    def __init__(self) -> None:
        self.tainted = False
        self.answers: dict[_Question, _Same] = {}


class _Same:
    """An answer or a memo's value, compared strictly: the same object, or equal values of one type whose
    representations are equal too (1 and True, 1 and 1.0, or two syntax trees, are different answers)."""

    __slots__ = ("_repr", "value")

    def __init__(self, value: Any) -> None:
        self.value = value
        self._repr: str | None = None

    def text(self) -> str:
        if self._repr is None:
            self._repr = repr(self.value)
        return self._repr

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, _Same):
            return NotImplemented
        a, b = self.value, other.value
        if a is b:
            return True
        return type(a) is type(b) and self.text() == other.text() and bool(a == b)

    __hash__ = None  # type: ignore[assignment]


def _sources_of(value: object) -> list[PySource]:
    """The sources of a parsed view: a module's one, or a notebook's cells."""
    if isinstance(value, PySource):
        return [value]
    return [v for v in value if isinstance(v, PySource)] if isinstance(value, list) else []


def _source_chars(value: object) -> int:
    """Characters of source of a parsed view (a module or a notebook's cells): what its trees cost."""
    if isinstance(value, PySource):
        return len(value.text)
    return sum(len(v.text) for v in value if isinstance(v, PySource)) if isinstance(value, list) else 0


def _first_line(exc: BaseException) -> str:
    return str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__


# Python 3.12 syntax an older parser refuses: type parameters (PEP 695: `type X = ...`,
# `def f[T](...)`, `class C[T]:`)
_PEP695 = lazyre.compile(r"\s*(type\s+\w+\s*(\[.*\])?\s*=|(async\s+)?def\s+\w+\s*\[|class\s+\w+\s*\[)")


def _newer_syntax(exc: SyntaxError, text: str) -> bool:
    """Whether the syntax error is code that Python 3.12 accepts: an f-string reusing its own quotes
    (PEP 701) or a type parameter list (PEP 695)."""
    if "f-string" in str(exc.msg):
        return True
    line = exc.text
    if line is None and exc.lineno:
        lines = text.split("\n", exc.lineno)
        line = lines[exc.lineno - 1] if len(lines) >= exc.lineno else None
    return line is not None and _PEP695.match(line) is not None


def _source_link(index: RepoIndex, path: str) -> str | None:
    target = getattr(index.source, "link_target", None)  # a Source written before links were asked
    answer: str | None = target(path) if target is not None else None
    return answer


def parse_python(text: str, label: str, notice: Callable[[str, str], None] | None) -> ast.Module | None:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # SyntaxWarnings of the analysed code are not ours
        return _parse_quietly(text, label, notice)


def _parse_quietly(text: str, label: str, notice: Callable[[str, str], None] | None) -> ast.Module | None:
    """``parse_python`` inside the caller's ``warnings.catch_warnings`` (a notebook's cells: one for them all)."""
    try:
        return ast.parse(text)
    except SyntaxError as exc:
        newer = sys.version_info < (3, 12) and _newer_syntax(exc, text)
        if newer and "f-string" in str(exc.msg):
            # Python 3.12 lets an f-string reuse its own quotes (PEP 701): the nested strings take the other
            # quote, which changes no value and no position, and the tree is Python 3.12's
            from mlgate.pep701 import backport_fstrings

            backported = backport_fstrings(text)
            if backported is not None:
                try:
                    return ast.parse(backported)  # inside the caller's catch_warnings, as the first parse
                except (SyntaxError, ValueError, RecursionError, MemoryError):
                    pass
        if notice is not None:
            hint = " (valid in Python 3.12+: run mlgate with the Python the project uses)" if newer else ""
            notice(label, f"Python syntax error at line {exc.lineno}: {exc.msg}; not analysed{hint}")
    except (ValueError, RecursionError, MemoryError) as exc:
        if notice is not None:
            notice(label, f"cannot be parsed as Python ({type(exc).__name__}); not analysed")
    return None


MAX_YAML_NESTING = 200


def _lines_holding(text: str, needle: str) -> tuple[list[int], list[str]]:
    """(the numbers of the lines of ``text`` that hold ``needle``, those lines), numbered as ``split_lines``
    numbers them, found without splitting the whole text: a notebook's outputs can be megabytes of lines."""
    numbers: list[int] = []
    lines: list[str] = []
    number, counted = 1, 0
    at = text.find(needle)
    while at != -1:
        number += text.count("\n", counted, at)
        counted = at
        start = text.rfind("\n", 0, at) + 1
        end = text.find("\n", at)
        end = len(text) if end == -1 else end
        numbers.append(number)
        lines.append(text[start:end].removesuffix("\r"))
        at = text.find(needle, end)  # the next line's
    return numbers, lines


def split_lines(text: str) -> list[str]:
    """The lines of a file as git, GitHub and editors number them: split at "\\n" only (a trailing "\\r"
    dropped). str.splitlines() also splits at \\x85, \\x0b, \\x0c, \\u2028 ..., which would shift every
    later line number (a finding, an annotation or a review comment on the wrong line)."""
    lines = text.split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    return [ln[:-1] if ln.endswith("\r") else ln for ln in lines]
MAX_YAML_NODES = 200_000  # nodes of a document with its aliases expanded (an alias bomb has billions)


def yaml_expanded_size(doc: Any, limit: int = MAX_YAML_NODES) -> int | None:
    """How many nodes ``doc`` has when its aliases are expanded, or None when that exceeds ``limit``
    or the document contains itself (``&a [*a]``). The loader shares one object per anchor, so every
    recursive walk over a document would meet the expansion; this refuses such documents once, in
    time linear in the distinct nodes (each shared node's size is counted once and reused)."""
    sizes: dict[int, int] = {}
    active: set[int] = set()
    stack: list[tuple[Any, list[Any] | None]] = [(doc, None)]
    # iterative post-order: (node, children still to visit)
    while stack:
        node, pending = stack[-1]
        if pending is None:
            if isinstance(node, dict):
                children = [c for kv in node.items() for c in kv if isinstance(c, (dict, list))]
            elif isinstance(node, list):
                children = [c for c in node if isinstance(c, (dict, list))]
            else:
                stack.pop()
                continue
            if id(node) in active:
                return None  # a cycle
            active.add(id(node))
            stack[-1] = (node, children)
            pending = children
        while pending and id(pending[-1]) in sizes:
            pending.pop()
        if pending:
            child = pending[-1]
            if id(child) in active:
                return None
            stack.append((child, None))
            continue
        stack.pop()
        active.discard(id(node))
        size = 1 + len(node)
        for c in (node.items() if isinstance(node, dict) else enumerate(node)):
            for part in c:
                if isinstance(part, (dict, list)):
                    size += sizes[id(part)]
        if size > limit:
            return None
        sizes[id(node)] = size
    return sizes.get(id(doc), 1)


_NESTING_CHARS = lazyre.compile(r"[\"'\[\]{}\n]")


def yaml_nesting_too_deep(text: str, limit: int = MAX_YAML_NESTING) -> bool:
    """Whether flow collections (``[`` / ``{``) nest deeper than ``limit``: ruamel takes seconds to
    give up on such a document, so it is refused before parsing. Brackets in quotes are skipped."""
    if text.count("[") + text.count("{") <= limit:
        return False
    depth = 0
    quote = ""
    for m in _NESTING_CHARS.finditer(text):  # only these characters change the state below
        ch = m.group()
        if quote:
            if ch == quote:
                quote = ""
        elif ch in "\"'":
            quote = ch
        elif ch in "[{":
            depth += 1
            if depth > limit:
                return True
        elif ch in "]}":
            depth = max(0, depth - 1)
        elif ch == "\n" and depth == 0:
            quote = ""
    return False


MAX_YAML_BLOCK_DEPTH = 1_000
_BLOCK_INDICATOR = lazyre.compile(r"(?:^|[ \t])[-?:](?=[ \t]|$)")


def yaml_block_too_deep(text: str, limit: int = MAX_YAML_BLOCK_DEPTH) -> bool:
    """Whether block collections may nest deeper than ``limit``: libyaml composes recursively in C and
    crashes the process (SIGSEGV) on ``"- " * 50000``. A block level needs one more column of
    indentation or one more indicator (``- ``, ``? ``, ``: ``) on its line, so a line's indentation
    plus its indicators bound the depth it opens (an over-estimate: a plain document is far below)."""
    if len(text) <= limit:
        return False
    for line in text.split("\n"):
        if len(line) <= limit:
            continue
        indent = len(line) - len(line.lstrip(" \t"))
        if indent > limit or indent + len(_BLOCK_INDICATOR.findall(line)) > limit:
            return True
    return False


_NEXT_IS_KEY = lazyre.compile(r"[ \t]*(?:#[^\n]*)?\n(?:[ \t]*(?:#[^\n]*)?\n)*[ \t]*[A-Za-z_][\w-]*:(?:[ \t]|\n|$)")
_QUESTION_MARK = lazyre.compile(r"\?(?=[ \t\n]|\Z)")


def _explicit_key(text: str) -> bool:
    """Whether a line is an explicit key (``? key``, ``- ? key``): a question mark followed by a blank or
    the end of its line, with only blanks and dashes before it on its line. The question marks are found
    first: a pattern anchored at every line start was tried at every line of a text (37 ms on a 1.5 MB
    manifest, now 0.5 ms)."""
    for m in _QUESTION_MARK.finditer(text):
        start = text.rfind("\n", 0, m.start()) + 1
        if not text[start:m.start()].strip(" \t-"):
            return True
    return False


_WORD_OR_DASH = lazyre.compile(r"[\w-]")
_ANCHOR_THEN_BLANK = lazyre.compile(r"&[\w-]+[ \t]+[\"']?")


def yaml_keys_may_hold_text(text: str, keys: Iterable[str]) -> bool:
    """Whether a YAML text may map one of ``keys`` to a scalar, read from the text alone, so that a
    file can be skipped without being loaded: False only when every place a key is written (``key:``,
    ``"key":``) is followed by nothing on its line and a ``name:`` entry on the next one (the key holds
    a mapping, as in a CRD's schema, or nothing). Anything else (a value on the line, a flow mapping, a
    block scalar, an anchor on the key, an explicit ``?`` key) answers True."""
    if _explicit_key(text):
        return True
    # where a key may follow an anchor (``&a storageUri: ...``): the anchors found once, not once per key
    # (a pattern per key scanned the whole text for its ``&``, 5 ms a 1.5 MB manifest for eight keys)
    after_anchor: list[int] = []
    if "&" in text:
        for anchor in _ANCHOR_THEN_BLANK.finditer(text):
            after_anchor.append(anchor.end())
            if text[anchor.end() - 1] in "\"'":
                after_anchor.append(anchor.end() - 1)
    for key in keys:
        quoted = re.escape(key)
        if key[:1] in ("", " ", "\t", "\"", "'"):  # could overlap the anchor's blanks or quote: the pattern decides
            if re.search(r"&[\w-]+[ \t]+[\"']?" + quoted, text):
                return True
        elif any(text.startswith(key, at) for at in after_anchor):
            return True
        # the key written as a key: searched for as a literal (a pattern that begins with a lookbehind is
        # tried at every position of the text, 0.1 s per key on a 3.6 MB manifest), then the character
        # before it checked as the lookbehind ``(?<![\w-])`` did
        pos = text.find(key)  # most keys are not in the text at all: str.find says so faster than a pattern
        if pos < 0:
            continue
        written = re.compile(quoted + r"[\"']?[ \t]*:")
        while (m := written.search(text, pos)) is not None:
            start = m.start()
            if start and _WORD_OR_DASH.match(text, start - 1):
                pos = start + 1
                continue
            if not _NEXT_IS_KEY.match(text, m.end()):
                return True
            pos = m.end()
    return False


def load_yaml_documents(text: str, label: str, notice: Callable[[str, str], None] | None) -> list[Any]:
    """All documents of a YAML text, with line numbers (``yaml_line``): libyaml's parser when it is
    installed and accepts the text, else ruamel's pure-Python (YAML 1.2) parser; both build the same
    values (see mlgate.yamlfast)."""
    if yaml_nesting_too_deep(text):
        if notice is not None:
            notice(label, f"YAML nested more than {MAX_YAML_NESTING} levels deep; not analysed")
        return []
    if yaml_block_too_deep(text):  # never handed to libyaml: it would crash the process
        if notice is not None:
            notice(label, f"YAML nested more than {MAX_YAML_BLOCK_DEPTH:,} levels deep (block collections); "
                          "not analysed")
        return []
    from ruamel.yaml.error import YAMLError

    from mlgate import yamlfast

    try:
        with warnings.catch_warnings():
            # ruamel warns about the analysed file (a reused anchor, which YAML 1.2 allows) on stderr: its
            # text is the file's, and the file is read all the same
            warnings.simplefilter("ignore")
            try:
                fast = yamlfast.load_all(text)
            except YAMLError:
                fast = None  # libyaml is YAML 1.1 and stricter (`[docker:26-dind]`): the 1.2 loader decides
            docs = fast if fast is not None else yamlfast.load_all_pure(text)
    except YAMLError as exc:
        if notice is not None:
            mark = getattr(exc, "problem_mark", None)
            where = f" at line {mark.line + 1}" if mark is not None else ""
            # a Helm chart's template (`{{- if .Values.x }}`): YAML only once rendered; a GitHub workflow's
            # `${{ github.sha }}` is an expression inside a YAML string, and the workflow is no template
            if re.search(r"(?<!\$)\{\{", text):
                notice(label, f"a template (`{{{{ }}}}` expressions) that is not YAML until it is rendered{where}; "
                              "not analysed")
            else:
                problem = getattr(exc, "problem", None) or _first_line(exc)
                notice(label, f"invalid YAML{where}: {problem}; not analysed")
        return []
    except (RecursionError, MemoryError, ValueError, TypeError, AttributeError) as exc:
        # ruamel raises a few non-YAMLError exceptions on hostile input (deep nesting, odd tags)
        if notice is not None:
            notice(label, f"YAML could not be loaded ({type(exc).__name__}); not analysed")
        return []
    if ("*" in text or "<<" in text) and any(yaml_expanded_size(d) is None for d in docs):
        if notice is not None:
            notice(label, f"YAML aliases expand to more than {MAX_YAML_NODES:,} nodes or refer to "
                          "themselves (an alias bomb); not analysed")
        return []
    return docs


def yaml_line(node: Any, key: Any = None) -> int | None:
    """1-based line of a ruamel node (or of one of its keys / indexes), when known."""
    lc = getattr(node, "lc", None)
    if lc is None:
        return None
    try:
        if key is None:
            return int(lc.line) + 1
        if isinstance(key, int) and isinstance(node, list):
            return int(lc.item(key)[0]) + 1
        return int(lc.key(key)[0]) + 1
    except (KeyError, IndexError, TypeError, AttributeError):
        return int(lc.line) + 1 if getattr(lc, "line", None) is not None else None


# ---------------------------------------------------------------------- building an index
def _gitignore_walk(root: Path) -> tuple[list[str], list[Notice]]:
    """Every file below ``root``, respecting .gitignore files at every level; links not followed."""
    import pathspec

    files: list[str] = []
    notices: list[Notice] = []
    specs: list[tuple[str, Any]] = []  # (directory prefix, spec)

    def ignored(rel: str, is_dir: bool) -> bool:
        candidate = rel + "/" if is_dir else rel
        return any(candidate.startswith(prefix) and spec.match_file(candidate[len(prefix):]) for prefix, spec in specs)

    for dirpath, dirnames, filenames in os.walk(root, followlinks=False):
        rel_dir = os.path.relpath(dirpath, root)
        rel_dir = "" if rel_dir == "." else rel_dir.replace(os.sep, "/") + "/"
        if ".gitignore" in filenames:
            try:
                with open(os.path.join(dirpath, ".gitignore"), encoding="utf-8", errors="replace") as fh:
                    lines = fh.read(200_000).splitlines()
                try:
                    spec = pathspec.GitIgnoreSpec.from_lines(lines)
                except Exception:  # an invalid pattern (a lone "!"): git skips the line, so do we
                    from mlgate.patterns import compile_pattern

                    spec = pathspec.GitIgnoreSpec.from_lines(
                        [ln for ln in lines if not ln.strip() or ln.startswith("#") or compile_pattern(ln)])
                specs.append((rel_dir, spec))
            except OSError:
                notices.append(Notice(rel_dir + ".gitignore", "could not be read"))
        dirnames[:] = sorted(d for d in dirnames if d != ".git" and not ignored(rel_dir + d, True))
        for name in filenames:
            rel = rel_dir + name
            if "\n" in rel or "\r" in rel:
                notices.append(Notice(rel.replace("\n", "\\n").replace("\r", "\\r"),
                                      "file name contains a line break; skipped"))
                continue
            if not ignored(rel, False):
                files.append(rel)
    return files, notices


def build_index(path: str | os.PathLike[str], *, exclude: PathSet | None = None,
                use_git: bool = True, keep: PathSet | None = None) -> RepoIndex:
    """The index of the working tree at ``path``: tracked files when it is in a git repository,
    otherwise every file not ignored by a .gitignore. ``keep``: paths analysed even when they look
    vendored or generated (the configuration's ``paths.*``)."""
    root = Path(path)
    if use_git:
        from mlgate import git
        from mlgate.facts.vendored import git_attributes

        tracked = git.tracked_files(root)
        if tracked is not None:
            files, commit, prefix = tracked
            safe, notices = _safe_names(files)
            return RepoIndex(str(path), safe, FsSource(root, safe), exclude=exclude, commit=commit, notices=notices,
                             committed_pointers=lambda paths: git.lfs_pointer_blobs(root, paths),
                             filter_attributes=lambda paths: git.filter_attributes(root, paths, light=True), keep=keep,
                             attributes=lambda paths: git_attributes(root, paths), git_prefix=prefix)
    files, notices = _gitignore_walk(root)
    return RepoIndex(str(path), files, FsSource(root, files), exclude=exclude, notices=notices, keep=keep)


_UNPRINTABLE_NAME = lazyre.compile(r"[\ud800-\udfff]")


def _printable_names(files: Iterable[str]) -> tuple[list[str], list[Notice]]:
    """The sorted, distinct names that are valid text, and a notice (with the name escaped) for each
    that is not: a name that is not UTF-8 (git and os.walk keep its bytes as lone surrogates) could
    not be printed, written to JSON or put in a link, and would stop the report."""
    names = sorted(set(files))
    joined = "\0".join(names)
    if joined.isascii() or not _UNPRINTABLE_NAME.search(joined):
        return names, []
    from mlgate.render.escape import printable_name

    bad = [f for f in names if _UNPRINTABLE_NAME.search(f)]
    notices = [Notice(printable_name(f), "file name is not valid UTF-8; skipped") for f in bad]
    return [f for f in names if not _UNPRINTABLE_NAME.search(f)], notices


def _safe_names(files: Iterable[str]) -> tuple[list[str], list[Notice]]:
    safe: list[str] = []
    notices: list[Notice] = []
    for f in files:
        if "\n" in f or "\r" in f:
            notices.append(Notice(f.replace("\n", "\\n").replace("\r", "\\r"),
                                  "file name contains a line break; skipped"))
        else:
            safe.append(f)
    return safe, notices
