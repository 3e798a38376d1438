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
from collections.abc import Callable
from typing import Any, AnyStr, cast

# What a compiled pattern offers, copied onto the stand-in once it is compiled.
_ATTRIBUTES = ("search", "match", "fullmatch", "finditer", "findall", "sub", "subn", "split", "scanner",
               "pattern", "flags", "groups", "groupindex")


class _Lazy:
    def __init__(self, pattern: Any, flags: int, needs: tuple[str, ...] = ()) -> None:
        self._source = (pattern, flags)
        self.needs = needs

    def __getattr__(self, name: str) -> Any:  # only for attributes not yet copied: the first use
        if name.startswith("__"):
            raise AttributeError(name)
        compiled = _compile(*self._source)
        for attr in _ATTRIBUTES:
            self.__dict__[attr] = getattr(compiled, attr)
        if self.needs:
            for attr in _GUARDED:
                self.__dict__[attr] = _guarded(getattr(compiled, attr), self.needs)
        return getattr(compiled, name)

    def __repr__(self) -> str:
        return f"lazyre.compile({self._source[0]!r}, {self._source[1]})"


def compile(pattern: AnyStr, flags: int | re.RegexFlag = 0, *, needs: tuple[str, ...] = ()) -> re.Pattern[AnyStr]:
    """``re.compile(pattern, flags)``, compiled when first used.

    ``needs``: strings of which every match holds one. ``search``, ``match`` and ``fullmatch`` then answer
    None at once for a text that holds none of them, without the pattern. A pattern with no literal start
    (a path's ``(^|/)buildspec[\\w.-]*\\.ya?ml$``) is tried at every position of the text, ~1 us a path, and
    the sweeps of every file asked ten of them of each path: ~6% of the 10,000-file tree's scan. Only for
    patterns of ``str``; for a case-insensitive one, every spelling a match may have (``.py``, ``.PY``,
    ``.Py``, ``.pY``). tests/test_lazyre.py checks every declared pattern's ``needs`` against its matches."""
    if needs and (not isinstance(pattern, str) or not all(needs)):
        raise ValueError(f"needs: non-empty strings, for a pattern of str: {needs!r}")
    return cast("re.Pattern[AnyStr]", _Lazy(pattern, int(flags), tuple(needs)))


_GUARDED = ("search", "match", "fullmatch")


def _guarded(method: Callable[..., Any], needs: tuple[str, ...]) -> Callable[..., Any]:
    """``method`` (a compiled pattern's search, match or fullmatch), answered None for a text without any of
    ``needs``: then no match can be found, wherever it is looked for (``pos``, ``endpos``)."""
    if len(needs) == 1:
        word = needs[0]

        def one(string: str, *args: Any, **kwargs: Any) -> Any:
            return method(string, *args, **kwargs) if word in string else None

        return one

    def any_of(string: str, *args: Any, **kwargs: Any) -> Any:
        for word in needs:
            if word in string:
                return method(string, *args, **kwargs)
        return None

    return any_of


# ---------------------------------------------------------------------- compiled programs kept between runs
# ``re`` parses a pattern and compiles it to the regular expression engine's program in Python (~0.1 ms a
# pattern, 40-100 patterns a run: 5-10% of a hook). As mlgate.records keeps dataclasses' compiled code, the
# program is kept in mlgate's cache folder, keyed by the pattern, its flags and the engine's version, and
# handed to the engine (``_sre.compile``, which checks it) the next time: the pattern object is the one
# ``re.compile`` makes (equal to it, a test checks every pattern mlgate declares). Python 3.11+ (``re._parser``);
# anything unexpected falls back to ``re.compile``. ``MLGATE_NO_CACHE=1`` turns it off.
_MAX_ENTRIES = 600  # past it (patterns of older versions), only this run's are kept
_programs: dict[Any, Any] | None = None  # (pattern, flags) -> the arguments of _sre.compile after the pattern
_used: set[Any] = set()
_added = False


