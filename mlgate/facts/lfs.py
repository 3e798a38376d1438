"""Git LFS facts: which paths ``.gitattributes`` routes through LFS, and pointer files.

- ``lfs_rules(index)``: every ``.gitattributes`` line that sets or unsets the ``filter`` attribute.
- ``lfs_rule_for(index, path)``: the last matching rule for a path (gitattributes: last match wins),
  or None; ``rule.lfs`` says whether it routes the path through LFS.
- ``is_pointer(head)``: the first bytes of a file are an LFS pointer
  (``version https://git-lfs.github.com/spec/v1``).
- ``pointer_oid(head)``: the ``sha256:<64 hex>`` of a pointer, or None.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from mlgate.patterns import matches
from mlgate.repo import RepoIndex

POINTER_MAGIC = b"version https://git-lfs.github.com/spec/v1"
_OID = re.compile(rb"^oid (sha256:[0-9a-f]{64})$", re.M)


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
        if matches(rule.pattern, rel):
            found = rule
    return found
