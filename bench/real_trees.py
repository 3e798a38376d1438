"""Real repositories for the benchmark, at fixed commits, read from local caches.

The caches are the folders of ``$MLGATE_BENCH_CACHE`` (``os.pathsep``-separated), by default the accuracy
corpus (``$MLGATE_CORPUS``, else ``~/.cache/mlgate/corpus``) and then ``/tmp/mlgate-bench-cache``: one
checkout per repository named ``owner__name`` (the corpus layout) or ``owner+name``. The benchmark only
reads them. A checkout at another commit is used as it is, and the table says which commit it measured.
``python bench/real_trees.py --fetch`` clones the missing ones into the last cache (network);
``--seed-from DIR`` makes them from local bare mirrors instead (``DIR/owner+name/repo``);
``python bench/run.py --real`` measures every tree present.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class RealTree:
    repo: str  # owner/name on GitHub
    commit: str
    what: str

    @property
    def slug(self) -> str:
        return self.repo.replace("/", "+")


REAL_TREES = (
    RealTree("huggingface/peft", "5d602fdbff04c33c1c4de55cda9d4ae1d7cb7e40", "library, 970 files"),
    RealTree("Lightning-AI/pytorch-lightning", "7f0c3436cd3f6ad3753125672024fc415cbcb414", "library, 1,054 files"),
    RealTree("huggingface/diffusers", "58eb52c0803ea9af3abec60841c2a093bdf1f951", "library, 2,849 files"),
    RealTree("bridgecrewio/checkov", "03d5fdad8d6154b1565799a7b1fb8070c158866f", "not ML, 9,853 files"),
    RealTree("kserve/kserve", "aaac4e294dae2c7b1aa1886447793f3aa1c30912", "serving platform, 2,900 files"),
    RealTree("ultralytics/yolov5", "5081342f04fb287fc2e5f2b5a4e06752b7937b1c", "ML application, 144 files"),
    RealTree("GokuMohandas/Made-With-ML", "66e8e437115029422db1a80ff93c308cfcd82648", "ML application, 56 files"),
    RealTree("DataTalksClub/mlops-zoomcamp", "86e42886b59477481fc3e37eb40fb7409d886e1d", "course, 340 files"),
    RealTree("ashleve/lightning-hydra-template", "bddbc24b82ab6ccfa6243e815a49dc5bfe8d4144", "template, 85 files"),
)


def cache_dirs() -> list[Path]:
    """The caches, searched in order."""
    configured = os.environ.get("MLGATE_BENCH_CACHE")
    if configured:
        return [Path(p).expanduser() for p in configured.split(os.pathsep) if p]
    corpus = os.environ.get("MLGATE_CORPUS") or "~/.cache/mlgate/corpus"
    return [Path(corpus).expanduser(), Path("/tmp/mlgate-bench-cache")]


def cache_dir() -> Path:
    """Where --fetch and --seed-from put the trees that no cache holds: the last cache."""
    return cache_dirs()[-1]


def describe_caches() -> str:
    return ", ".join(f"`{d}`" for d in cache_dirs())


def head(path: Path) -> str | None:
    proc = subprocess.run(["git", "rev-parse", "HEAD"], cwd=path, capture_output=True, text=True, check=False)
    return proc.stdout.strip() if proc.returncode == 0 else None


def locate(tree: RealTree) -> tuple[Path, str] | None:
    """(checkout, its commit) from the first cache that holds the tree."""
    owner, name = tree.repo.split("/")
    for folder in cache_dirs():
        for path in (folder / f"{owner}__{name}", folder / tree.slug):
            if (path / ".git").exists():
                commit = head(path)
                if commit:
                    return path, commit
    return None


def _checkout(dest: Path, tree: RealTree) -> None:
    if tree.commit:
        subprocess.run(["git", "-c", "advice.detachedHead=false", "checkout", "-q", tree.commit], cwd=dest, check=True)
    else:
        subprocess.run(["git", "checkout", "-q", "HEAD"], cwd=dest, check=True)


def fetch(tree: RealTree) -> Path:
    """Clone the tree into the last cache at its commit (blobs of that commit only)."""
    dest = cache_dir() / tree.slug
    if not (dest / ".git").exists():
        dest.parent.mkdir(parents=True, exist_ok=True)
        subprocess.run(["git", "clone", "-q", "--filter=blob:none", "--no-checkout",
                        f"https://github.com/{tree.repo}.git", str(dest)], check=True)
    _checkout(dest, tree)
    return dest


def seed(tree: RealTree, mirrors: Path) -> Path | None:
    """Make the checkout in the last cache from a local bare mirror (``mirrors/owner+name/repo``, as the
    fetch tool leaves them, or ``mirrors/owner+name``); None when there is no mirror."""
    base = mirrors / tree.slug
    gitdir = next((c for c in (base / "repo", base) if (c / "HEAD").is_file() and (c / "objects").is_dir()), None)
    if gitdir is None:
        return None
    dest = cache_dir() / tree.slug
    if not (dest / ".git").exists():
        dest.parent.mkdir(parents=True, exist_ok=True)
        subprocess.run(["git", "clone", "-q", "--no-checkout", "--shared", str(gitdir), str(dest)], check=True)
    _checkout(dest, tree)
    return dest


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--fetch", action="store_true", help="clone the trees missing from the caches (network)")
    ap.add_argument("--seed-from", type=Path, metavar="DIR", help="make the missing trees from local bare mirrors")
    args = ap.parse_args()
    for tree in REAL_TREES:
        found = locate(tree)
        if found is None and args.seed_from:
            seed(tree, args.seed_from)
            found = locate(tree)
        if found is None and args.fetch:
            fetch(tree)
            found = locate(tree)
        if found is None:
            print(f"{tree.repo}: not in {describe_caches()}")
        else:
            path, commit = found
            pinned = "" if not tree.commit or commit == tree.commit else f" (pinned {tree.commit[:12]})"
            print(f"{tree.repo}: {path} at {commit[:12]}{pinned}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
