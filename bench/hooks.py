"""Benchmark: wall time of each pre-commit file hook on a 10-file commit, in generated ML monorepos of
1,000 and 50,000 files (bench/generate.py). A hook's cost must follow the commit, not the repository:
under 150 ms, and within 1.2x between the smallest and the largest tree.

    python bench/hooks.py                        # as pre-commit runs it: the console scripts of a
                                                 # virtualenv with this checkout installed (not editable)
    python bench/hooks.py --checkout             # this checkout with this interpreter (PYTHONPATH)
    python bench/hooks.py --check                # exit 1 when a hook is over budget or grows

The virtualenv (``--venv``, default /tmp/mlgate-bench/hooks-venv) is built once and mlgate in it is
reinstalled from this checkout on every run, so what is timed is the code here. A developer's own
environment is not a fair measure: an editable install, a pyenv shim or a site-packages that imports
certifi at start-up cost more than the hook does.

The commit is the same in every tree: nine files of one model (its Dockerfile, requirements, params,
DVC files, notebook, training script, config, deploy manifest, pickled model) and `.mlgate.yaml`
(written for the run when the tree has none, and removed after). Each hook is given the files of the
commit that pre-commit would give it (the manifest's ``files``, ``exclude`` and ``types: [text]``).
Runs alternate between the trees (and change their order each round) so that noise from other work on
the machine falls on all of them alike; the median, min and max of ``--runs`` runs after a warm-up
are reported, with the ratios largest tree / smallest of the medians and of the best runs.
"""

from __future__ import annotations

import argparse
import os
import re
import statistics
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import tomllib

ROOT = Path(__file__).resolve().parents[1]
BUDGET_MS = 150.0
MAX_RATIO = 1.2
MODEL = "teams/team0/model0/"  # generate.py makes team0 first: the same files in every tree
COMMIT = (
    *(MODEL + p for p in ("Dockerfile", "requirements.txt", "params.yaml", "dvc.yaml", "data/raw.csv.dvc",
                          "notebooks/explore.ipynb", "src/team0_model0/train.py", "configs/model/model0.yaml",
                          "deploy/inferenceservice.yaml", "models/model0.pkl")),
    ".mlgate.yaml",
)
CONFIG = "fail-on: error\nrules:\n  repro-image-digest: warning\n"


@dataclass(frozen=True)
class Hook:
    id: str
    entry: str  # console script
    target: str  # module:function
    files: str
    exclude: str
    text_only: bool


@dataclass(frozen=True)
class Timing:
    samples: tuple[float, ...]  # ms, wall clock
    cpu: tuple[float, ...] = ()  # ms of CPU (user + system, the hook's git processes included)

    @property
    def median(self) -> float:
        return statistics.median(self.samples)

    @property
    def cpu_median(self) -> float:
        return statistics.median(self.cpu) if self.cpu else float("nan")

    def __str__(self) -> str:
        return f"{self.median:.0f} ms ({min(self.samples):.0f}-{max(self.samples):.0f}), CPU {self.cpu_median:.0f} ms"


