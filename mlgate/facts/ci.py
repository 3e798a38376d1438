"""What CI runs, and on which events: GitHub Actions workflows and GitLab CI jobs, with ``make``
targets expanded one level from the Makefile."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from mlgate.repo import RepoIndex, yaml_line

# Events that run a workflow on every change (a gate), and ones that only run it by hand or on a clock.
CHANGE_EVENTS = frozenset({"push", "pull_request", "pull_request_target", "merge_group"})
SCHEDULE_EVENTS = frozenset({"schedule"})

TEST_COMMAND = re.compile(
    r"(?<![\w.-])(?:py\.test|pytest)(?![\w-])"
    r"|python[\d.]*\s+-m\s+(?:pytest|unittest)\b"
    r"|(?<![\w-])(?:tox|nox)(?:\s|$)"
    r"|\bhatch\s+(?:run\s+\S*test|test)\b"
    r"|\b(?:make|just|task|poe|invoke)\s+(?:\S+\s+)*?(?:test|tests|check|ci|unit|unittest)\b"
)


@dataclass(frozen=True)
class CiCommand:
    path: str
    line: int | None
    command: str
    triggers: frozenset[str]
    system: str  # "github" | "gitlab"

    @property
    def on_change(self) -> bool:
        return bool(self.triggers & CHANGE_EVENTS)

    @property
    def scheduled(self) -> bool:
        return bool(self.triggers & SCHEDULE_EVENTS)


def _github_triggers(doc: Any) -> frozenset[str]:
    on = None
    if isinstance(doc, dict):
        on = doc.get("on", doc.get(True))  # YAML 1.1 readers turn `on` into True
    if isinstance(on, str):
        return frozenset({on})
    if isinstance(on, list):
        return frozenset(str(x) for x in on)
    if isinstance(on, dict):
        return frozenset(str(k) for k in on)
    return frozenset()


def _makefile_targets(index: RepoIndex) -> dict[str, list[str]]:
    def compute() -> dict[str, list[str]]:
        targets: dict[str, list[str]] = {}
        for path in index.named("Makefile", "makefile", "GNUmakefile"):
            if "/" in path:
                continue
            current: list[str] | None = None
            for line in index.lines(path):
                m = re.match(r"^([A-Za-z0-9_.-]+(?:\s+[A-Za-z0-9_.-]+)*)\s*:(?!=)(.*)$", line)
                if m and not line.startswith("\t"):
                    current = []
                    for name in m.group(1).split():
                        targets.setdefault(name, current)
                    deps = m.group(2).split("#")[0].split()
                    current.extend(f"make {d}" for d in deps if re.match(r"^[A-Za-z0-9_.-]+$", d))
                elif line.startswith("\t") and current is not None:
                    current.append(line.strip().lstrip("@-"))
                elif line.strip() and not line.startswith("#"):
                    current = None
        return targets

    return index.memo("makefile-targets", compute)


_SCRIPT = re.compile(r"(?:\b(?:bash|sh|zsh|source)\s+|(?<![\w/])\./)((?:[\w.-]+/)*[\w.-]+\.sh)\b")


def expand(index: RepoIndex, command: str, depth: int = 0) -> str:
    """A CI command with `make target` replaced by the target's recipe and `bash script.sh` by the
    script's text (two levels deep at most), so that what CI really runs can be read."""
    if depth > 2:
        return command
    out = command
    if "make" in command:
        targets = _makefile_targets(index)

        def recipe(m: re.Match[str]) -> str:
            lines = targets.get(m.group(1))
            if not lines:
                return m.group(0)
            return m.group(0) + " ; " + " ; ".join(expand(index, r, depth + 1) for r in lines)

        out = re.sub(r"\bmake\s+(?:-\S+\s+)*([A-Za-z0-9_.-]+)", recipe, out)
    for m in _SCRIPT.finditer(command):
        path = m.group(1).removeprefix("./")
        if index.exists(path) and (index.size(path) or 0) < 100_000:
            out += " ; " + expand(index, index.text(path) or "", depth + 1)
    return out


def _github(index: RepoIndex) -> list[CiCommand]:
    out: list[CiCommand] = []
    for path in index.under(".github/workflows"):
        if not path.endswith((".yml", ".yaml")) or path.count("/") != 2:
            continue
        for doc in index.yaml(path):
            triggers = _github_triggers(doc)
            jobs = doc.get("jobs") if isinstance(doc, dict) else None
            if not isinstance(jobs, dict):
                continue
            for job in jobs.values():
                steps = job.get("steps") if isinstance(job, dict) else None
                if not isinstance(steps, list):
                    continue
                for step in steps:
                    if isinstance(step, dict) and isinstance(step.get("run"), str):
                        out.append(CiCommand(path, yaml_line(step, "run"), expand(index, step["run"]), triggers,
                                             "github"))
    return out


_GITLAB_RESERVED = frozenset({"stages", "variables", "default", "include", "workflow", "image", "services",
                              "before_script", "after_script", "cache", "pages"})


def _gitlab(index: RepoIndex) -> list[CiCommand]:
    out: list[CiCommand] = []
    if not index.exists(".gitlab-ci.yml"):
        return out
    for doc in index.yaml(".gitlab-ci.yml"):
        if not isinstance(doc, dict):
            continue
        for name, job in doc.items():
            if str(name).startswith(".") or name in _GITLAB_RESERVED or not isinstance(job, dict):
                continue
            script = job.get("script")
            lines = [script] if isinstance(script, str) else script if isinstance(script, list) else []
            manual = job.get("when") == "manual"
            # GitLab runs a job on every push (and merge request pipeline) unless it is manual
            triggers = frozenset({"manual"}) if manual else frozenset({"push"})
            for i, cmd in enumerate(lines):
                if isinstance(cmd, str):
                    line = yaml_line(script, i) if isinstance(script, list) else yaml_line(job, "script")
                    out.append(CiCommand(".gitlab-ci.yml", line, expand(index, cmd), triggers, "gitlab"))
    return out


def ci_commands(index: RepoIndex) -> list[CiCommand]:
    """Every shell command a CI configuration of the repository runs, with its triggers."""
    return index.memo("ci-commands", lambda: _github(index) + _gitlab(index))


def ci_files(index: RepoIndex) -> list[str]:
    files = [p for p in index.under(".github/workflows") if p.endswith((".yml", ".yaml"))]
    return files + [p for p in (".gitlab-ci.yml",) if index.exists(p)]


def runs_tests(command: str) -> bool:
    return TEST_COMMAND.search(command) is not None
