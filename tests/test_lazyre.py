"""Patterns compiled on first use (mlgate.lazyre) answer as re's own do, and every one mlgate declares
compiles: an invalid pattern would otherwise only fail when a rule first used it."""

from __future__ import annotations

import importlib
import pkgutil
import re
from pathlib import Path
from typing import Any

import pytest

import mlgate
from mlgate import lazyre


def test_a_lazy_pattern_answers_as_the_compiled_one(monkeypatch: pytest.MonkeyPatch) -> None:
    compiled: list[str] = []
    real = re.compile

    def counting(pattern: Any, flags: int = 0) -> Any:
        compiled.append(pattern)
        return real(pattern, flags)

    monkeypatch.setattr(re, "compile", counting)
    monkeypatch.setattr(lazyre, "_programs", {})  # no program kept from an earlier run
    lazy = lazyre.compile(r"(?P<key>\w+)\s*=\s*(\d+)", re.I | re.M)
    assert compiled == []  # nothing compiled until it is used
    eager = real(r"(?P<key>\w+)\s*=\s*(\d+)", re.I | re.M)
    text = "a = 1\nB=22\nc: 3"
    assert lazy.search(text)[0] == eager.search(text)[0]  # type: ignore[index]
    assert [m.span() for m in lazy.finditer(text)] == [m.span() for m in eager.finditer(text)]
    assert lazy.findall(text) == eager.findall(text) == [("a", "1"), ("B", "22")]
    assert lazy.sub(r"\g<key>:", text) == eager.sub(r"\g<key>:", text)
    assert lazy.match("c") is None and lazy.fullmatch("x=9") is not None
    assert (lazy.pattern, lazy.flags, lazy.groups, lazy.groupindex) == (
        eager.pattern, eager.flags, eager.groups, eager.groupindex)
    assert lazy.split(text) == eager.split(text)
    assert compiled == [r"(?P<key>\w+)\s*=\s*(\d+)"]  # once
    assert lazyre.compile(rb"^oid (\w+)$", re.M).findall(b"x\noid abc\n") == [b"abc"]


def test_an_invalid_pattern_fails_when_used() -> None:
    broken = lazyre.compile(r"(unclosed")
    with pytest.raises(re.error):
        broken.search("x")


def _lazy_patterns(value: Any, depth: int = 0) -> list[Any]:
    if type(value).__name__ == "_Lazy":
        return [value]
    if depth < 2 and isinstance(value, (tuple, list)):
        return [p for v in value for p in _lazy_patterns(v, depth + 1)]
    if depth < 2 and isinstance(value, dict):
        return [p for v in value.values() for p in _lazy_patterns(v, depth + 1)]
    return []


def test_every_pattern_mlgate_declares_compiles() -> None:
    found = 0
    for info in pkgutil.walk_packages(mlgate.__path__, "mlgate."):
        if info.name.endswith("__main__"):
            continue
        module = importlib.import_module(info.name)
        for name, value in vars(module).items():
            for pattern in _lazy_patterns(value):
                found += 1
                assert isinstance(pattern.pattern, (str, bytes)), f"{info.name}.{name}"  # compiles it
    assert found > 200


def _declared() -> list[tuple[Any, int]]:
    out = []
    for info in pkgutil.walk_packages(mlgate.__path__, "mlgate."):
        if not info.name.endswith("__main__"):
            for value in vars(importlib.import_module(info.name)).values():
                out.extend(p._source for p in _lazy_patterns(value))
    return sorted(set(out), key=repr)


