"""Do two versions of mlgate give the same reports? Performance work must not change a single finding.

Runs ``python -m mlgate check --format json --fail-on never`` on each checkout and either saves the
reports (``--save DIR``) or compares them with reports saved before (``--compare DIR``); ``--python``
and ``--pythonpath`` choose the interpreter and the code under test, so two worktrees can be compared
without reinstalling. Only timing fields (a key naming seconds, milliseconds, a duration or elapsed
time) are ignored; anything else that differs is printed as a JSON path with both values, and the
exit status is 1.

    python bench/compare_reports.py --save /tmp/before /tmp/corpus/huggingface+peft ...
    python bench/compare_reports.py --compare /tmp/before /tmp/corpus/huggingface+peft ...
"""

from __future__ import annotations

import argparse
import json
import os
import re
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

DEFAULT_TREES = (
    "huggingface+peft", "ultralytics+yolov5", "ashleve+lightning-hydra-template",
    "iterative+example-get-started", "DataTalksClub+mlops-zoomcamp", "huggingface+diffusers",
)
TIMING_KEY = re.compile(r"(^|_)(seconds|secs|ms|millis|elapsed|duration|time_s|took)($|_)", re.I)


def strip_timing(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: strip_timing(v) for k, v in value.items() if not TIMING_KEY.search(str(k))}
    if isinstance(value, list):
        return [strip_timing(v) for v in value]
    return value


def differences(a: Any, b: Any, where: str = "$", limit: int = 20) -> list[str]:
    out: list[str] = []

    def walk(x: Any, y: Any, at: str) -> None:
        if len(out) >= limit:
            return
        if isinstance(x, dict) and isinstance(y, dict):
            for k in sorted(set(x) | set(y), key=str):
                if k not in x or k not in y:
                    out.append(f"{at}.{k}: {'missing' if k not in x else repr(x[k])[:200]} != "
                               f"{'missing' if k not in y else repr(y[k])[:200]}")
                else:
                    walk(x[k], y[k], f"{at}.{k}")
        elif isinstance(x, list) and isinstance(y, list):
            if len(x) != len(y):
                out.append(f"{at}: {len(x)} items != {len(y)} items")
            for i, (p, q) in enumerate(zip(x, y, strict=False)):
                walk(p, q, f"{at}[{i}]")
        elif x != y:
            out.append(f"{at}: {repr(x)[:200]} != {repr(y)[:200]}")

    walk(a, b, where)
    return out


def run_check(tree: Path, python: str, pythonpath: str | None) -> tuple[Any, float]:
    env = dict(os.environ)
    if pythonpath:
        env["PYTHONPATH"] = pythonpath + (os.pathsep + env["PYTHONPATH"] if env.get("PYTHONPATH") else "")
    start = time.perf_counter()
    proc = subprocess.run([python, "-m", "mlgate", "check", "--format", "json", "--fail-on", "never", str(tree)],
                          capture_output=True, text=True, env=env, cwd="/", check=False)
    took = time.perf_counter() - start
    if proc.returncode != 0:
        raise SystemExit(f"{tree}: mlgate exited {proc.returncode}\n{proc.stderr[-2000:]}")
    return json.loads(proc.stdout), took


def resolve(name: str) -> Path:
    p = Path(name)
    if p.is_dir():
        return p
    cache = Path(os.environ.get("MLGATE_BENCH_CACHE", "/tmp/corpus"))
    return cache / name


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    mode = ap.add_mutually_exclusive_group(required=True)
    mode.add_argument("--save", metavar="DIR", help="save each tree's report in DIR")
    mode.add_argument("--compare", metavar="DIR", help="compare each tree's report with the one saved in DIR")
    ap.add_argument("--python", default=sys.executable, help="interpreter that runs mlgate")
    ap.add_argument("--pythonpath", help="put this directory (a worktree) first on PYTHONPATH")
    ap.add_argument("trees", nargs="*",
                    help=f"checkouts, or names under $MLGATE_BENCH_CACHE (default: {DEFAULT_TREES})")
    args = ap.parse_args(argv)
    trees = [resolve(t) for t in (args.trees or DEFAULT_TREES)]
    store = Path(args.save or args.compare)
    store.mkdir(parents=True, exist_ok=True)
    failed = 0
    for tree in trees:
        if not tree.is_dir():
            print(f"{tree}: not found, skipped")
            continue
        report, took = run_check(tree, args.python, args.pythonpath)
        report = strip_timing(report)
        saved = store / f"{tree.name}.json"
        if args.save:
            saved.write_text(json.dumps(report, indent=1, sort_keys=True))
            print(f"{tree.name}: saved ({took:.1f} s)")
            continue
        if not saved.exists():
            print(f"{tree.name}: no saved report in {store}, skipped")
            continue
        diffs = differences(json.loads(saved.read_text()), report)
        if diffs:
            failed += 1
            print(f"{tree.name}: DIFFERENT ({took:.1f} s)")
            for d in diffs:
                print("   ", d)
        else:
            print(f"{tree.name}: identical ({took:.1f} s)")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
