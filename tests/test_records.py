"""mlgate's records are the standard dataclasses, built from code kept between runs (mlgate.records): the
second run compiles nothing and its records behave exactly as the first run's, and a cache file that is
broken, or that someone else could have written, is never run."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[1]

# Builds records of mlgate (model, config, catalog, facts) and of its own, and prints what they do.
PROBE = r"""
import dataclasses, sys
import mlgate.records as records
from mlgate.model import Confidence, Finding, Level, Notice
from mlgate.facts.dvc import Stage

@records.dataclass(frozen=True)
class Probe:
    name: str
    tags: list = dataclasses.field(default_factory=list)
    hidden: int = dataclasses.field(default=0, repr=False, compare=False)

f = Finding("a.pt", 3, "m", "fix it", Level.PARTIAL)
g = dataclasses.replace(f, confidence=Confidence.MEDIUM)
p = Probe("x")
try:
    p.name = "y"
    frozen = False
except dataclasses.FrozenInstanceError:
    frozen = True
same = dataclasses.replace(g, confidence=f.confidence)
print(repr(f), f == Finding("a.pt", 3, "m", "fix it", Level.PARTIAL), f != g, hash(f) == hash(same))
print(repr(p), p == Probe("x", [], 5), p.tags is not Probe("x").tags, frozen, repr(Notice("a", "b")))
names = sorted(f.name for f in dataclasses.fields(Stage))
print(names == sorted(Stage.__dataclass_fields__), Probe.__init__.__qualname__)
print("COMPILED", len(records._new), file=sys.stderr)  # modules with a class compiled in this run
"""


def _probe(cache: Path, **env: str) -> tuple[str, int]:
    proc = subprocess.run([sys.executable, "-c", PROBE], capture_output=True, text=True, timeout=120,
                          env={**os.environ, "PYTHONPATH": str(ROOT), "MLGATE_CACHE_DIR": str(cache),
                               "PYTHONHASHSEED": "0", **env})
    assert proc.returncode == 0, proc.stderr
    compiled = int(proc.stderr.split("COMPILED")[-1].split()[0])
    return proc.stdout, compiled


def test_the_second_run_compiles_nothing_and_its_records_behave_the_same(tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    first, compiled_first = _probe(cache)
    assert compiled_first >= 3  # mlgate.model, facts.dvc, ... and the probe's own module
    files = sorted((cache / f"records-{sys.implementation.cache_tag}").iterdir())
    assert "mlgate.model.marshal" in [f.name for f in files]
    assert all(f.stat().st_mode & 0o077 == 0 for f in files)  # this user's only
    second, compiled_second = _probe(cache)
    assert compiled_second == 0
    assert second == first
    lines = first.splitlines()
    assert lines[0].startswith("Finding(path='a.pt', line=3, message='m', remediation='fix it', level=<Level.PARTIAL")
    assert lines[0].endswith(" True True True")
    assert lines[1] == "Probe(name='x', tags=[]) True True True Notice(path='a', message='b')"
    assert lines[2] == "True Probe.__init__"
    uncached, _ = _probe(tmp_path / "none", MLGATE_NO_CACHE="1")
    assert uncached == first
    assert not (tmp_path / "none").exists()


def test_a_cache_file_others_could_write_or_a_broken_one_is_not_run(tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    first, _ = _probe(cache)
    model = cache / f"records-{sys.implementation.cache_tag}" / "mlgate.model.marshal"
    model.chmod(0o666)
    assert _probe(cache)[0] == first  # compiled again rather than read from it
    model.write_bytes(model.read_bytes()[:40])  # cut short
    model.chmod(0o600)
    again, compiled = _probe(cache)
    assert again == first and compiled >= 1
    assert _probe(cache)[1] == 0  # rewritten whole


def test_a_record_without_a_docstring_reads_the_one_dataclasses_writes() -> None:
    """records.dataclass writes a record's signature docstring when it is read, not at start-up: the text is
    the standard decorator's, a record's own docstring is kept, and the class still works."""
    import dataclasses

    from mlgate import records

    def declare(decorator: object) -> type:
        class Probe:
            name: str
            line: int | None = None
            tags: list[str] = dataclasses.field(default_factory=list)

        return decorator(frozen=True)(Probe)  # type: ignore[operator,no-any-return]

    ours, standard = declare(records.dataclass), declare(dataclasses.dataclass)
    assert ours.__doc__ == standard.__doc__ == ("Probe(name: 'str', line: 'int | None' = None, "
                                                "tags: 'list[str]' = <factory>)")
    assert ours("x").__doc__ == standard.__doc__
    assert ours("x", 3) == ours("x", 3) and repr(ours("x")).endswith("Probe(name='x', line=None, tags=[])")
    from mlgate.model import Finding

    assert Finding.__doc__ is not None and Finding.__doc__.startswith("One thing to fix")


def test_inspect_runs_when_first_used_and_works_as_imported() -> None:
    """On Python 3.11 mlgate's modules load without running ``inspect`` (dataclasses imports it for a
    docstring mlgate writes on first read); the first name read runs it, and it is the whole module."""
    code = (
        "import sys\nimport mlgate.config, mlgate.engine, mlgate.hooks\n"
        "module = sys.modules['inspect']\n"
        "print('RAN' if 'signature' in vars(module) else 'DEFERRED')\n"
        "import inspect\nfrom inspect import getsource\n"
        "print(inspect is module, str(inspect.signature(mlgate.hooks.run_hook)).startswith('(hook: '),\n"
        "      'def run_hook' in getsource(mlgate.hooks.run_hook), inspect.isclass(int))\n"
        "from mlgate.model import Notice\nprint(Notice.__doc__)\n"
    )
    proc = subprocess.run([sys.executable, "-c", code], env={**os.environ, "PYTHONPATH": str(ROOT)},
                          capture_output=True, text=True, timeout=60)
    expected = "DEFERRED" if sys.version_info < (3, 12) else "RAN"
    assert proc.stdout.splitlines()[:2] == [expected, "True True True True"], proc.stdout + proc.stderr


# Every record mlgate declares, described as the class dataclasses built it: its attributes, signature, fields,
# parameters and docstring. Run with mlgate's decorator, each record built by reading its fields; or with the
# standard decorator put in its place before mlgate is imported.
DESCRIBE = r"""
import dataclasses, inspect, importlib, pkgutil, sys
if sys.argv[1] == "standard":
    import mlgate.records
    mlgate.records.dataclass = dataclasses.dataclass
