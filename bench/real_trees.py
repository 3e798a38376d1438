"""Real repositories for the benchmark, at fixed commits, read from a local cache.

The cache is ``$MLGATE_BENCH_CACHE`` (default ``/tmp/corpus``), one checkout per repository named
``owner+name`` (the layout of the accuracy corpus). A checkout at another commit is used as it is, and
the table says which commit it measured. ``python bench/real_trees.py --fetch`` clones the missing ones
(network); ``python bench/run.py --real`` measures every tree present.
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
    RealTree("bridgecrewio/checkov", "", "not ML, 9,837 files (any commit: none pinned yet)"),
    RealTree("kserve/kserve", "aaac4e294dae2c7b1aa1886447793f3aa1c30912", "serving platform, 2,900 files"),
    RealTree("ultralytics/yolov5", "5081342f04fb287fc2e5f2b5a4e06752b7937b1c", "ML application, 144 files"),
    RealTree("DataTalksClub/mlops-zoomcamp", "86e42886b59477481fc3e37eb40fb7409d886e1d", "course, 340 files"),
    RealTree("ashleve/lightning-hydra-template", "bddbc24b82ab6ccfa6243e815a49dc5bfe8d4144", "template, 85 files"),
)


def cache_dir() -> Path:
    return Path(os.environ.get("MLGATE_BENCH_CACHE", "/tmp/corpus"))


def head(path: Path) -> str | None:
    proc = subprocess.run(["git", "rev-parse", "HEAD"], cwd=path, capture_output=True, text=True, check=False)
    return proc.stdout.strip() if proc.returncode == 0 else None


def locate(tree: RealTree) -> tuple[Path, str] | None:
    """(checkout, its commit) when the cache holds the tree."""
    path = cache_dir() / tree.slug
    if not (path / ".git").exists():
        return None
    commit = head(path)
    return (path, commit) if commit else None


def fetch(tree: RealTree) -> Path:
    """Clone the tree into the cache at its commit (blobs of that commit only)."""
    dest = cache_dir() / tree.slug
    if not (dest / ".git").exists():
        dest.parent.mkdir(parents=True, exist_ok=True)
        subprocess.run(["git", "clone", "-q", "--filter=blob:none", "--no-checkout",
                        f"https://github.com/{tree.repo}.git", str(dest)], check=True)
    if tree.commit:
        subprocess.run(["git", "-c", "advice.detachedHead=false", "checkout", "-q", tree.commit], cwd=dest, check=True)
    else:
        subprocess.run(["git", "checkout", "-q", "HEAD"], cwd=dest, check=True)
    return dest


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--fetch", action="store_true", help="clone the trees missing from the cache")
    args = ap.parse_args()
    for tree in REAL_TREES:
        found = locate(tree)
        if found is None and args.fetch:
            fetch(tree)
            found = locate(tree)
        if found is None:
            print(f"{tree.repo}: not in {cache_dir()}")
        else:
            path, commit = found
            pinned = "" if not tree.commit or commit == tree.commit else f" (pinned {tree.commit[:12]})"
            print(f"{tree.repo}: {path} at {commit[:12]}{pinned}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