def file_hooks() -> list[Hook]:
    """The hooks of .pre-commit-hooks.yaml that are given files, with their console scripts' targets."""
    from ruamel.yaml import YAML

    scripts = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]["scripts"]
    out = []
    for h in YAML(typ="safe").load((ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8")) or []:
        if h.get("pass_filenames", True):
            entry = h["entry"].split()[0]
            out.append(Hook(h["id"], entry, scripts[entry], h.get("files", ""), h.get("exclude", "^$"),
                            "text" in h.get("types", [])))
    return out


def _is_text(path: Path) -> bool:
    try:
        with open(path, "rb") as fh:
            return b"\0" not in fh.read(1024)
    except OSError:
        return False


def staged_for(hook: Hook, repo: Path) -> list[str]:
    """The files of the commit that pre-commit passes to ``hook``."""
    return [f for f in COMMIT if re.search(hook.files, f) and not re.search(hook.exclude, f)
            and (not hook.text_only or _is_text(repo / f))]


def ensure_venv(venv: Path) -> Path:
    """A virtualenv with this checkout installed (not editable), as pre-commit builds one; mlgate in it
    is reinstalled from the checkout (a few seconds) so that an old copy is never timed."""
    bin_dir = venv / ("Scripts" if os.name == "nt" else "bin")
    pip = [str(bin_dir / "python"), "-m", "pip", "install", "-q", "--disable-pip-version-check"]
    if not (bin_dir / "python").exists():
        subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
        subprocess.run([*pip, str(ROOT)], check=True)
    else:
        subprocess.run([*pip, "--no-deps", "--force-reinstall", str(ROOT)], check=True)
    return bin_dir


def commands(hooks: list[Hook], bin_dir: Path | None) -> tuple[list[str], dict[str, list[str]], dict[str, str]]:
    """(the `python -c pass` baseline, each hook's command, the environment)."""
    env = dict(os.environ)
    if bin_dir is not None:
        return ([str(bin_dir / "python"), "-c", "pass"], {h.id: [str(bin_dir / h.entry)] for h in hooks}, env)
    env["PYTHONPATH"] = str(ROOT)
    env.pop("PYTHONDONTWRITEBYTECODE", None)  # an installed package has its .pyc files: let the warm-up write them
    cmds = {}
    for h in hooks:
        module, function = h.target.split(":")
        cmds[h.id] = [sys.executable, "-c", f"import sys\nfrom {module} import {function}\nsys.exit({function}())"]
    return [sys.executable, "-c", "pass"], cmds, env


def _once(cmd: list[str], cwd: Path, env: dict[str, str]) -> tuple[float, float]:
    """(wall ms, CPU ms) of one run."""
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, cwd=cwd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(proc.pid, 0)
    elapsed = (time.perf_counter() - start) * 1000
    stderr = proc.stderr.read().decode() if proc.stderr else ""
    code = os.waitstatus_to_exitcode(status)
    if code not in (0, 1):
        raise SystemExit(f"{' '.join(cmd[:3])} ... in {cwd} exited {code}: {stderr[-2000:]}")
    return elapsed, (usage.ru_utime + usage.ru_stime) * 1000


def interleaved(cmds: dict[Path, list[str]], runs: int, env: dict[str, str]) -> dict[Path, Timing]:
    """Time each command in its tree: one warm-up each, then ``runs`` rounds, each tree once per round."""
    trees = list(cmds)
    for t in trees:
        _once(cmds[t], t, env)
    samples: dict[Path, list[tuple[float, float]]] = {t: [] for t in trees}
    for r in range(runs):
        order = trees if r % 2 == 0 else trees[::-1]
        for t in order:
            samples[t].append(_once(cmds[t], t, env))
    return {t: Timing(tuple(w for w, _ in s), tuple(c for _, c in s)) for t, s in samples.items()}


@contextmanager
def config_file(trees: list[Path]) -> Iterator[None]:
    """`.mlgate.yaml` in each tree for the duration (trees that have one keep theirs)."""
    written = [t / ".mlgate.yaml" for t in trees if not (t / ".mlgate.yaml").exists()]
    try:
        for path in written:
            path.write_text(CONFIG, encoding="utf-8")
        yield
    finally:
        for path in written:
            path.unlink(missing_ok=True)


def time_hooks(trees: dict[int, Path], runs: int, bin_dir: Path | None,
               progress: bool = True) -> tuple[Timing, dict[str, tuple[int, dict[int, Timing]]]]:
    """(the interpreter alone, {hook id: (files given, {size: timing})})."""
    hooks = file_hooks()
    baseline_cmd, cmds, env = commands(hooks, bin_dir)
    smallest = trees[min(trees)]
    baseline = interleaved({smallest: baseline_cmd}, runs, env)[smallest]
    out: dict[str, tuple[int, dict[int, Timing]]] = {}
    with config_file(list(trees.values())):
        for hook in hooks:
            files = staged_for(hook, smallest)
            by_tree = interleaved({repo: [*cmds[hook.id], *files] for repo in trees.values()}, runs, env)
            out[hook.id] = (len(files), {size: by_tree[repo] for size, repo in trees.items()})
            if progress:
                print(f"  {hook.id}: " + ", ".join(f"{s:,} files {t}" for s, t in out[hook.id][1].items()),
                      file=sys.stderr, flush=True)
    return baseline, out


def table(sizes: list[int], baseline: Timing, results: dict[str, tuple[int, dict[int, Timing]]]) -> list[str]:
    """A Markdown table; the last column is the ratio of the medians (and of the best runs, which other work
    on the machine disturbs least), largest tree / smallest."""
    lines = [f"`python -c pass` (the same interpreter) takes {baseline}. Wall clock, median (min-max), then the "
             "median CPU time (user + system of the hook and its git processes): on a machine that other work "
             "loads, wall clock grows with the wait for a core and CPU time is the steadier measure.", "",
             "| hook | files given | " + " | ".join(f"{s:,} files" for s in sizes) + " | largest / smallest |",
             "|---|---:|" + "---:|" * (len(sizes) + 1)]
    for hook_id, (given, timings) in results.items():
        small, large = timings[sizes[0]], timings[sizes[-1]]
        ratio = f"{large.median / small.median:.2f}x ({min(large.samples) / min(small.samples):.2f}x)"
        lines.append(f"| `{hook_id}` | {given} | " + " | ".join(str(timings[s]) for s in sizes) + f" | {ratio} |")
    return lines


def over_budget(sizes: list[int], results: dict[str, tuple[int, dict[int, Timing]]]) -> list[str]:
    bad = []
    for hook_id, (_, timings) in results.items():
        worst = max(t.median for t in timings.values())
        ratio = timings[sizes[-1]].median / timings[sizes[0]].median
        if worst > BUDGET_MS or ratio > MAX_RATIO:
            bad.append(f"{hook_id}: {worst:.0f} ms, {ratio:.2f}x")
    return bad


def in_process(trees: dict[int, Path], runs: int) -> list[str]:
    """What a hook does once imported (its work, without start-up), best of ``runs``: the part of its
    cost that could follow the repository."""
    sys.path.insert(0, str(ROOT))
    from mlgate import hooks as mlgate_hooks

    lines = []
    for hook in file_hooks():
        if hook.id not in mlgate_hooks.HOOKS:
            continue
        work = []
        for repo in trees.values():
            files = staged_for(hook, repo)
            best = float("inf")
            for _ in range(runs):
                start = time.perf_counter()
                mlgate_hooks.run_hook(mlgate_hooks.HOOKS[hook.id], files, root=repo, out=lambda _line: None)
                best = min(best, (time.perf_counter() - start) * 1000)
            work.append(best)
        lines.append(f"{hook.id:<20} " + "   ".join(f"{s:,} files {w:5.1f} ms" for s, w in zip(trees, work,
                                                                                                  strict=True)))
    return lines


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", default="1000,50000")
    parser.add_argument("--runs", type=int, default=21)
    parser.add_argument("--work", type=Path, default=Path("/tmp/mlgate-bench"))
    parser.add_argument("--venv", type=Path, help="the virtualenv (default: WORK/hooks-venv)")
    parser.add_argument("--checkout", action="store_true", help="run this checkout with this interpreter")
    parser.add_argument("--check", action="store_true", help="exit 1 when over budget or growing with the repo")
    args = parser.parse_args(argv)

    sys.path.insert(0, str(ROOT / "bench"))
    from run import tree  # the trees bench/run.py times (generated once, kept in WORK)

    sizes = sorted(int(s) for s in args.sizes.split(","))
    trees = {s: tree(args.work, s) for s in sizes}
    bin_dir = None if args.checkout else ensure_venv(args.venv or args.work / "hooks-venv")
    print(f"{'this checkout, ' + sys.executable if bin_dir is None else 'console scripts in ' + str(bin_dir.parent)}"
          f"; median of {args.runs} runs (min-max)", flush=True)
    baseline, results = time_hooks(trees, args.runs, bin_dir)
    print("\n".join(table(sizes, baseline, results)))
    print("\nin-process work of one hook run (imports and interpreter start-up excluded), best of runs:")
    with config_file(list(trees.values())):
        print("\n".join(in_process(trees, args.runs)))
    bad = over_budget(sizes, results)
    if args.check and bad:
        print(f"\nover the {BUDGET_MS:.0f} ms budget, or more than {MAX_RATIO}x from the smallest tree to the "
              "largest: " + "; ".join(bad), file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
