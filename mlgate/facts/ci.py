"""What CI runs, and on which events: GitHub Actions workflows, GitLab CI jobs, Azure Pipelines,
CircleCI and Jenkinsfiles, with ``make`` targets expanded from the Makefile and ``tox`` / ``nox``
expanded into the commands their environments and sessions run."""

from __future__ import annotations

import ast
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
    system: str  # "github" | "gitlab" | "azure" | "circleci" | "jenkins"

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


def tox_commands(index: RepoIndex) -> list[str]:
    """The `commands` of every tox environment (tox.ini, setup.cfg [tox:...], tox.toml, pyproject)."""

    def compute() -> list[str]:
        out: list[str] = []
        for path in ("tox.ini", "setup.cfg"):
            if not index.exists(path):
                continue
            section = ""
            in_commands = False
            for line in index.lines(path):
                header = re.match(r"^\s*\[([^\]]+)\]", line)
                if header:
                    section, in_commands = header.group(1), False
                    continue
                if not section.startswith(("testenv", "tox:")):
                    continue
                m = re.match(r"^(commands(?:_pre|_post)?)\s*=\s*(.*)$", line)
                if m:
                    in_commands = True
                    if m.group(2).strip():
                        out.append(m.group(2).strip())
                elif in_commands and line[:1].isspace() and line.strip():
                    out.append(line.strip())
                elif line.strip():
                    in_commands = False
        for path in ("tox.toml", "pyproject.toml"):
            if not index.exists(path):
                continue
            data = index.toml(path) or {}
            tool = data.get("tool")
            tox = tool.get("tox") if path == "pyproject.toml" and isinstance(tool, dict) else data
            if not isinstance(tox, dict):
                continue
            legacy = tox.get("legacy_tox_ini")
            if isinstance(legacy, str):
                out.extend(ln.strip() for ln in legacy.splitlines()
                           if ln.strip() and not ln.strip().startswith(("[", "#")))
            envs = tox.get("env")
            if not isinstance(envs, dict):
                envs = {}
            for env in [tox.get("env_run_base"), *envs.values()]:
                cmds = env.get("commands") if isinstance(env, dict) else None
                for cmd in cmds if isinstance(cmds, list) else []:
                    if isinstance(cmd, list):
                        out.append(" ".join(str(c) for c in cmd))
        return out

    return index.memo("tox-commands", compute)


def nox_commands(index: RepoIndex) -> list[str]:
    """The commands noxfile.py sessions run (`session.run("pytest", "--cov")` -> `pytest --cov`)."""

    def compute() -> list[str]:
        out: list[str] = []
        src = index.python("noxfile.py") if index.exists("noxfile.py") else None
        if src is not None:
            for node in ast.walk(src.tree):
                if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) \
                        and node.func.attr in ("run", "run_always"):
                    words = [a.value for a in node.args
                             if isinstance(a, ast.Constant) and isinstance(a.value, str)]
                    if words:
                        out.append(" ".join(words))
        return out

    return index.memo("nox-commands", compute)


_SCRIPT = re.compile(r"(?:^|[;&|(\s])(?:\.|source|bash|sh)\s+(?:\./)?([\w./-]+\.sh)\b"
                     r"|(?:^|[;&|(\s])\./([\w./-]+\.sh)\b")


def _expand_scripts(index: RepoIndex, command: str, cwd: str | None = None) -> str:
    """Append the text of shell scripts a command runs (`bash ci/test.sh`, `. run.sh`), found by path or,
    when the job runs in another directory, by a unique file name; bounded."""
    extra = []
    for m in _SCRIPT.finditer(command):
        name = m.group(1) or m.group(2)
        base = (cwd or "").strip("./").rstrip("/")
        if base and index.exists(f"{base}/{name}"):
            target = f"{base}/{name}"
        elif index.exists(name):
            target = name
        else:
            hits = [f for f in index.files if f.endswith("/" + name)]
            if len(hits) != 1:
                continue
            target = hits[0]
        text = index.text(target)
        if text:
            extra.append(text[:20_000])
    return command + "".join(f" ; {t}" for t in extra[:3]) if extra else command


MAX_EXPANDED = 100_000


