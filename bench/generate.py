"""Generate a realistic synthetic ML monorepo with a given number of tracked files.

    python bench/generate.py DEST --files 10000 [--seed 7]

The tree has the shapes mlgate meets in real repositories: Python packages with feature and model
modules, training entrypoints, tests, notebooks, DVC files, params and Hydra-style configs, deploy
manifests (KServe, Argo Rollouts), Prometheus rules, Dockerfiles, requirements, CODEOWNERS, small
committed artifacts, and a long tail of ordinary application code and docs. It is committed as a git
repository so that `mlgate check` sees tracked files exactly as in CI.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import subprocess
from pathlib import Path

FEATURE = '''"""Features for the {team} {name} model."""

import numpy as np
import pandas as pd


def {fn}_ratio(df: pd.DataFrame) -> pd.Series:
    return df["{a}"] / df["{b}"].clip(lower=1.0)


def {fn}_bucket(df: pd.DataFrame) -> pd.Series:
    return pd.cut(df["{a}"], bins=[0, 10, 100, 1000, np.inf], labels=False)


def build_{fn}(df: pd.DataFrame) -> pd.DataFrame:
    out = pd.DataFrame(index=df.index)
    out["{fn}_ratio"] = {fn}_ratio(df)
    out["{fn}_bucket"] = {fn}_bucket(df)
    return out
'''

MODEL = '''import torch
from torch import nn


class {cls}(nn.Module):
    def __init__(self, n_features: int, hidden: int = {hidden}) -> None:
        super().__init__()
        self.net = nn.Sequential(nn.Linear(n_features, hidden), nn.ReLU(), nn.Linear(hidden, 1))

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.net(x)
'''

TRAIN = '''import random
import sys

import mlflow
import numpy as np
import torch
import yaml
from transformers import AutoTokenizer

from {pkg}.models.net import {cls}

TOKENIZER = "{hf}"


def main(config_path: str) -> None:
    cfg = yaml.safe_load(open(config_path))
    random.seed(cfg["seed"])
    np.random.seed(cfg["seed"])
    torch.manual_seed(cfg["seed"])
    tokenizer = AutoTokenizer.from_pretrained(TOKENIZER{revision})
    model = {cls}(cfg["n_features"])
    optimizer = torch.optim.Adam(model.parameters(), lr=cfg["lr"])
    with mlflow.start_run():
        mlflow.log_params(cfg)
        for _ in range(cfg["epochs"]):
            loss = model(torch.randn(8, cfg["n_features"])).pow(2).mean()
            optimizer.zero_grad()
            loss.backward()
            optimizer.step()
    print(len(tokenizer))


if __name__ == "__main__":
    main(sys.argv[1])
'''

TEST = '''import pandas as pd

from {pkg}.features.{mod} import build_{fn}


def test_build_{fn}_keeps_rows():
    df = pd.DataFrame({{"{a}": [1.0, 50.0], "{b}": [2.0, 5.0]}})
    assert len(build_{fn}(df)) == 2
'''

APP = '''"""{team} service module {i}."""

from dataclasses import dataclass


@dataclass
class Record{i}:
    id: int
    name: str
    score: float = 0.0

    def normalised(self) -> float:
        return max(0.0, min(1.0, self.score / 100.0))


def load_{i}(rows: list[dict]) -> list[Record{i}]:
    return [Record{i}(int(r["id"]), str(r["name"]), float(r.get("score", 0))) for r in rows]
'''

KSERVE = '''apiVersion: serving.kserve.io/v1beta1
kind: InferenceService
metadata:
  name: {name}
spec:
  predictor:
    {canary}model:
      modelFormat:
        name: pytorch
      storageUri: s3://models/{team}/{name}/{version}
'''

PROM = '''groups:
  - name: {team}-{name}
    rules:
      - alert: {Name}HighLatency
        expr: histogram_quantile(0.99, sum(rate(request_latency_seconds_bucket{{app="{name}"}}[5m])) by (le)) > 0.5
        for: 10m
      - alert: {Name}ModelStale
        expr: time() - model_last_trained_timestamp_seconds{{app="{name}"}} > 86400 * 14
        for: 1h
'''

NOTEBOOK_CELLS = [
    "import pandas as pd\nfrom datasets import load_dataset\n",
    "ds = load_dataset('imdb')\ndf = ds['train'].to_pandas()\n",
    "df.describe()\n",
]


def notebook() -> str:
    cells = [{"cell_type": "code", "metadata": {}, "execution_count": i + 1, "outputs": [],
              "source": src.splitlines(keepends=True)} for i, src in enumerate(NOTEBOOK_CELLS)]
    return json.dumps({"cells": cells, "metadata": {}, "nbformat": 4, "nbformat_minor": 5}, indent=1)


def generate(dest: Path, target: int, seed: int) -> int:
    rng = random.Random(seed)
    files: dict[str, str | bytes] = {
        ".github/CODEOWNERS": "* @acme/platform\n/teams/team0/ @acme/team0-ml\n",
        ".github/workflows/ci.yml": "on: [pull_request, push]\njobs:\n  test:\n    runs-on: ubuntu-latest\n"
                                    "    steps:\n      - uses: actions/checkout@v4\n      - run: pytest -q\n",
        ".gitattributes": "*.pt filter=lfs diff=lfs merge=lfs -text\n",
        "README.md": "# acme ML monorepo\n",
    }
    team = 0
    while len(files) < target:
        t = f"team{team}"
        base = f"teams/{t}"
        n_models = rng.randint(1, 3)
        for m in range(n_models):
            name = f"model{m}"
            pkg = f"{t}_{name}"
            root = f"{base}/{name}"
            fn = f"f{m}"
            a, b = rng.choice([("spend", "visits"), ("clicks", "impressions"), ("tenure", "age")])
            files[f"{root}/src/{pkg}/__init__.py"] = ""
            files[f"{root}/src/{pkg}/features/__init__.py"] = ""
            for k in range(rng.randint(2, 5)):
                mod = f"feat{k}"
                files[f"{root}/src/{pkg}/features/{mod}.py"] = FEATURE.format(team=t, name=name, fn=f"{fn}{k}",
                                                                             a=a, b=b)
                if rng.random() < 0.6:
                    files[f"{root}/tests/test_{mod}.py"] = TEST.format(pkg=pkg, mod=mod, fn=f"{fn}{k}", a=a, b=b)
            cls = f"{t.capitalize()}{name.capitalize()}Net"
            files[f"{root}/src/{pkg}/models/__init__.py"] = ""
            files[f"{root}/src/{pkg}/models/net.py"] = MODEL.format(cls=cls, hidden=rng.choice([32, 64, 128]))
            revision = ', revision="' + f"{rng.getrandbits(160):040x}" + '"' if rng.random() < 0.5 else ""
            files[f"{root}/src/{pkg}/train.py"] = TRAIN.format(pkg=pkg, cls=cls, hf="bert-base-uncased",
                                                              revision=revision)
            files[f"{root}/configs/model/{name}.yaml"] = (f"seed: {rng.randint(1, 9999)}\nn_features: 16\n"
                                                         f"lr: 0.001\nepochs: {rng.randint(1, 20)}\n")
            files[f"{root}/params.yaml"] = f"train:\n  lr: 0.001\n  epochs: {rng.randint(1, 20)}\n"
            files[f"{root}/dvc.yaml"] = (f"stages:\n  featurize:\n    cmd: python -m {pkg}.features\n    deps:\n"
                                         f"      - src/{pkg}/features\n    outs:\n      - data/features\n"
                                         f"  train:\n    cmd: python -m {pkg}.train configs/model/{name}.yaml\n"
                                         f"    deps:\n      - data/features\n    params:\n      - train\n"
                                         f"    outs:\n      - models/{name}.pt\n")
            files[f"{root}/data/raw.csv.dvc"] = (f"outs:\n- md5: {rng.getrandbits(128):032x}\n  size: "
                                                 f"{rng.randint(1000, 10**8)}\n  hash: md5\n  path: raw.csv\n")
            files[f"{root}/notebooks/explore.ipynb"] = notebook()
            files[f"{root}/requirements.txt"] = "numpy==1.26.4\npandas==2.2.2\ntorch==2.3.0\ntransformers>=4.40\n"
            files[f"{root}/Dockerfile"] = rng.choice([
                "FROM python:3.11-slim\nCOPY . /app\n",
                "FROM python:3.11-slim@sha256:" + f"{rng.getrandbits(256):064x}" + "\nCOPY . /app\n",
                "FROM pytorch/pytorch:latest\nCOPY . /app\n"])
            canary = "canaryTrafficPercent: 10\n    " if rng.random() < 0.5 else ""
            files[f"{root}/deploy/inferenceservice.yaml"] = KSERVE.format(name=name, team=t, canary=canary,
                                                                         version=rng.choice(["v3", "latest"]))
            files[f"{root}/monitoring/alerts.yaml"] = PROM.format(team=t, name=name, Name=name.capitalize())
            files[f"{root}/models/{name}.pkl"] = b"\x80\x04\x95" + bytes(rng.getrandbits(8) for _ in range(64))
        for i in range(rng.randint(30, 120)):
            files[f"{base}/app/module_{i}.py"] = APP.format(team=t, i=i)
            if i % 4 == 0:
                files[f"{base}/docs/page_{i}.md"] = f"# {t} page {i}\n\nSome documentation text.\n" * 5
            if i % 10 == 0:
                files[f"{base}/app/config_{i}.json"] = json.dumps({"id": i, "enabled": True, "name": t})
        team += 1
    for rel, content in list(files.items())[:target]:
        path = dest / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")
    env = {**os.environ, "GIT_AUTHOR_NAME": "bench", "GIT_AUTHOR_EMAIL": "bench@example.com",
           "GIT_COMMITTER_NAME": "bench", "GIT_COMMITTER_EMAIL": "bench@example.com"}
    for cmd in (["git", "init", "-q", "-b", "main"], ["git", "add", "-A"], ["git", "commit", "-qm", "generated"]):
        subprocess.run(cmd, cwd=dest, check=True, env=env)
    return min(len(files), target)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("dest", type=Path)
    parser.add_argument("--files", type=int, default=10_000)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    if args.dest.exists() and any(args.dest.iterdir()):
        parser.error(f"{args.dest} exists and is not empty")
    args.dest.mkdir(parents=True, exist_ok=True)
    n = generate(args.dest, args.files, args.seed)
    print(f"{n} files in {args.dest}")


if __name__ == "__main__":
    main()
