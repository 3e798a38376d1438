"""Regular expressions compiled on first use.

A pre-commit hook or a scan of a small repository is mostly start-up, and compiling the ~300 patterns that
mlgate's modules declare was a fifth of it (``re`` parses and compiles each in Python), although a hook uses
one in five of the patterns its modules declare. ``lazyre.compile`` takes the arguments of ``re.compile``
and returns a stand-in that compiles the pattern the first time one of its attributes is read, then keeps
the compiled pattern's methods and attributes as its own: later calls (``PATTERN.search(text)``) go straight
to the compiled pattern's C methods, as fast as before. It is meant for module-level patterns used through
their attributes; it is not a ``re.Pattern`` (``re.search(PATTERN, ...)`` and ``isinstance`` need the real
one: ``PATTERN.search(...)`` instead).
"""

from __future__ import annotations

import re
from typing import Any, AnyStr, cast

# What a compiled pattern offers, copied onto the stand-in once it is compiled.
_ATTRIBUTES = ("search", "match", "fullmatch", "finditer", "findall", "sub", "subn", "split", "scanner",
               "pattern", "flags", "groups", "groupindex")


class _Lazy:
    def __init__(self, pattern: Any, flags: int) -> None:
        self._source = (pattern, flags)

    def __getattr__(self, name: str) -> Any:  # only for attributes not yet copied: the first use
        if name.startswith("__"):
            raise AttributeError(name)
        compiled = re.compile(*self._source)
        for attr in _ATTRIBUTES:
            self.__dict__[attr] = getattr(compiled, attr)
        return getattr(compiled, name)

    def __repr__(self) -> str:
        return f"lazyre.compile({self._source[0]!r}, {self._source[1]})"


def compile(pattern: AnyStr, flags: int | re.RegexFlag = 0) -> re.Pattern[AnyStr]:
    """``re.compile(pattern, flags)``, compiled when first used."""
    return cast("re.Pattern[AnyStr]", _Lazy(pattern, int(flags)))
