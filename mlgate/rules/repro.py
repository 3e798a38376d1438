"""Reproducibility rules: pinned dependencies and base images."""

from __future__ import annotations

import re
from pathlib import PurePosixPath

from mlgate.model import Finding, Level, Outcome
from mlgate.rules.base import Context, RuleFn, outcome_from_findings

# ---------------------------------------------------------------------------- repro-deps-pinned
LOCK_FILES = ("poetry.lock", "uv.lock", "Pipfile.lock", "pdm.lock", "conda-lock.yml", "conda-lock.yaml",
              "pixi.lock")
_REQ_NAME = re.compile(r"^(requirements.*|.*requirements|.*-requirements|constraints.*)\.txt$")
_REQ_LINE = re.compile(r"^\s*([A-Za-z0-9][A-Za-z0-9._-]*)\s*(\[[^\]]*\])?\s*(.*)$")
_EXACT = re.compile(r"^(===?)\s*[^*,;\s]+(\s*;.*)?$")
_VCS_PINNED = re.compile(r"@\s*[0-9a-f]{40}\b|@\s*v?\d+(\.\d+)+\b")


def _is_requirements(path: str) -> bool:
    p = PurePosixPath(path)
    return bool(_REQ_NAME.match(p.name)) or (p.suffix == ".txt" and "requirements" in p.parts[:-1])


def _logical_lines(text: str) -> list[tuple[int, str]]:
    """(first line number, text) of each requirement, with continuations joined, comments removed."""
    out: list[tuple[int, str]] = []
    buf, start = "", 0
    for lineno, raw in enumerate(text.splitlines(), start=1):
        line = re.sub(r"(^|\s)#.*$", "", raw)
        if not buf:
            start = lineno
        if line.rstrip().endswith("\\"):
            buf += line.rstrip()[:-1] + " "
            continue
        buf += line
        if buf.strip():
            out.append((start, buf.strip()))
        buf = ""
    if buf.strip():
        out.append((start, buf.strip()))
    return out


def _requirement_state(spec: str) -> tuple[str, str] | None:
    """(name, 'hashed' | 'exact' | 'loose') for a requirement line; None for options and local paths."""
    if spec.startswith(("-", ".", "/")) or spec.startswith(("file:", "git+", "hg+", "svn+", "bzr+")):
        if not spec.startswith(("git+", "hg+")):
            return None
        name = spec.split("#egg=")[-1] if "#egg=" in spec else spec
        return name, "exact" if _VCS_PINNED.search(spec) else "loose"
    hashed = "--hash=" in spec
    body = spec.split("--hash=")[0].strip()
    m = _REQ_LINE.match(body)
    if not m:
        return None
    name, rest = m.group(1), m.group(3).strip()
    if rest.startswith("@"):  # PEP 508 direct reference
        state = "exact" if (_VCS_PINNED.search(rest) or rest.endswith((".whl", ".tar.gz"))) else "loose"
    elif _EXACT.match(rest.split(";")[0].strip()):
        state = "exact"
    else:
        state = "loose"
    if state == "exact" and hashed:
        state = "hashed"
    return name, state


def _requirements_findings(ctx: Context, path: str, locked: bool) -> tuple[list[Finding], int]:
    """Findings for one requirements file; ``locked``: a lock file beside it already pins exact artifacts."""
    text = ctx.index.text(path)
    if text is None:
        return [], 0
    findings: list[Finding] = []
    reqs = [(line, _requirement_state(spec)) for line, spec in _logical_lines(text)]
    reqs_known = [(line, s) for line, s in reqs if s is not None]
    any_hash = any(s[1] == "hashed" for _, s in reqs_known)
    for line, (name, state) in reqs_known:
        if state == "loose":
            findings.append(Finding(path, line, f"{name} is not pinned to an exact version",
                                    remediation=f"Pin it (`{name}==<version>`), or better, generate a lock file "
                                    "with hashes: `uv pip compile --generate-hashes` or "
                                    "`pip-compile --generate-hashes`.", key=f"loose {name}"))
        elif state == "exact" and not any_hash:
            pass  # reported once per file below
        elif state == "exact" and any_hash:
            findings.append(Finding(path, line, f"{name} has no --hash while other requirements do: pip's "
                                    "hash-checking mode will refuse to install", key=f"nohash {name}"))
    exact_only = [ln for ln, s in reqs_known if s[1] == "exact"]
    if exact_only and not any_hash and not locked and not any(f.level is Level.FAIL for f in findings):
        findings.append(Finding(path, exact_only[0], f"{len(exact_only)} requirements are pinned with == but "
                                "without hashes", level=Level.PARTIAL,
                                remediation="Add hashes so the exact artifacts are installed: "
                                "`pip-compile --generate-hashes` (or commit a uv/poetry lock file).",
                                key="no hashes"))
    return findings, 1 if reqs_known else 0


