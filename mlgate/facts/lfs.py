"""Git LFS facts: which paths ``.gitattributes`` routes through LFS, and pointer files.

- ``lfs_rules(index)``: every ``.gitattributes`` line that sets or unsets the ``filter`` attribute.
- ``lfs_rule_for(index, path)``: the last matching rule for a path (gitattributes: last match wins),
  or None; ``rule.lfs`` says whether it routes the path through LFS.
- ``routed_through_lfs(index, path)``: whether the path's ``filter`` attribute is ``lfs``, as git
  answers it (``git check-attr``) in a git work tree, else by the rules above. The fallback reads
  patterns as gitattributes does, not as gitignore: a pattern with a trailing slash matches nothing,
  a directory pattern does not cover the files inside, and a pattern may be C-quoted.
- ``is_pointer(head)``: the first bytes of a file are an LFS pointer
  (``version https://git-lfs.github.com/spec/v1``).
- ``pointer_oid(head)``: the ``sha256:<64 hex>`` of a pointer, or None.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable

from mlgate import lazyre
from mlgate.records import dataclass
from mlgate.repo import RepoIndex

POINTER_MAGIC = b"version https://git-lfs.github.com/spec/v1"
_OID = lazyre.compile(rb"^oid (sha256:[0-9a-f]{64})$", re.M)


def is_pointer(head: bytes) -> bool:
    return head.startswith(POINTER_MAGIC)


def pointer_oid(head: bytes) -> str | None:
    m = _OID.search(head) if is_pointer(head) else None
    return m.group(1).decode() if m else None


@dataclass(frozen=True)
class LfsRule:
    path: str  # the .gitattributes file
    line: int
    pattern: str
    lfs: bool  # filter=lfs (True) or an unset/other filter (False)

    @property
    def folder(self) -> str:
        return self.path.rsplit("/", 1)[0] + "/" if "/" in self.path else ""


def lfs_rules(index: RepoIndex) -> list[LfsRule]:
    def compute() -> list[LfsRule]:
        out: list[LfsRule] = []
        for path in sorted(index.named(".gitattributes"), key=lambda p: (p.count("/"), p)):
            for lineno, raw in enumerate(index.lines(path), start=1):
                line = raw.strip()
                if not line or line.startswith("#") or line.startswith("[attr]"):
                    continue
                if line.startswith('"'):  # a C-quoted pattern: "weird name.bin" filter=lfs
                    end = re.search(r'(?<!\\)(?:\\\\)*"', line[1:])
                    if end is None:
                        continue
                    from mlgate.github.diff import unquote_path  # rare: not imported by every check

                    pattern, attrs = unquote_path(line[: end.end() + 1]), line[end.end() + 1 :].split()
                else:
                    parts = line.split()
                    pattern, attrs = parts[0], parts[1:]
                for attr in attrs:
                    if attr.startswith("filter="):
                        out.append(LfsRule(path, lineno, pattern, attr == "filter=lfs"))
                    elif attr in ("-filter", "!filter"):
                        out.append(LfsRule(path, lineno, pattern, False))
        return out

    return index.memo("lfs-rules", compute)


def lfs_rule_for(index: RepoIndex, path: str) -> LfsRule | None:
    found = None
    for rule in lfs_rules(index):  # shallower files first, then line order: the last match wins
        if rule.folder and not path.startswith(rule.folder):
            continue
        rel = path[len(rule.folder) :]
        if attr_pattern_matches(rule.pattern, rel):
            found = rule
    return found


def routed_through_lfs(index: RepoIndex, path: str) -> bool:
    """Whether git sends ``path`` through the LFS filter (``filter=lfs``)."""
    return lfs_router(index)(path)


def lfs_router(index: RepoIndex) -> Callable[[str], bool]:
    """``routed_through_lfs`` for many paths (data-lfs asks it of every file): git's answers looked up once."""
    answers = index.memo("lfs-git-attributes", lambda: index.git_filter_attributes(
        [p for p in index.files if not p.endswith(".gitattributes")]) if lfs_rules(index) else {})
    if answers is not None:
        return lambda path: answers.get(path) == "lfs"

    def by_rules(path: str) -> bool:
        rule = lfs_rule_for(index, path)
        return rule is not None and rule.lfs

    return by_rules


@functools.lru_cache(maxsize=1024)
def _attr_regex(pattern: str) -> re.Pattern[str] | None:
    """A gitattributes pattern (git's wildmatch) as a regular expression over the path relative to the
    attributes file's folder; None for a pattern that matches no file."""
    if not pattern or pattern.endswith("/") or pattern.startswith("!"):
        return None  # git: a trailing slash matches nothing here; negative patterns are refused
    anchored = "/" in pattern
    pattern = pattern.lstrip("/") if anchored else pattern
    out, i = [], 0
    while i < len(pattern):
        c = pattern[i]
        if pattern.startswith("**", i) and (i == 0 or pattern[i - 1] == "/") and \
                (i + 2 == len(pattern) or pattern[i + 2] == "/"):
            if i + 2 == len(pattern):  # trailing "/**": everything inside
                out.append(".*")
                i += 2
            else:  # "**/": zero or more folders
                out.append("(?:.*/)?")
                i += 3
            continue
        if c == "*":
            while pattern.startswith("*", i):
                i += 1
            out.append("[^/]*")
            continue
        if c == "?":
            out.append("[^/]")
        elif c == "[":
            end = pattern.find("]", i + 2 if pattern[i + 1 : i + 2] in ("!", "^", "]") else i + 1)
            if end < 0:
                out.append(re.escape(c))
            else:
                body = pattern[i + 1 : end]
                negate = body[:1] in ("!", "^")
                body = body[1:] if negate else body
                out.append("[" + ("^/" if negate else "") + body.replace("\\", "\\\\") + "]")
                i = end
        elif c == "\\" and i + 1 < len(pattern):
            i += 1
            out.append(re.escape(pattern[i]))
        else:
            out.append(re.escape(c))
        i += 1
    body = "".join(out)
    try:
        return re.compile(body if anchored else "(?:.*/)?" + body, re.S)
    except re.error:
        return None


def attr_pattern_matches(pattern: str, rel: str) -> bool:
    """Whether a ``.gitattributes`` pattern applies to the file ``rel`` (relative to its folder)."""
    regex = _attr_regex(pattern)
    return regex is not None and regex.fullmatch(rel) is not None
