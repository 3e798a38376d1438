"""Benchmark mlgate against floors on synthetic ML monorepos and write docs/benchmarks.md.

    python bench/run.py [--sizes 1000,10000,50000] [--runs 5] [--work /tmp/mlgate-bench]

For each size it times, after one warm-up, over several runs (median and min-max, wall clock):
  - `mlgate check` (all rules);
  - the floor on the same tree: `git ls-files`, reading every tracked file mlgate may read
    (text under the size cap) and `ast.parse` of every Python file, in one process;
  - `mlgate check --base` on a 10-file change against the full scan (10,000-file tree);
  - each pre-commit hook of .pre-commit-hooks.yaml on a 10-file commit, against `python -c pass`, run
    from a virtualenv as pre-commit runs it (bench/hooks.py; ``--hook-runs``, ``--hooks-venv``);
  - peak memory (max RSS) of `mlgate check`;
  - with ``--real`` (or ``--real-only``), the same full scan, floor and peak memory on real repositories at
    fixed commits (bench/real_trees.py, read from ``$MLGATE_BENCH_CACHE``), with bandit's single Hugging
    Face check (``bandit -t B615``) as a peer when bandit is installed.
It reports ratios, not absolute targets, because machines differ. CPU time (user + system) is reported
next to wall clock for the real trees: on a shared machine it is the steadier of the two.
"""

from __future__ import annotations

import argparse
import compileall
import importlib.util
import os
import platform
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "bench"))

from generate import generate  # noqa: E402

FLOOR = r"""
import ast, subprocess, sys
root = sys.argv[1]
files = subprocess.run(["git", "ls-files", "-z"], cwd=root, capture_output=True, check=True).stdout.split(b"\0")
for raw in files:
    if not raw:
        continue
    path = root + "/" + raw.decode()
    try:
        with open(path, "rb") as fh:
            data = fh.read(2_000_000)
    except OSError:
        continue
    if path.endswith(".py"):
        try:
            ast.parse(data)
        except (SyntaxError, ValueError):
            pass
"""


