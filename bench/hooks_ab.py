"""A/B of the pre-commit hooks (and of `mlgate check` start-up) between two checkouts of mlgate.

    python bench/hooks_ab.py A_CHECKOUT B_CHECKOUT --tree /tmp/mlgate-bench/repo-1000 --runs 7 --python VENV/bin/python
    python bench/hooks_ab.py A B --tree T --check-tree ~/.cache/mlgate/corpus/bentoml__quickstart
    python bench/hooks_ab.py A B --tree /tmp/mlgate-bench-cache/bridgecrewio+checkov --files Dockerfile ...

Each hook is run as its console script would run it (``from mlgate.hooks import X; sys.exit(X())``) with
PYTHONPATH set to one checkout, on the files of bench/hooks.py's 10-file commit that pre-commit would give
it (the tree gets bench/hooks.py's `.mlgate.yaml` for the run when it has none). Runs alternate A, B, B, A
... so that load from other work falls on both alike; each side has its own cache folder
(``MLGATE_CACHE_DIR``), warmed by one run first. Prints the median CPU time (user + system, the hook's git
processes included) per side, and checks that both sides printed the same output and exit code. Compile
both checkouts' bytecode first (``python -m compileall -q mlgate``) when PYTHONDONTWRITEBYTECODE is set.
"""

from __future__ import annotations

import argparse
import contextlib
import importlib.util
import os
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def _bench_hooks():  # type: ignore[no-untyped-def]
    spec = importlib.util.spec_from_file_location("bench_hooks", ROOT / "bench" / "hooks.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


def _once(cmd: list[str], cwd: Path, env: dict[str, str]) -> tuple[float, bytes, int]:
    """(CPU ms, output, exit code) of one run."""
    proc = subprocess.Popen(cmd, cwd=cwd, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    out = proc.stdout.read() if proc.stdout else b""
    _, status, usage = os.wait4(proc.pid, 0)
    return (usage.ru_utime + usage.ru_stime) * 1000, out, os.waitstatus_to_exitcode(status)


def ab(cmd: list[str], cwd: Path, envs: dict[str, dict[str, str]], runs: int) -> dict[str, list[float]]:
    sides = list(envs)
    outputs = {s: _once(cmd, cwd, envs[s])[1:] for s in sides}  # warm-up (and the cache folders)
    if len({outputs[s] for s in sides}) != 1:
        for s in sides:
            print(f"--- {s}: exit {outputs[s][1]}\n{outputs[s][0].decode(errors='replace')}", file=sys.stderr)
        raise SystemExit(f"different output or exit code: {' '.join(cmd[-3:])} in {cwd}")
    samples: dict[str, list[float]] = {s: [] for s in sides}
    for r in range(runs):
        for s in (sides if r % 2 == 0 else sides[::-1]):
            cpu, out, code = _once(cmd, cwd, envs[s])
            if (out, code) != outputs[s]:
                raise SystemExit(f"{s}: output changed between runs of {' '.join(cmd[-3:])}")
            samples[s].append(cpu)
    return samples


def instructions(cmd: list[str], cwd: Path, envs: dict[str, dict[str, str]]) -> dict[str, int]:
    """Instructions of one run per side (valgrind's callgrind, the hook's own process, PYTHONHASHSEED=0):
    the same count on every run, where CPU time on a shared machine varies by 20-30%."""
    import re

    out = {}
    for side, env in envs.items():
        with tempfile.NamedTemporaryFile(suffix=".log") as log:
            subprocess.run(["valgrind", "--tool=callgrind", "--callgrind-out-file=/dev/null", f"--log-file={log.name}",
                            *cmd], cwd=cwd, env={**env, "PYTHONHASHSEED": "0"}, stdout=subprocess.DEVNULL,
                           stderr=subprocess.DEVNULL, check=False)
            found = re.search(r"Collected : (\d+)", Path(log.name).read_text(encoding="utf-8"))
            out[side] = int(found.group(1)) if found else 0
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("a", type=Path, help="checkout A (put first on PYTHONPATH)")
    parser.add_argument("b", type=Path, help="checkout B")
    parser.add_argument("--tree", type=Path, default=Path("/tmp/mlgate-bench/repo-1000"),
                        help="a tree of bench/generate.py (it holds the 10-file commit)")
    parser.add_argument("--python", default=sys.executable,
                        help="interpreter (a virtualenv with mlgate's dependencies and no editable mlgate: an "
                        "editable install's finder imports pathlib and importlib.util at start-up)")
    parser.add_argument("--runs", type=int, default=7, help="runs per side (after a warm-up)")
    parser.add_argument("--files", nargs="+", metavar="FILE",
                        help="the commit: these files of --tree (each hook gets those its manifest entry takes), "
                        "instead of bench/hooks.py's; no `.mlgate.yaml` is written into the tree")
    parser.add_argument("--hooks", default="", help="comma-separated hook ids (default: every file hook)")
    parser.add_argument("--check-tree", type=Path, action="append", default=[],
                        help="also time `mlgate check TREE --format json -o /dev/null` (repeatable)")
    parser.add_argument("--instructions", action="store_true",
                        help="also count instructions once per side (valgrind callgrind, ~50x slower)")
    args = parser.parse_args(argv)

    hb = _bench_hooks()
    caches = Path(tempfile.mkdtemp(prefix="mlgate-hooks-ab-"))
    envs = {}
    for name, checkout in (("A", args.a), ("B", args.b)):
        env = dict(os.environ, PYTHONPATH=str(checkout.resolve()), MLGATE_CACHE_DIR=str(caches / name))
        envs[name] = env
    wanted = set(filter(None, args.hooks.split(",")))
    print(f"A = {args.a}, B = {args.b}; CPU ms (user + system), median of {args.runs} alternating runs (min-max)")
    if args.files:
        hb.COMMIT = tuple(args.files)
    with contextlib.nullcontext() if args.files else hb.config_file([args.tree]):
        for hook in hb.file_hooks():
            if wanted and hook.id not in wanted:
                continue
            module, function = hook.target.split(":")
            files = hb.staged_for(hook, args.tree)
            if not files:
                continue
            cmd = [args.python, "-c", f"import sys\nfrom {module} import {function}\nsys.exit({function}())",
                   *files]
            _report(f"{hook.id} ({len(files)} files)", ab(cmd, args.tree, envs, args.runs))
            if args.instructions:
                _count(instructions(cmd, args.tree, envs))
    for tree in args.check_tree:
        cmd = [args.python, "-m", "mlgate", "check", ".", "--format", "json", "-o", os.devnull]
        _report(f"check {tree.name}", ab(cmd, tree, envs, args.runs))
        if args.instructions:
            _count(instructions(cmd, tree, envs))
    return 0


def _report(label: str, samples: dict[str, list[float]]) -> None:
    a, b = statistics.median(samples["A"]), statistics.median(samples["B"])
    print(f"{label:<34} A {a:6.0f} ({min(samples['A']):.0f}-{max(samples['A']):.0f})   "
          f"B {b:6.0f} ({min(samples['B']):.0f}-{max(samples['B']):.0f})   B/A {b / a:.2f}", flush=True)


def _count(counts: dict[str, int]) -> None:
    print(f"{'  instructions':<34} A {counts['A'] / 1e6:6.0f} M            B {counts['B'] / 1e6:6.0f} M"
          f"            B/A {counts['B'] / max(counts['A'], 1):.3f}", flush=True)


if __name__ == "__main__":
    sys.exit(main())
