"""Benchmark: wall time of each pre-commit file hook on 10 staged files, in a small repository and in
a generated 10,000-file repository. A hook's cost must follow the commit, not the repository:
under 150 ms, and the same in both.

    python bench/hooks.py                     # this checkout, run as `python -m mlgate.hooks`
    python bench/hooks.py --venv /tmp/mlgate-bench-venv   # as pre-commit runs it: an installed
                                              # package's console scripts (the venv is built once)
    python bench/hooks.py --check             # exit 1 when a hook is over budget or grows

Each hook runs ``--runs`` times per repository (after one warm-up run that fills mlgate's cache);
the median and the best are reported, with the ratio large/small.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
HOOKS = ("mlgate-data-pins", "mlgate-provenance", "mlgate-model-spec", "mlgate-rollout", "mlgate-config")
BUDGET_MS = 150.0

STAGED = {
    "requirements.txt": "numpy==1.26.4\npandas==2.2.2\nscikit-learn>=1.4\n",
    "Dockerfile": "FROM python:3.11-slim\nCOPY . /app\nRUN pip install -r /app/requirements.txt\n",
    "configs/model/gbm.yaml": "model:\n  name: gbm\n  learning_rate: 0.05\n  n_estimators: 400\n",
    "params.yaml": "train:\n  seed: 42\n  epochs: 20\n",
    "src/churn/train.py": "import torch\nfrom torch import nn\n\n\nclass Net(nn.Module):\n    pass\n",
    "src/churn/features/tenure.py": "import pandas as pd\n\n\ndef tenure(df):\n    return df['months']\n",
    "deploy/serving.yaml": "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: churn\n",
    "models/churn.pkl.provenance.json": '{"artifact": "models/churn.pkl", "sha256": "00"}\n',
    "data/raw.dvc": "outs:\n- md5: 0123456789abcdef0123456789abcdef\n  path: raw\n",
    ".mlgate.yaml": "fail-on: error\nrules:\n  repro-image-digest: warning\n",
}
CONTEXT = {
    ".github/CODEOWNERS": "/src/ @acme/ml\n/configs/ @acme/ml\n",
    ".gitattributes": "*.pkl filter=lfs diff=lfs merge=lfs -text\n",
    "models/churn.pkl": "version https://git-lfs.github.com/spec/v1\noid sha256:" + "0" * 64 + "\nsize 1\n",
}


def make_repo(root: Path, extra_files: int) -> Path:
    files = {**STAGED, **CONTEXT}
    for i in range(extra_files):
        pkg, mod = divmod(i, 100)
        kind = i % 5
        if kind == 0:
            files[f"src/pkg{pkg}/mod{mod}.py"] = (
                f"import numpy as np\n\n\ndef f{i}(x):\n    return np.asarray(x) * {i}\n"
            )
        elif kind == 1:
            files[f"configs/exp{pkg}/run{mod}.yaml"] = f"model:\n  lr: 0.{i}\n  layers: [{i % 7}, 64]\n"
        elif kind == 2:
            files[f"tests/pkg{pkg}/test_mod{mod}.py"] = f"def test_{i}():\n    assert {i} == {i}\n"
        elif kind == 3:
            files[f"notebooks/nb{pkg}/n{mod}.md"] = f"# notes {i}\n"
        else:
            files[f"deploy/env{pkg}/svc{mod}.yaml"] = (
                f"apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c{i}\n"
            )
    for rel, text in files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    env = {
        **os.environ,
        "GIT_AUTHOR_NAME": "b",
        "GIT_AUTHOR_EMAIL": "b@example.com",
        "GIT_COMMITTER_NAME": "b",
        "GIT_COMMITTER_EMAIL": "b@example.com",
    }
    subprocess.run(["git", "init", "-q", "-b", "main"], cwd=root, check=True, env=env)
    subprocess.run(["git", "add", "-A"], cwd=root, check=True, env=env)
    return root


def ensure_venv(venv: Path) -> Path:
    """A virtualenv with this checkout installed (not editable), as pre-commit builds one."""
    bin_dir = venv / ("Scripts" if os.name == "nt" else "bin")
    if not (bin_dir / "mlgate-hook-data-pins").exists():
        subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
        subprocess.run([str(bin_dir / "python"), "-m", "pip", "install", "-q", str(ROOT)], check=True)
    return bin_dir


def command(hook: str, bin_dir: Path | None) -> list[str]:
    if bin_dir is not None:
        script = {"mlgate-config": "mlgate-hook-config"}.get(
            hook, "mlgate-hook-" + hook.removeprefix("mlgate-")
        )
        return [str(bin_dir / script)]
    return [sys.executable, "-m", "mlgate.hooks", hook]


def time_runs(cmd: list[str], cwd: Path, runs: int, env: dict[str, str]) -> list[float]:
    subprocess.run(cmd, cwd=cwd, env=env, capture_output=True)  # warm-up: fills mlgate's cache
    out = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(cmd, cwd=cwd, env=env, capture_output=True)
        out.append((time.perf_counter() - start) * 1000)
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--files", type=int, default=10_000, help="size of the large repository")
    parser.add_argument(
        "--venv", type=Path, help="run the console scripts of this virtualenv (built if missing)"
    )
    parser.add_argument(
        "--check", action="store_true", help="exit 1 when over budget or growing with the repo"
    )
    args = parser.parse_args(argv)

    bin_dir = ensure_venv(args.venv) if args.venv else None
    env = dict(os.environ)
    if bin_dir is None:
        env["PYTHONPATH"] = str(ROOT)
    with tempfile.TemporaryDirectory() as tmp:
        small = make_repo(Path(tmp) / "small", 20)
        large = make_repo(Path(tmp) / "large", args.files)
        python = str(bin_dir / "python") if bin_dir else sys.executable
        startup = statistics.median(time_runs([python, "-c", "pass"], small, args.runs, env))
        print(f"interpreter start-up alone: {startup:.0f} ms (median)")
        print(
            f"{len(STAGED)} staged files; small repository: 20 files + {len(STAGED) + len(CONTEXT)}, "
            f"large: {args.files:,} + {len(STAGED) + len(CONTEXT)}\n"
        )
        print(
            f"{'hook':<20} {'small median':>12} {'best':>6} {'large median':>13} {'best':>6} "
            f"{'large/small':>12}"
        )
        ok = True
        for hook in HOOKS:
            cmd = [*command(hook, bin_dir), *STAGED]
            s = time_runs(cmd, small, args.runs, env)
            big = time_runs(cmd, large, args.runs, env)
            ms, mb = statistics.median(s), statistics.median(big)
            ratio = mb / ms
            print(
                f"{hook:<20} {ms:>10.0f}ms {min(s):>4.0f}ms {mb:>11.0f}ms {min(big):>4.0f}ms {ratio:>12.2f}"
            )
            if mb > BUDGET_MS or ratio > 1.25:
                ok = False
        print("\nin-process work of one hook run (imports and interpreter start-up excluded), best of runs:")
        sys.path.insert(0, str(ROOT))
        from mlgate import hooks

        for hook in HOOKS[:-1]:
            work = {}
            for name, repo in (("small", small), ("large", large)):
                runs = []
                for _ in range(args.runs):
                    start = time.perf_counter()
                    hooks.run_hook(hooks.HOOKS[hook], list(STAGED), root=repo, out=lambda _line: None)
                    runs.append((time.perf_counter() - start) * 1000)
                work[name] = min(runs)
            print(f"{hook:<20} small {work['small']:5.1f} ms   large {work['large']:5.1f} ms")
    if args.check and not ok:
        print(f"\nover the {BUDGET_MS:.0f} ms budget, or growing with the repository", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
