"""Which lines a pull request changed: unified-diff hunks, from the PR files API or from git."""

from __future__ import annotations

import re

from mlgate.repo import split_lines

_HUNK = re.compile(r"^@@ -\d+(?:,\d+)? \+(\d+)(?:,(\d+))? @@")


def added_lines(patch: str) -> set[int]:
    """Line numbers on the new side that a single file's patch adds or changes.

    Only these lines can carry a review comment on the RIGHT side for a new finding; context lines
    are not what the pull request changed.
    """
    lines: set[int] = set()
    new_line = 0
    in_hunk = False
    for raw in split_lines(patch):
        m = _HUNK.match(raw)
        if m:
            new_line = int(m.group(1))
            in_hunk = True
            continue
        if not in_hunk or raw.startswith("\\"):  # "\ No newline at end of file"
            continue
        if raw.startswith("+"):
            lines.add(new_line)
            new_line += 1
        elif raw.startswith("-"):
            continue
        else:
            new_line += 1
    return lines


def parse_unified(text: str) -> dict[str, set[int]]:
    """A multi-file ``git diff`` -> {new path: added line numbers}; deleted files are left out."""
    out: dict[str, set[int]] = {}
    path: str | None = None
    chunk: list[str] = []

    def flush() -> None:
        if path is not None:
            out.setdefault(path, set()).update(added_lines("\n".join(chunk)))

    for raw in split_lines(text):
        if raw.startswith("diff --git "):
            flush()
            path, chunk = None, []
            continue
        if raw.startswith("+++ "):
            target = raw[4:].strip()
            if target.startswith('"') and target.endswith('"'):
                target = target[1:-1]
            path = None if target == "/dev/null" else (target[2:] if target.startswith("b/") else target)
            continue
        if raw.startswith("--- "):
            continue
        chunk.append(raw)
    flush()
    return out