import mlgate
names = sorted(m.name for m in pkgutil.walk_packages(mlgate.__path__, "mlgate.") if not m.name.endswith("__main__"))
records = {}
for name in names:
    module = importlib.import_module(name)
    for value in list(vars(module).values()):
        if isinstance(value, type) and value.__module__ == name and "__dataclass_fields__" in value.__dict__:
            records[f"{name}.{value.__qualname__}"] = value
pending = sum(1 for c in records.values() if type(c.__dict__["__init__"]).__name__ == "_Pending")
print("PENDING", pending, "OF", len(records), file=sys.stderr)
for key, cls in sorted(records.items()):
    def show(value):
        return "MISSING" if value is dataclasses.MISSING else getattr(value, "__qualname__", None) or repr(value)
    fields = [(f.name, f.type, show(f.default), show(f.default_factory), f.init, f.repr, f.hash, f.compare,
               f.kw_only, f._field_type) for f in dataclasses.fields(cls)]
    attrs = sorted((k, type(v).__name__, getattr(v, "__qualname__", None)) for k, v in vars(cls).items()
                   if k not in ("__doc__", "__dict__", "__weakref__"))
    print(key, fields, attrs, inspect.signature(cls), cls.__dataclass_params__, cls.__match_args__,
          cls.__hash__ is None, cls.__doc__, [show(getattr(cls, f[0], "-")) for f in fields])
"""


def test_every_record_is_pending_until_used_and_then_the_class_the_standard_decorator_builds() -> None:
    """mlgate's decorator builds a record when it is first read (here by ``dataclasses.fields``): after that,
    each of mlgate's records has the attributes, signature, fields, parameters, defaults and docstring that the
    standard decorator gives it."""
    def describe(which: str) -> tuple[str, str]:
        proc = subprocess.run([sys.executable, "-c", DESCRIBE, which], capture_output=True, text=True, timeout=120,
                              env={**os.environ, "PYTHONPATH": str(ROOT), "MLGATE_NO_CACHE": "1"})
        assert proc.returncode == 0, proc.stderr
        return proc.stdout, proc.stderr

    ours, counts = describe("ours")
    standard, _ = describe("standard")
    assert ours == standard
    pending, total = (int(n) for n in counts.split("PENDING")[1].split("OF"))
    # all but the few made as a module is imported (the tables of hooks, fixers, rubric tests) or declared with the
    # standard decorator (github.action's)
    assert total >= 100 and pending >= 0.9 * total


def test_a_pending_record_is_built_by_whatever_reads_it() -> None:
    """Each way of reading a record's class builds it first, and answers as the built class does."""
    import dataclasses
    import inspect

    from mlgate import records

    def declare() -> Any:
        @records.dataclass(frozen=True)
        class Probe:
            name: str
            line: int | None = None
            tags: tuple[str, ...] = dataclasses.field(default_factory=tuple)
            hidden: int = dataclasses.field(default=7, repr=False, compare=False)

        assert type(Probe.__dict__["__init__"]).__name__ == "_Pending"
        return Probe

    probe = declare()
    made = probe("x")
    assert repr(made).endswith(".Probe(name='x', line=None, tags=())") and made == probe("x", hidden=3)
    assert hash(made) == hash(probe("x"))
    with pytest.raises(dataclasses.FrozenInstanceError):
        made.name = "y"
    assert [f.name for f in dataclasses.fields(declare())] == ["name", "line", "tags", "hidden"]
    assert dataclasses.is_dataclass(declare())
    assert declare().hidden == 7
    with pytest.raises(AttributeError):
        declare().tags  # noqa: B018  (dataclasses removes a default made by a factory from the class)
    assert str(inspect.signature(declare())).startswith("(name: 'str', line: 'int | None' = None, tags:")
    assert declare().__doc__ == "Probe(name: 'str', line: 'int | None' = None, tags: 'tuple[str, ...]' = <factory>, " \
                                "hidden: 'int' = 7)"
    assert declare().__match_args__ == ("name", "line", "tags", "hidden")
    base = declare()

    @records.dataclass(frozen=True)
    class Child(base):  # type: ignore[valid-type,misc]
        extra: int = 0

    assert [f.name for f in dataclasses.fields(Child)] == ["name", "line", "tags", "hidden", "extra"]
    assert Child("x", extra=2) == Child("x", None, (), 7, 2) and base("x") == base("x")

    class Plain(declare()):  # type: ignore[misc]
        pass

    assert repr(Plain("y")).endswith(".Plain(name='y', line=None, tags=())")