def measure(cmd: list[str], cwd: Path, runs: int) -> tuple[float, float, float, int, float]:
    """(median, min, max) seconds over ``runs`` after one warm-up, the peak RSS in MB and the median CPU
    seconds (user + system)."""
    samples: list[float] = []
    cpu: list[float] = []
    peak = 0
    for i in range(runs + 1):
        start = time.perf_counter()
        proc = subprocess.Popen(cmd, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        _, status, usage = os.wait4(proc.pid, 0)
        elapsed = time.perf_counter() - start
        stderr = proc.stderr.read().decode() if proc.stderr else ""
        code = os.waitstatus_to_exitcode(status)
        if code not in (0, 1):
            raise SystemExit(f"{' '.join(cmd)} exited {code}: {stderr[-2000:]}")
        if i:
            samples.append(elapsed)
            cpu.append(usage.ru_utime + usage.ru_stime)
        peak = max(peak, usage.ru_maxrss // 1024)
    return statistics.median(samples), min(samples), max(samples), peak, statistics.median(cpu)


def tree(work: Path, size: int) -> Path:
    dest = work / f"repo-{size}"
    if not (dest / ".git").is_dir():
        shutil.rmtree(dest, ignore_errors=True)
        dest.mkdir(parents=True)
        generate(dest, size, seed=7)
    return dest


def pr_change(repo: Path) -> str:
    """Commit a 10-file change on a branch `bench-pr`; returns the base commit."""
    git = ["git", "-c", "user.name=bench", "-c", "user.email=bench@example.com"]
    subprocess.run([*git, "checkout", "-q", "-B", "bench-pr", "main"], cwd=repo, check=True)
    base = subprocess.run(["git", "rev-parse", "main"], cwd=repo, capture_output=True, text=True,
                          check=True).stdout.strip()
    changed = [p for p in subprocess.run(["git", "ls-files", "*.py"], cwd=repo, capture_output=True, text=True,
                                         check=True).stdout.split() if "/features/" in p][:10]
    for p in changed:
        with open(repo / p, "a", encoding="utf-8") as fh:
            fh.write("\n\ndef added_in_pr(df):\n    return df.fillna(0)\n")
    subprocess.run([*git, "commit", "-qam", "pr"], cwd=repo, check=True)
    return base


def hook_bench() -> Any:
    """bench/hooks.py, which times the pre-commit hooks (loaded by path: `hooks` is also a folder here)."""
    spec = importlib.util.spec_from_file_location("bench_hooks", ROOT / "bench" / "hooks.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up
    spec.loader.exec_module(module)
    return module


def time_hooks(sizes: list[int], work: Path, runs: int, venv: Path | None) -> list[str]:
    """The pre-commit hooks section: each file hook on the same 10-file commit in every tree."""
    hb = hook_bench()
    trees = {size: tree(work, size) for size in sizes}
    for repo in trees.values():
        subprocess.run(["git", "checkout", "-q", "main"], cwd=repo, check=True)
    how = ("the console scripts of a virtualenv with this checkout installed (not editable), as pre-commit "
           "runs them")
    try:
        bin_dir = hb.ensure_venv(venv or work / "hooks-venv")
    except (subprocess.CalledProcessError, OSError) as exc:
        print(f"no virtualenv for the hooks ({exc}); timing this checkout with {sys.executable}", flush=True)
        bin_dir, how = None, f"this checkout with `{sys.executable}` (a virtualenv could not be built)"
    baseline, results = hb.time_hooks(trees, runs, bin_dir)
    return ["", "## pre-commit hooks on a 10-file commit", "",
            f"Run as {how}; median of {runs} runs after a warm-up (min-max), alternating between the trees. "
            "The commit is the same in every tree: nine files of one model and `.mlgate.yaml`; each hook is "
            "given the files pre-commit would give it (`files given`). Details: `python bench/hooks.py --help`.",
            "", *hb.table(sizes, baseline, results)]


def fmt(m: tuple[float, float, float, int, float]) -> str:
    return f"{m[0] * 1000:.0f} ms ({m[1] * 1000:.0f}-{m[2] * 1000:.0f})"


def secs(m: tuple[float, float, float, int, float]) -> str:
    return f"{m[0]:.1f} s ({m[1]:.1f}-{m[2]:.1f})"


def real_base(work: Path, repo: str, runs: int) -> list[str]:
    """`mlgate check --base` on a 10-file change of a real tree against the full scan of the same tree: a
    shared clone of the cached checkout in WORK, one commit that adds a function to ten modules of its
    package (the synthetic tree's pull request), runs alternating between the two commands."""
    from real_trees import REAL_TREES, locate

    tree = next((t for t in REAL_TREES if repo in t.repo), None)
    found = locate(tree) if tree else None
    if tree is None or found is None:
        return ["", f"`--base` on a real tree: {repo} is not in the cache, not measured."]
    source, commit = found
    dest = work / f"base-{tree.slug}"
    if not (dest / ".git").is_dir():
        subprocess.run(["git", "clone", "-q", "--shared", "--no-checkout", str(source), str(dest)], check=True)
    git = ["git", "-c", "user.name=bench", "-c", "user.email=bench@example.com", "-c", "advice.detachedHead=false"]
    subprocess.run([*git, "checkout", "-q", "-f", "-B", "bench-pr", commit], cwd=dest, check=True)
    listed = subprocess.run(["git", "ls-files", "*.py"], cwd=dest, capture_output=True, text=True,
                            check=True).stdout.split()
    changed = [p for p in listed if p.startswith("src/") and not p.endswith("__init__.py")][20:30] or listed[:10]
    for p in changed:
        with open(dest / p, "a", encoding="utf-8") as fh:
            fh.write("\n\ndef added_in_pr(df):\n    return df.fillna(0)\n")
    subprocess.run([*git, "commit", "-qam", "pr"], cwd=dest, check=True)
    check = [sys.executable, "-m", "mlgate", "check", ".", "--format", "json", "--output", os.devnull,
             "--fail-on", "never"]
    both = alternate({"base": [*check, "--base", "HEAD~1"], "full": check}, dest, runs)
    with_base, full = both["base"], both["full"]
    return ["", f"## A 10-file pull request on a real tree ({tree.repo})", "",
            f"Ten modules of `{commit[:10]}` each gain a function, in one commit of a shared clone; median of {runs} "
            "runs after a warm-up, alternating between the two commands.", "",
            "| `mlgate check --base` | full scan | ratio | CPU ratio |", "|---:|---:|---:|---:|",
            f"| {secs(with_base)} | {secs(full)} | {with_base[0] / full[0]:.2f}x | {with_base[4] / full[4]:.2f}x |"]


def alternate(cmds: dict[str, list[str]], cwd: Path, runs: int) -> dict[str, tuple[float, float, float, int, float]]:
    """measure() for several commands, alternating between them (their order reversed every round), so that
    other work on the machine falls on all of them alike."""
    samples: dict[str, list[tuple[float, float, int]]] = {k: [] for k in cmds}
    names = list(cmds)
    for r in range(runs + 1):
        for name in names if r % 2 == 0 else names[::-1]:
            start = time.perf_counter()
            proc = subprocess.Popen(cmds[name], cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
            _, status, usage = os.wait4(proc.pid, 0)
            elapsed = time.perf_counter() - start
            stderr = proc.stderr.read().decode() if proc.stderr else ""
            if os.waitstatus_to_exitcode(status) not in (0, 1):
                raise SystemExit(f"{' '.join(cmds[name])} failed: {stderr[-2000:]}")
            if r:
                samples[name].append((elapsed, usage.ru_utime + usage.ru_stime, usage.ru_maxrss // 1024))
    out = {}
    for name, got in samples.items():
        wall = [g[0] for g in got]
        out[name] = (statistics.median(wall), min(wall), max(wall), max(g[2] for g in got),
                     statistics.median(g[1] for g in got))
    return out


def real_trees(runs: int, only: str = "") -> list[str]:
    """The real-tree section: floor, `mlgate check` and bandit B615 on each cached tree."""
    from real_trees import REAL_TREES, describe_caches, locate

    py = sys.executable
    bandit = importlib.util.find_spec("bandit") is not None
    lines = ["", "## Real repositories", "",
             f"Checkouts from {describe_caches()} (bench/real_trees.py pins the commits); median of {runs} runs after "
             "a warm-up (min-max), wall clock and CPU (user + system). Floor as above; bandit "
             + ("`-r . -t B615` (its one Hugging Face check) from the same interpreter." if bandit else
                "was not installed: no peer column."), "",
             "| tree | commit | files (.py) | floor | `mlgate check` | ratio | CPU ratio | peak RSS | bandit B615 "
             "| mlgate / bandit |",
             "|---|---|---:|---:|---:|---:|---:|---:|---:|---:|"]
    check = [py, "-m", "mlgate", "check", ".", "--format", "json", "--output", os.devnull, "--fail-on", "never"]
    missing = []
    wanted = [w for w in only.split(",") if w]
    for tree in REAL_TREES:
        if wanted and not any(w in tree.repo for w in wanted):
            continue
        found = locate(tree)
        if found is None:
            missing.append(tree.repo)
            continue
        path, commit = found
        listed = subprocess.run(["git", "ls-files"], cwd=path, capture_output=True, text=True, check=True).stdout
        files = listed.splitlines()
        n_py = sum(1 for f in files if f.endswith(".py"))
        absent = subprocess.run(["git", "ls-files", "--deleted"], cwd=path, capture_output=True, text=True,
                                check=True).stdout.splitlines()
        shown = commit[:10] + (f" ({len(absent)} files absent)" if absent else "")
        floor = measure([py, "-c", FLOOR, str(path)], path, runs)
        full = measure(check, path, runs)
        peer = measure([py, "-m", "bandit", "-q", "-r", ".", "-t", "B615", "-f", "json", "-o", os.devnull],
                       path, runs) if bandit else None
        lines.append(
            f"| {tree.repo} | {shown} | {len(files):,} ({n_py:,}) | {secs(floor)} | {secs(full)} | "
            f"{full[0] / floor[0]:.1f}x | {full[4] / floor[4]:.1f}x | {full[3]} MB | "
            + (f"{secs(peer)} | {full[0] / peer[0]:.2f}x |" if peer else "- | - |"))
        print(lines[-1], flush=True)
    if missing:
        lines += ["", "Not in the cache, so not measured: " + ", ".join(missing)
                  + " (`python bench/real_trees.py --fetch` clones them, `--seed-from DIR` makes them from local "
                  "mirrors)."]
    return lines


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", default="1000,10000,50000")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--work", type=Path, default=Path("/tmp/mlgate-bench"))
    parser.add_argument("--output", type=Path, default=ROOT / "docs" / "benchmarks.md")
    parser.add_argument("--hook-runs", type=int, default=21,
                        help="runs per hook and tree (hooks take ~0.15 s; 0 skips them)")
    parser.add_argument("--hooks-venv", type=Path,
                        help="virtualenv the hooks run from (default: WORK/hooks-venv, built once)")
    parser.add_argument("--real", action="store_true", help="also measure the real trees of bench/real_trees.py")
    parser.add_argument("--real-only", action="store_true",
                        help="measure only the real trees (the synthetic tables are left out of the output)")
    parser.add_argument("--real-runs", type=int, default=3, help="runs per real tree and command")
    parser.add_argument("--real-base", default="huggingface/peft", metavar="OWNER/NAME",
                        help="the real tree on which `--base` is timed on a 10-file change ('' skips it)")
    parser.add_argument("--real-trees", default="", help="only the real trees whose owner/name contains one of "
                                                          "these comma-separated words")
    args = parser.parse_args()
    # an installed package has its bytecode; an environment with PYTHONDONTWRITEBYTECODE would otherwise
    # compile mlgate's modules again in every measured run (~10% of a small tree's scan)
    compileall.compile_dir(str(ROOT / "mlgate"), quiet=1)
    if args.real_only:
        return real_only(args)
    sizes = [int(s) for s in args.sizes.split(",")]
    py = sys.executable
    check = [py, "-m", "mlgate", "check", ".", "--format", "json", "--output", os.devnull, "--fail-on", "never"]
    lines = ["# Benchmarks", "", f"Generated by `python bench/run.py` on {platform.machine()}, "
             f"{os.cpu_count()} cores, Python {platform.python_version()}; median of {args.runs} runs after a "
             "warm-up (min-max in brackets), wall clock, each a fresh process.", "",
             "## Full scan against the floor", "",
             "| tracked files | `mlgate check` | floor (ls-files + read + ast.parse) | ratio | peak RSS |",
             "|---:|---:|---:|---:|---:|"]
    scans: dict[int, tuple[float, float, float, int, float]] = {}
    for size in sizes:
        repo = tree(args.work, size)
        subprocess.run(["git", "checkout", "-q", "main"], cwd=repo, check=True)
        full = measure(check, repo, args.runs)
        floor = measure([py, "-c", FLOOR, str(repo)], repo, args.runs)
        scans[size] = full
        lines.append(f"| {size:,} | {fmt(full)} | {fmt(floor)} | {full[0] / floor[0]:.2f}x | {full[3]} MB |")
        print(lines[-1], flush=True)
    mid = 10_000 if 10_000 in sizes else sizes[len(sizes) // 2]
    repo = tree(args.work, mid)
    base = pr_change(repo)
    both = alternate({"base": [*check, "--base", base], "full": check}, repo, args.runs)
    with_base, full_mid = both["base"], both["full"]
    subprocess.run(["git", "checkout", "-q", "main"], cwd=repo, check=True)
    lines += ["", f"## A 10-file pull request on the {mid:,}-file tree", "",
              "Runs alternate between the two commands.", "",
              "| `mlgate check --base` | full scan | ratio | CPU ratio |", "|---:|---:|---:|---:|",
              f"| {fmt(with_base)} | {fmt(full_mid)} | {with_base[0] / full_mid[0]:.2f}x | "
              f"{with_base[4] / full_mid[4]:.2f}x |"]
    print(lines[-1], flush=True)
    if args.hook_runs:
        section = time_hooks(sizes, args.work, args.hook_runs, args.hooks_venv)
        lines += section
        print("\n".join(section), flush=True)
    if args.real:
        lines += real_trees(args.real_runs, args.real_trees)
        if args.real_base:
            lines += real_base(args.work, args.real_base, max(3, args.real_runs))
    analysis = ROOT / "bench" / "analysis.md"  # the profile behind the figures, written by hand
    if analysis.exists():
        lines += ["", analysis.read_text(encoding="utf-8").rstrip()]
    args.output.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"written to {args.output}")
    return 0


def real_only(args: argparse.Namespace) -> int:
    """Measure the real trees only and put their section into the existing report: the synthetic tables
    and hooks of the last full run are kept as they were (and said to be older)."""
    section = real_trees(args.real_runs, args.real_trees)
    if args.real_base:
        section += real_base(args.work, args.real_base, max(3, args.real_runs))
    analysis = ROOT / "bench" / "analysis.md"
    notes = analysis.read_text(encoding="utf-8").rstrip() if analysis.exists() else ""
    marker = notes.splitlines()[0] if notes else None
    previous = args.output.read_text(encoding="utf-8") if args.output.exists() else "# Benchmarks\n"
    if marker and marker in previous:
        previous = previous[: previous.index(marker)]
    if "\n## Real repositories" in previous:
        previous = previous[: previous.index("\n## Real repositories")]
    section[3:3] = [f"_This section alone was measured by `python bench/run.py --real-only` on "
                    f"{platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}; the "
                    "tables above are from the last full run._", ""]
    lines = [previous.rstrip(), *section]
    if notes:
        lines += ["", notes]
    args.output.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"written to {args.output}")
    return 0

if __name__ == "__main__":
    sys.exit(main())