def _pyproject_findings(ctx: Context, path: str, locked: bool) -> tuple[list[Finding], int]:
    doc = ctx.index.toml(path)
    if not isinstance(doc, dict):
        return [], 0
    project = doc.get("project") if isinstance(doc.get("project"), dict) else {}
    deps = project.get("dependencies") if isinstance(project, dict) else None
    poetry = doc.get("tool", {}).get("poetry", {}) if isinstance(doc.get("tool"), dict) else {}
    poetry_deps = poetry.get("dependencies") if isinstance(poetry, dict) else None
    names: list[str] = []
    if isinstance(deps, list):
        for d in deps:
            st = _requirement_state(str(d))
            if st and st[1] == "loose":
                names.append(st[0])
    if isinstance(poetry_deps, dict):
        for name, spec in poetry_deps.items():
            version = spec.get("version") if isinstance(spec, dict) else spec
            if name != "python" and not (isinstance(version, str) and re.match(r"^==?\s*\d[\w.]*$", version)):
                names.append(str(name))
    declared = bool(isinstance(deps, list) and deps) or bool(isinstance(poetry_deps, dict) and
                                                             set(poetry_deps) - {"python"})
    if not declared:
        return [], 0
    if locked or not names:
        return [], 1
    line = next((i for i, ln in enumerate(ctx.index.lines(path), start=1)
                 if re.match(r"^\s*(dependencies\s*=|\[tool\.poetry\.dependencies\])", ln)), None)
    return [Finding(path, line, f"{len(names)} dependencies are version ranges and no lock file is committed "
                    f"({', '.join(names[:4])}{', ...' if len(names) > 4 else ''})", level=Level.PARTIAL,
                    remediation="Commit a lock file next to pyproject.toml (`uv lock`, `poetry lock` or "
                    "`pdm lock`) so training environments can be rebuilt exactly.", key="ranges without lock")], 1


def _folder(path: str) -> str:
    return path.rsplit("/", 1)[0] if "/" in path else ""


def deps_pinned(ctx: Context) -> Outcome:
    index = ctx.index
    locks = [p for p in index.files if p.rsplit("/", 1)[-1] in LOCK_FILES or p.endswith(".conda-lock.yml")]
    lock_dirs = {_folder(p) for p in locks}
    findings: list[Finding] = []
    checked = 0
    requirement_dirs: set[str] = set()
    for path in index.files:
        if _is_requirements(path):
            found, n = _requirements_findings(ctx, path, _folder(path) in lock_dirs)
            findings += found
            checked += n
            if n and not any(f.level is Level.FAIL for f in found):
                requirement_dirs.add(_folder(path))
    for path in index.named("pyproject.toml"):
        folder = _folder(path)
        found, n = _pyproject_findings(ctx, path, folder in lock_dirs or folder in requirement_dirs)
        findings += found
        checked += n
    for path in index.named("Pipfile"):
        checked += 1
        if _folder(path) not in lock_dirs:
            findings.append(Finding(path, 1, "Pipfile without a committed Pipfile.lock",
                                    remediation="Run `pipenv lock` and commit Pipfile.lock.", key="no pipfile lock"))
    checked += len(locks)
    return outcome_from_findings(findings, checked=checked, what="dependency declarations", evidence=locks)


# ---------------------------------------------------------------------------- repro-image-digest
_DIGEST = re.compile(r"@sha256:[0-9a-fA-F]{64}$")
_VAR = re.compile(r"\$(?:\{([A-Za-z_][A-Za-z0-9_]*)(?:(:?[-+])([^}]*))?\}|([A-Za-z_][A-Za-z0-9_]*))")


def is_dockerfile(path: str) -> bool:
    name = path.rsplit("/", 1)[-1]
    lowered = name.lower()
    if lowered.endswith(".dockerignore"):
        return False
    return (lowered in ("dockerfile", "containerfile") or lowered.startswith(("dockerfile.", "containerfile."))
            or lowered.endswith((".dockerfile", ".containerfile")))


