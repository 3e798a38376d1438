"""What runs automatically: files executed by a CI job on every change, a DVC pipeline stage,
a pre-commit hook, or a test suite that CI runs; and the repository modules those files import.

- ``automation_commands(index)``: (where, command, why) for every command that runs repeatedly
  without a person: commands that CI jobs triggered by push/pull_request/schedule reach (the CI
  model, ``ci_reached``), ``dvc.yaml`` stage ``cmd``s, pre-commit hook entries.
- ``automated_files(index) -> dict[path, why]``: Python files such a command runs (named by path
  or as ``python -m module``), test files when CI runs the test suite, and the repository modules
  they import (two levels deep).
"""

from __future__ import annotations

import re

from mlgate.facts.ci import ci_jobs, ci_reached, job_may_run_tests
from mlgate.facts.dvc import pipelines
from mlgate.facts.python import is_test_path, repo_imports, resolve_module
from mlgate.repo import RepoIndex


def automation_commands(index: RepoIndex) -> list[tuple[str, str, str]]:
    def compute() -> list[tuple[str, str, str]]:
        out: list[tuple[str, str, str]] = []
        for job, r in ci_reached(index):
            if job.on_change or job.scheduled:
                out.append((r.path, r.command, f"CI ({r.path})"))
        for pipe in pipelines(index):
            for stage in pipe.stages.values():
                if stage.cmd:
                    out.append((pipe.path, stage.cmd, f"DVC stage `{stage.name}` ({pipe.path})"))
        for doc in index.yaml(".pre-commit-config.yaml") if index.exists(".pre-commit-config.yaml") else []:
            repos = doc.get("repos") if isinstance(doc, dict) else None
            for repo in repos if isinstance(repos, list) else []:
                hooks = repo.get("hooks") if isinstance(repo, dict) else None
                for hook in hooks if isinstance(hooks, list) else []:
                    if isinstance(hook, dict) and isinstance(hook.get("entry"), str):
                        out.append((".pre-commit-config.yaml", hook["entry"], "a pre-commit hook"))
        return out

    return index.memo("automation-commands", compute)


def _named_files(index: RepoIndex, command: str) -> set[str]:
    found: set[str] = set()
    for token in re.findall(r"[\w./-]+\.py\b", command):
        token = token.removeprefix("./")
        if index.exists(token):
            found.add(token)
        else:
            found.update(p for p in index.files if p.endswith("/" + token))
    for module in re.findall(r"-m\s+([\w.]+)", command):
        path = resolve_module(index, module)
        if path:
            found.add(path)
    return found


def automated_files(index: RepoIndex) -> dict[str, str]:
    def compute() -> dict[str, str]:
        out: dict[str, str] = {}
        for _where, command, why in automation_commands(index):
            for path in _named_files(index, command):
                out.setdefault(path, why)
        for job in ci_jobs(index):
            if (job.on_change or job.scheduled) and job_may_run_tests(job):
                why = f"CI ({job.path})"
                for path in index.files:
                    if path.endswith(".py") and is_test_path(path):
                        out.setdefault(path, f"tests run by {why}")
        frontier = list(out)
        for _depth in range(2):
            nxt = []
            for path in frontier:
                for dep in repo_imports(index, path):
                    if dep not in out:
                        out[dep] = f"imported by {path} ({out[path]})"
                        nxt.append(dep)
            frontier = nxt
        return out

    return index.memo("automated-files", compute)