def test_a_kept_program_makes_the_pattern_re_makes(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The second run takes each pattern's program from the cache folder, compiles none, and gets patterns
    equal to re.compile's (same text, flags and program) for every pattern mlgate declares."""
    monkeypatch.setenv("MLGATE_CACHE_DIR", str(tmp_path))
    monkeypatch.delenv("MLGATE_NO_CACHE", raising=False)
    declared = _declared()
    monkeypatch.setattr(lazyre, "_programs", None)
    first = [lazyre._compile(p, f) for p, f in declared]  # a first run: compiled, programs kept
    lazyre._store()
    monkeypatch.setattr(lazyre, "_programs", None)
    compiled: list[Any] = []
    real = re.compile
    monkeypatch.setattr(re, "compile", lambda *a: compiled.append(a) or real(*a))
    second = [lazyre._compile(p, f) for p, f in declared]
    assert compiled == [] and len(declared) > 200
    for (pattern, flags), a, b in zip(declared, first, second, strict=True):
        assert a == b == real(pattern, flags), pattern


def test_a_cache_file_others_may_write_is_not_read(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("MLGATE_CACHE_DIR", str(tmp_path))
    monkeypatch.delenv("MLGATE_NO_CACHE", raising=False)
    monkeypatch.setattr(lazyre, "_programs", None)
    lazyre._compile(r"kept (\d+)", 0)
    lazyre._store()
    path = Path(str(lazyre._path()))
    path.chmod(0o666)
    monkeypatch.setattr(lazyre, "_programs", None)
    assert lazyre._load() == {}
    path.chmod(0o600)
    monkeypatch.setattr(lazyre, "_programs", None)
    assert (r"kept (\d+)", 0) in lazyre._load()
    path.write_bytes(b"\x00broken")
    monkeypatch.setattr(lazyre, "_programs", None)
    assert lazyre._load() == {} and lazyre._compile(r"kept (\d+)", 0).search("kept 12")[1] == "12"



def _guarded_patterns() -> list[tuple[str, Any]]:
    out = []
    for info in pkgutil.walk_packages(mlgate.__path__, "mlgate."):
        if not info.name.endswith("__main__"):
            for name, value in vars(importlib.import_module(info.name)).items():
                out.extend((f"{info.name}.{name}", p) for p in _lazy_patterns(value) if p.needs)
    return out


def test_a_guarded_pattern_answers_at_once_without_its_needs() -> None:
    asked: list[str] = []

    def search(text: str) -> re.Match[str] | None:
        asked.append(text)
        return re.search(r"(^|/)buildspec[\w.-]*\.ya?ml$", text)

    guarded = lazyre._guarded(search, ("buildspec",))
    assert guarded("src/train.py") is None and asked == []
    assert guarded("ci/buildspec-test.yaml") is not None and asked == ["ci/buildspec-test.yaml"]
    lazy = lazyre.compile(r"(^|/)(docker-)?compose[\w.-]*\.ya?ml$", needs=("compose",))
    assert lazy.search("a/docker-compose.yml").span() == (1, 20)  # type: ignore[union-attr]
    assert lazy.match("compose.yaml") and lazy.fullmatch("x/compose.yaml", 1) and lazy.search("a.py") is None
    with pytest.raises(ValueError):
        lazyre.compile(rb"x", needs=("x",))


def _same_answers(name: str, lazy: Any) -> None:
    from hypothesis import HealthCheck, given, settings
    from hypothesis import strategies as st

    plain = re.compile(*lazy._source)
    words = set(re.findall(r"[A-Za-z_]+", lazy.pattern)) | set(lazy.needs)
    words |= {w[:-1] for w in lazy.needs if len(w) > 1} | {w.upper() for w in words} | {w.title() for w in words}
    pieces = sorted(words | {"/", ".", "_", "-", "py", ".py", ".PY", "yml", ".yaml", ".txt", ".in", "\n", "1",
                             "s", "data", "src", "\u017f", "\u0131", "\u0130", "\u212a", "\u00e9"})

    @settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow], database=None)
    @given(st.one_of(st.from_regex(plain), st.from_regex(plain, fullmatch=True),
                     st.lists(st.sampled_from(pieces), max_size=8).map("".join)))
    def same(text: str) -> None:
        for method in ("search", "match", "fullmatch"):
            a, b = getattr(lazy, method)(text), getattr(plain, method)(text)
            assert (a and a.span()) == (b and b.span()), (name, method, text)

    same()


def test_every_declared_guard_is_exact() -> None:
    """Every ``needs`` of a declared pattern holds: search, match and fullmatch answer as the plain pattern on
    texts it matches (hypothesis' ``from_regex``: any case a case-insensitive pattern allows) and on texts made
    of the pattern's own words, near misses of its needs (each without its last character, other cases, the
    characters that match an ASCII letter under IGNORECASE) and path pieces."""
    guarded = _guarded_patterns()
    assert len(guarded) >= 10
    for name, lazy in guarded:
        _same_answers(name, lazy)


def test_searches_from_declared_starts_answer_as_search() -> None:
    """A pattern searched only from the words its matches start with (``lazyre.search_from``) finds what
    ``search`` finds: texts it matches (hypothesis' ``from_regex``, so with text before and after) and texts of
    its own words."""
    from hypothesis import HealthCheck, given, settings
    from hypothesis import strategies as st

    from mlgate.rules import rollout

    for lazy, starts in ((rollout._REQUEST, rollout._REQUEST_STARTS),):
        plain = re.compile(*lazy._source)  # type: ignore[attr-defined]
        words = sorted(set(re.findall(r"[A-Za-z_]+", plain.pattern)) | set(starts) | {" ", "\n", "-", ".", "x"})

        @settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow], database=None)
        @given(st.one_of(st.from_regex(plain), st.lists(st.sampled_from(words), max_size=10).map("".join)))
        def same(text: str) -> None:
            assert lazyre.search_from(lazy, text, starts) == (plain.search(text) is not None), text  # noqa: B023

        same()
