"""Which lines a pull request changed: unified-diff hunks, from the PR files API or from git.

Each hunk header says how many old and new lines follow (``@@ -a,b +c,d @@``), and a line inside a
hunk is read by that count, not by its look: an added line ``++ counter`` is shown as ``+++ counter``
and is content, not a file header. File names git quoted (``core.quotePath``: ``"b/donn\\303\\251es.py"``)
are unquoted as git quoted them (C escapes, octal bytes of UTF-8).
"""

from __future__ import annotations

import re

from mlgate import lazyre
from mlgate.repo import split_lines

_HUNK = lazyre.compile(r"^@@ -\d+(?:,(\d+))? \+(\d+)(?:,(\d+))? @@")
_ESCAPES = {"a": 7, "b": 8, "t": 9, "n": 10, "v": 11, "f": 12, "r": 13, '"': 34, "\\": 92}


def unquote_path(name: str) -> str:
    """A path as git printed it in a diff header: C-quoted when it holds special or non-ASCII bytes."""
    if len(name) < 2 or not (name.startswith('"') and name.endswith('"')):
        return name
    body, out, i = name[1:-1], bytearray(), 0
    while i < len(body):
        ch = body[i]
        if ch == "\\" and i + 1 < len(body):
            nxt = body[i + 1]
            if nxt in "0123" and re.fullmatch(r"[0-7]{3}", body[i + 1 : i + 4]):
                out.append(int(body[i + 1 : i + 4], 8))
                i += 4
                continue
            if nxt in _ESCAPES:
                out.append(_ESCAPES[nxt])
                i += 2
                continue
        out += ch.encode("utf-8", "surrogateescape")
        i += 1
    return out.decode("utf-8", "surrogateescape")


class _Reader:
    """A hunk-length state machine over the lines of one or many files' diffs."""

    def __init__(self) -> None:
        self.old_left = 0
        self.new_left = 0
        self.new_line = 0

    @property
    def in_hunk(self) -> bool:
        return self.old_left > 0 or self.new_left > 0

    def start(self, raw: str) -> bool:
        m = _HUNK.match(raw)
        if not m:
            return False
        self.old_left = int(m.group(1)) if m.group(1) is not None else 1
        self.new_line = int(m.group(2))
        self.new_left = int(m.group(3)) if m.group(3) is not None else 1
        return True

    def step(self, raw: str) -> int | None:
        """Consume one hunk line; the new-side line number when it adds a line."""
        if raw.startswith("\\"):  # "\ No newline at end of file"
            return None
        mark = raw[:1]
        if mark == "+" and self.new_left > 0:
            self.new_left -= 1
            self.new_line += 1
            return self.new_line - 1
        if mark == "-" and self.old_left > 0:
            self.old_left -= 1
            return None
        if mark in (" ", "") and self.old_left > 0 and self.new_left > 0:  # context ("" if trailing blanks were cut)
            self.old_left -= 1
            self.new_left -= 1
            self.new_line += 1
            return None
        self.old_left = self.new_left = 0  # a line the counts do not allow: the hunk is over
        return None


def added_lines(patch: str) -> set[int]:
    """Line numbers on the new side that a single file's patch adds or changes.

    Only these lines can carry a review comment on the RIGHT side for a new finding; context lines
    are not what the pull request changed.
    """
    lines: set[int] = set()
    reader = _Reader()
    for raw in split_lines(patch):
        if reader.in_hunk:
            added = reader.step(raw)
            if added is not None:
                lines.add(added)
            if reader.in_hunk or not raw or raw[0] in " +-\\":
                continue
        reader.start(raw)
    return lines


def parse_unified(text: str) -> dict[str, set[int]]:
    """A multi-file ``git diff`` -> {new path: added line numbers}; deleted files are left out."""
    out: dict[str, set[int]] = {}
    path: str | None = None
    reader = _Reader()
    for raw in split_lines(text):
        if reader.in_hunk:
            added = reader.step(raw)
            if added is not None and path is not None:
                out.setdefault(path, set()).add(added)
            if reader.in_hunk or not raw or raw[0] in " +-\\":
                continue
        if raw.startswith("diff --git "):
            path = None
        elif raw.startswith("+++ "):
            target = unquote_path(raw[4:].rstrip("\r").removesuffix("\t"))
            path = None if target == "/dev/null" else target.removeprefix("b/")
        elif reader.start(raw) and path is not None:
            out.setdefault(path, set())
    return out
