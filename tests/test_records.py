"""mlgate's records are the standard dataclasses, built from code kept between runs (mlgate.records): the
second run compiles nothing and its records behave exactly as the first run's, and a cache file that is
broken, or that someone else could have written, is never run."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

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