def expand(index: RepoIndex, command: str, depth: int = 0, cwd: str | None = None) -> str:
    """A CI command with `make target` replaced by the target's recipe, `tox` / `nox` followed by the
    commands their environments run, and the shell scripts it runs appended (bounded depth and size,
    computed once per command)."""
    if depth > 2:
        return command
    cache: dict[tuple[str, int, str | None], str] = index.memo("ci-expand-cache", dict)
    key = (command, depth, cwd)
    if key not in cache:
        cache[key] = _expand(index, command, depth, cwd)[:MAX_EXPANDED]
    return cache[key]


def _expand(index: RepoIndex, command: str, depth: int, cwd: str | None) -> str:
    if re.search(r"(?<![\w-])tox(\s|$)", command) and tox_commands(index):
        command += " ; " + " ; ".join(tox_commands(index))
    if re.search(r"(?<![\w-])nox(\s|$)", command) and nox_commands(index):
        command += " ; " + " ; ".join(nox_commands(index))
    if depth == 0:
        command = _expand_scripts(index, command, cwd)
    if "make" not in command:
        return command
    targets = _makefile_targets(index)
    seen: set[str] = set()

    def repl(m: re.Match[str]) -> str:
        recipe = targets.get(m.group(1))
        if not recipe or m.group(1) in seen:
            return m.group(0)
        seen.add(m.group(1))
        return m.group(0) + " ; " + " ; ".join(expand(index, r, depth + 1) for r in recipe)

    return re.sub(r"\bmake\s+(?:-\S+\s+)*([A-Za-z0-9_.-]+)", repl, command)


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
                defaults = job.get("defaults")
                job_cwd = defaults.get("run", {}).get("working-directory") if isinstance(defaults, dict) \
                    and isinstance(defaults.get("run"), dict) else None
                for step in steps:
                    if isinstance(step, dict) and isinstance(step.get("run"), str):
                        cwd = step.get("working-directory") or job_cwd
                        out.append(CiCommand(path, yaml_line(step, "run"),
                                             expand(index, step["run"], cwd=str(cwd) if cwd else None), triggers,
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


def _azure_files(index: RepoIndex) -> list[str]:
    out = [p for p in index.files if p.rsplit("/", 1)[-1] in ("azure-pipelines.yml", "azure-pipelines.yaml")]
    for folder in (".azure-pipelines", ".pipelines", "azure-pipelines", ".azuredevops"):
        out += [p for p in index.under(folder) if p.endswith((".yml", ".yaml"))]
    return sorted(set(out))


def _azure_triggers(doc: dict[str, Any]) -> frozenset[str]:
    # Azure runs a pipeline on every push and (for GitHub repositories) every PR unless told `none`
    out = set()
    if doc.get("trigger", "default") not in ("none", False, None):
        out.add("push")
    if doc.get("pr", "default") not in ("none", False, None):
        out.add("pull_request")
    if doc.get("schedules"):
        out.add("schedule")
    return frozenset(out) or frozenset({"manual"})


def _walk_steps(node: Any, depth: int = 0) -> list[Any]:
    """Every step mapping under any `steps:` list of a CI document (stages and jobs nest freely)."""
    if depth > 12:
        return []
    out: list[Any] = []
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "steps" and isinstance(value, list):
                out.extend(v for v in value if isinstance(v, dict))
            else:
                out.extend(_walk_steps(value, depth + 1))
    elif isinstance(node, list):
        for value in node:
            out.extend(_walk_steps(value, depth + 1))
    return out


def _azure(index: RepoIndex) -> list[CiCommand]:
    out: list[CiCommand] = []
    for path in _azure_files(index):
        for doc in index.yaml(path):
            if not isinstance(doc, dict):
                continue
            triggers = _azure_triggers(doc)
            for step in _walk_steps(doc):
                for key in ("script", "bash", "pwsh", "powershell"):
                    if isinstance(step.get(key), str):
                        out.append(CiCommand(path, yaml_line(step, key), expand(index, step[key]), triggers,
                                             "azure"))
                inputs = step.get("inputs")
                if isinstance(step.get("task"), str) and isinstance(inputs, dict):
                    for key in ("script", "inlineScript", "arguments"):
                        if isinstance(inputs.get(key), str):
                            out.append(CiCommand(path, yaml_line(inputs, key), expand(index, inputs[key]),
                                                 triggers, "azure"))
    return out


def _circle_scheduled_jobs(doc: dict[str, Any]) -> set[str]:
    """Jobs that only scheduled workflows run."""
    on_push: set[str] = set()
    on_schedule: set[str] = set()
    workflows = doc.get("workflows")
    for wf in workflows.values() if isinstance(workflows, dict) else []:
        if not isinstance(wf, dict):
            continue
        names = set()
        for job in wf.get("jobs") or []:
            names.add(str(next(iter(job))) if isinstance(job, dict) and job else str(job))
        (on_schedule if wf.get("triggers") else on_push).update(names)
    return on_schedule - on_push


def _circleci(index: RepoIndex) -> list[CiCommand]:
    out: list[CiCommand] = []
    path = ".circleci/config.yml"
    if not index.exists(path):
        return out
    for doc in index.yaml(path):
        if not isinstance(doc, dict):
            continue
        scheduled_only = _circle_scheduled_jobs(doc)
        jobs = doc.get("jobs")
        for name, job in jobs.items() if isinstance(jobs, dict) else []:
            steps = job.get("steps") if isinstance(job, dict) else None
            triggers = frozenset({"schedule"}) if name in scheduled_only else frozenset({"push"})
            for i, step in enumerate(steps if isinstance(steps, list) else []):
                cmd, line = None, yaml_line(steps, i)
                if isinstance(step, str) and step.endswith("/test"):
                    cmd = "pytest"  # the python orb's test step
                elif isinstance(step, dict) and "run" in step:
                    run = step["run"]
                    cmd = run if isinstance(run, str) else (run.get("command") if isinstance(run, dict) else None)
                    line = yaml_line(run, "command") if isinstance(run, dict) else yaml_line(step, "run")
                elif isinstance(step, dict) and any(str(k).endswith("/test") for k in step):
                    cmd = "pytest"
                if isinstance(cmd, str):
                    out.append(CiCommand(path, line, expand(index, cmd), triggers, "circleci"))
    return out


_JENKINS_STEP = re.compile(r"""\b(sh|bat|powershell|pwsh)\s*\(?\s*(?:script\s*:\s*)?('''|\"\"\"|'|")(.*?)\2""", re.S)


def _jenkins(index: RepoIndex) -> list[CiCommand]:
    out: list[CiCommand] = []
    for path in index.named("Jenkinsfile"):
        text = index.text(path) or ""
        triggers = {"push"}  # multibranch pipelines build every pushed branch and pull request
        if re.search(r"\btriggers\s*\{[^}]*\bcron\s*\(", text):
            triggers.add("schedule")
        for m in _JENKINS_STEP.finditer(text):
            line = text.count("\n", 0, m.start()) + 1
            out.append(CiCommand(path, line, expand(index, m.group(3)), frozenset(triggers), "jenkins"))
    return out


def ci_commands(index: RepoIndex) -> list[CiCommand]:
    """Every shell command a CI configuration of the repository runs, with its triggers."""
    return index.memo("ci-commands", lambda: _github(index) + _gitlab(index) + _azure(index)
                      + _circleci(index) + _jenkins(index))


def ci_files(index: RepoIndex) -> list[str]:
    files = [p for p in index.under(".github/workflows") if p.endswith((".yml", ".yaml"))]
    files += [p for p in (".gitlab-ci.yml", ".circleci/config.yml") if index.exists(p)]
    return files + _azure_files(index) + index.named("Jenkinsfile")


def mentions(command: str, path: str) -> bool:
    """Does a shell command run the Python file ``path`` (by path, or as `python -m module`)?"""
    if path in command:
        return True
    if "/" in path and re.search(r"(^|[\s;&(])(\./)?" + re.escape(path.rsplit("/", 1)[-1]) + r"\b", command) \
            and "cd " in command:
        return True
    module = path[:-3].replace("/", ".") if path.endswith(".py") else None
    if module is None:
        return False
    return any(module == m or module.endswith("." + m) for m in re.findall(r"-m\s+([\w.]+)", command))


def runs_tests(command: str) -> bool:
    return TEST_COMMAND.search(command) is not None
