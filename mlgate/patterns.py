"""Gitignore-style path patterns (pathspec), shared by config globs, CODEOWNERS and .gitattributes."""

from __future__ import annotations

import functools
from collections.abc import Iterable
from typing import Any

import pathspec

try:  # pathspec >= 1.0
    from pathspec.patterns.gitignore.spec import GitIgnoreSpecPattern as _Pattern
except ImportError:  # pragma: no cover - pathspec 0.12
    from pathspec.patterns.gitwildmatch import GitWildMatchPattern as _Pattern


@functools.lru_cache(maxsize=4096)
def compile_pattern(pattern: str) -> Any:
    """One gitignore-style pattern, or None when it is not a valid pattern."""
    try:
        compiled = _Pattern(pattern)
    except Exception:  # pathspec raises several error types for malformed patterns
        return None
    return compiled if compiled.include is not None else None


def matches(pattern: str, path: str, *, owners_file: bool = False) -> bool:
    """Whether a gitignore-style pattern matches a file path.

    With ``owners_file`` the CODEOWNERS reading applies: ``docs/*`` matches the files directly
    in ``docs/`` but not those in its subdirectories (GitHub's documented exception to gitignore).
    """
    compiled = compile_pattern(pattern)
    if compiled is None:
        return False
    result = compiled.match_file(path)
    if result is None:
        return False
    if owners_file and pattern.endswith("/*"):
        match = getattr(result, "match", None)
        if match is not None and match.end() < len(path):
            return False
    return True


class PathSet:
    """A set of gitignore-style patterns (``paths.exclude``, ``paths.model-spec`` ...)."""

    def __init__(self, patterns: Iterable[str]) -> None:
        self.patterns = tuple(patterns)
        self._spec = pathspec.GitIgnoreSpec.from_lines(self.patterns) if self.patterns else None

    def __bool__(self) -> bool:
        return self._spec is not None

    def match(self, path: str) -> bool:
        return self._spec is not None and self._spec.match_file(path)

    def filter(self, paths: Iterable[str]) -> list[str]:
        return [p for p in paths if self.match(p)]