def dockerfile_instructions(text: str) -> list[tuple[int, str, str]]:
    """(line, INSTRUCTION, arguments) with continuation lines joined and comments dropped."""
    escape = "\\"
    first = text.lstrip().splitlines()[0] if text.strip() else ""
    m = re.match(r"#\s*escape\s*=\s*(\S)", first)
    if m:
        escape = m.group(1)
    out: list[tuple[int, str, str]] = []
    buf, start = "", 0
    for lineno, raw in enumerate(text.splitlines(), start=1):
        stripped = raw.strip()
        if not buf and (not stripped or stripped.startswith("#")):
            continue
        if buf and stripped.startswith("#"):
            continue
        if not buf:
            start = lineno
        if stripped.endswith(escape):
            buf += stripped[:-1] + " "
            continue
        buf += stripped
        parts = buf.split(None, 1)
        out.append((start, parts[0].upper(), parts[1] if len(parts) > 1 else ""))
        buf = ""
    if buf.strip():
        parts = buf.split(None, 1)
        out.append((start, parts[0].upper(), parts[1] if len(parts) > 1 else ""))
    return out


def _substitute(value: str, args: dict[str, str | None]) -> str | None:
    unresolved = False

    def repl(m: re.Match[str]) -> str:
        nonlocal unresolved
        name = m.group(1) or m.group(4)
        op, word = m.group(2), m.group(3)
        current = args.get(name)
        if op and op.endswith("-"):
            return current if current else (word or "")
        if op and op.endswith("+"):
            return (word or "") if current else ""
        if current is None:
            unresolved = True
            return ""
        return current

    result = _VAR.sub(repl, value)
    return None if unresolved else result


def classify_image(ref: str) -> str:
    """'digest', 'tag', 'latest' or 'untagged' for an image reference."""
    if _DIGEST.search(ref):
        return "digest"
    last = ref.rsplit("/", 1)[-1]
    if ":" not in last:
        return "untagged"
    return "latest" if last.rsplit(":", 1)[1] == "latest" else "tag"


def image_digest(ctx: Context) -> Outcome:
    findings: list[Finding] = []
    checked = 0
    files = [p for p in ctx.index.files if is_dockerfile(p)]
    for path in files:
        text = ctx.index.text(path)
        if text is None:
            continue
        args: dict[str, str | None] = {}
        stages: set[str] = set()
        seen_from = False
        for line, instr, rest in dockerfile_instructions(text):
            if instr == "ARG" and not seen_from:
                for decl in rest.split():
                    name, _, default = decl.partition("=")
                    args[name] = default.strip("\"'") if default else args.get(name)
                continue
            if instr != "FROM":
                continue
            seen_from = True
            tokens = [t for t in rest.split() if not t.startswith("--")]
            if not tokens:
                continue
            image = _substitute(tokens[0], args)
            earlier_stage = image is not None and image.lower() in stages
            if len(tokens) >= 3 and tokens[1].lower() == "as":
                stages.add(tokens[2].lower())
            if not image or earlier_stage or image.lower() == "scratch":
                continue  # no image to pin: an ARG chosen at build time, an earlier stage, or scratch
            checked += 1
            kind = classify_image(image)
            shown = image if image == tokens[0] else f"{tokens[0]} (= {image})"
            if kind in ("latest", "untagged"):
                why = "the mutable tag `latest`" if kind == "latest" else "no tag, which means `latest`"
                findings.append(Finding(path, line, f"FROM {shown} uses {why}: every build may get a different "
                                        "base image", key=f"FROM {tokens[0]}",
                                        remediation="Pin a version tag and its digest, e.g. "
                                        "`FROM python:3.11-slim@sha256:<digest>` (`docker buildx imagetools "
                                        "inspect python:3.11-slim` prints it); let Dependabot or Renovate "
                                        "update it."))
            elif kind == "tag":
                findings.append(Finding(path, line, f"FROM {shown} is pinned by tag only; tags can be moved to "
                                        "a different image", level=Level.PARTIAL, key=f"FROM {tokens[0]}",
                                        remediation=f"Add the digest: `FROM {image}@sha256:<digest>` (`docker "
                                        f"buildx imagetools inspect {image}` prints it)."))
    return outcome_from_findings(findings, checked=checked, what="base images", evidence=files)


RULES: dict[str, RuleFn] = {
    "repro-deps-pinned": deps_pinned,
    "repro-image-digest": image_digest,
}