def _compile(pattern: Any, flags: int) -> Any:
    programs = _load() if _programs is None else _programs
    args = programs.get((pattern, flags))
    _used.add((pattern, flags))
    if args is not None:
        try:
            import _sre  # type: ignore[import-not-found,unused-ignore]

            final, code, groups, groupindex, indexgroup = args
            return _sre.compile(pattern, final, memoryview(code).cast("I").tolist(), groups, groupindex, indexgroup)
        except Exception:  # a program this engine refuses: compile the pattern
            del programs[(pattern, flags)]
    compiled = re.compile(pattern, flags)
    if _path() is not None and not flags & re.DEBUG:
        _remember(programs, pattern, flags, compiled)
    return compiled


def _remember(programs: dict[Any, Any], pattern: Any, flags: int, compiled: re.Pattern[Any]) -> None:
    """What re._compiler.compile hands the engine for ``pattern``, kept when it makes the same pattern."""
    global _added
    try:
        import _sre  # type: ignore[import-not-found,unused-ignore]
        from array import array
        from re import _compiler, _parser  # type: ignore[attr-defined,unused-ignore]

        parsed = _parser.parse(pattern, flags)
        indexgroup: list[str | None] = [None] * parsed.state.groups
        for name, i in parsed.state.groupdict.items():
            indexgroup[i] = name
        code = _compiler._code(parsed, flags)
        args = (int(flags | parsed.state.flags), memoryview(array("I", code)).tobytes(), parsed.state.groups - 1,
                dict(parsed.state.groupdict), tuple(indexgroup))  # the program as bytes: read in one copy
        if _sre.compile(pattern, args[0], code, *args[2:]) != compiled:
            return
    except Exception:  # another Python's re: no program kept
        return
    if not _added:
        import atexit

        atexit.register(_store)
    _added = True
    programs[(pattern, flags)] = args


def _path() -> str | None:
    from mlgate.cache import directory

    where = directory()
    if where is None:
        return None
    import os
    import sys

    return os.path.join(where, f"regex-{sys.implementation.cache_tag}-{getattr(re, '_constants', re).MAGIC}.marshal")


def _load() -> dict[Any, Any]:
    global _programs
    _programs = {}
    path = _path()
    if path is None:
        return _programs
    import marshal

    from mlgate.cache import read_private

    data = read_private(path)  # another user's, or one others may write, is never handed to the engine
    if data is None:
        return _programs
    try:
        loaded = marshal.loads(data)
    except (ValueError, EOFError, TypeError, AttributeError):
        return _programs
    if isinstance(loaded, dict):
        _programs.update((k, v) for k, v in loaded.items() if isinstance(k, tuple) and isinstance(v, tuple))
    return _programs


def _store() -> None:
    path = _path()
    if path is None or _programs is None:
        return
    import marshal

    from mlgate.cache import write_private

    programs = _programs
    if len(programs) > _MAX_ENTRIES:
        programs = {k: v for k, v in programs.items() if k in _used}
    try:
        data = marshal.dumps(programs)
    except ValueError:  # pragma: no cover - every key and value is a marshallable tuple
        return
    write_private(path, data)


def search_from(pattern: re.Pattern[str], text: str, starts: tuple[str, ...], folded: str | None = None) -> bool:
    """Whether ``pattern.search(text)`` finds something, given that every match starts with one of ``starts``:
    the pattern is tried only where ``text`` spells one (``match`` at a position reads the characters before it
    as ``search`` does, ``\\b`` included). A pattern with no literal start (an alternation, ``\\b``, a
    case-insensitive one) is tried by ``search`` at every position, ~0.3 us a character. ``folded``: a text
    with one character per character of ``text`` where the starts are looked for (its lower case, for a
    case-insensitive pattern whose starts are written in lower case)."""
    where = text if folded is None else folded
    for word in starts:
        at = where.find(word)
        while at != -1:
            if pattern.match(text, at):
                return True
            at = where.find(word, at + 1)
    return False
