"""The pre-commit entry points: fast checks of the files being committed.

Each hook builds a RepoIndex over only the files it was given, plus the few files those need to
be judged (the CODEOWNERS file, ``.gitattributes``, the ``dvc.lock`` beside a ``dvc.yaml``, the
lock file beside a ``pyproject.toml``, the sidecar beside an artifact). It never asks git for the
file list and never parses a file it was not given or that a given file does not need, so its cost
grows with the commit, not with the repository. It never imports GitPython or PyGithub.

Output: one ``path:line: rule-id message`` per active finding on a given file; exit 1 when one of
them is at or above ``fail-on`` (``.mlgate.yaml``, or ``--fail-on``), 2 on a configuration error.
A rule that cannot judge yet (``unknown``) is skipped quietly.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import sys
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from mlgate.repo import parent_dir

EXIT_OK, EXIT_FINDINGS, EXIT_USAGE = 0, 1, 2

CODEOWNERS_LOCATIONS = (".github/CODEOWNERS", "CODEOWNERS", "docs/CODEOWNERS")
LOCK_FILES = ("poetry.lock", "uv.lock", "Pipfile.lock", "pdm.lock", "conda-lock.yml", "conda-lock.yaml",
              "pixi.lock")
MODEL_CARD_NAMES = ("README.md", "MODEL_CARD.md", "model_card.md", "ModelCard.md", "MLmodel")
SIDECAR_SUFFIXES = (".provenance.json", ".provenance.yaml", ".provenance.yml")
MAX_SIBLINGS = 50  # per directory, for hooks that need a manifest's neighbours

Context = Callable[[Path, list[str]], set[str]]



def _join(folder: str, name: str) -> str:
    return f"{folder}/{name}" if folder else name


def _ancestors(path: str) -> list[str]:
    """The folders above a file, from its own folder up to the root ('')."""
    parts = path.split("/")[:-1]
    return ["/".join(parts[:i]) for i in range(len(parts), -1, -1)]


def _existing(root: Path, candidates: Iterable[str]) -> set[str]:
    return {c for c in candidates if (root / c).is_file()}


def _siblings(root: Path, folder: str, keep: Callable[[str], bool]) -> set[str]:
    try:
        with os.scandir(root / folder if folder else root) as it:
            names = sorted(e.name for e in it if keep(e.name) and e.is_file(follow_symlinks=False))
    except OSError:
        return set()
    return {_join(folder, n) for n in names[:MAX_SIBLINGS]}


def _is_requirements(name: str) -> bool:
    from mlgate.rules.repro import _is_requirements as is_req

    return is_req(name)


# ---------------------------------------------------------------------- what each hook needs
def _gitattributes(root: Path, files: list[str]) -> set[str]:
    return _existing(root, {_join(d, ".gitattributes") for f in files for d in _ancestors(f)})


def data_context(root: Path, files: list[str]) -> set[str]:
    need = _gitattributes(root, files)
    for f in files:
        folder, name = parent_dir(f), f.rsplit("/", 1)[-1]
        if name in ("dvc.yaml", "dvc.lock"):
            need |= _existing(root, {_join(folder, "dvc.yaml"), _join(folder, "dvc.lock")})
        elif name in ("pyproject.toml", "Pipfile"):
            need |= _siblings(root, folder, lambda n: n in LOCK_FILES or n.endswith(".conda-lock.yml")
                              or _is_requirements(n))
    return need


def provenance_context(root: Path, files: list[str]) -> set[str]:
    need = _gitattributes(root, files)
    for f in files:
        folder = parent_dir(f)
        artifact = next((f[: -len(s)] for s in SIDECAR_SUFFIXES if f.endswith(s)), f)
        need |= _existing(root, {artifact, artifact + ".dvc", *(artifact + s for s in SIDECAR_SUFFIXES)})
        need |= _existing(root, {_join(folder, n) for n in MODEL_CARD_NAMES})
        need |= _existing(root, {_join(d, n) for d in _ancestors(f) for n in ("dvc.yaml", "dvc.lock")})
    return need


def spec_context(root: Path, files: list[str]) -> set[str]:
    return _existing(root, CODEOWNERS_LOCATIONS)


def rollout_context(root: Path, files: list[str]) -> set[str]:
    need: set[str] = set()
    for folder in sorted({parent_dir(f) for f in files}):
        need |= _siblings(root, folder, lambda n: n.endswith((".yaml", ".yml", ".json")))
    return need


@dataclass(frozen=True)
class Hook:
    id: str
    rules: tuple[str, ...]
    context: Context
    checks: str


HOOKS: dict[str, Hook] = {h.id: h for h in (
    Hook("mlgate-data-pins",
         ("data-hf-revision", "data-remote-unpinned", "data-dvc-pinned", "data-lfs", "repro-image-digest",
          "repro-deps-pinned"), data_context,
         "unpinned data and model references in Python, notebooks, YAML, `.dvc` files"),
    Hook("mlgate-provenance", ("prov-artifact-metadata", "prov-model-card"), provenance_context,
         "model/data artifacts added without provenance; sidecars and model cards valid"),
    Hook("mlgate-model-spec", ("spec-codeowners",), spec_context,
         "changed model-spec files have a code owner"),
    Hook("mlgate-rollout", ("rollout-canary", "rollout-rollback", "prov-immutable-model-ref"),
         rollout_context, "deployment manifests: canary/shadow, rollback, pinned model versions"),
)}


# ---------------------------------------------------------------------- running a hook
def _relative(root: Path, names: Iterable[str]) -> list[str]:
    """The given file names as repository-relative POSIX paths; names outside the root are dropped."""
    out: list[str] = []
    resolved_root = str(root.resolve())
    for name in names:
        if not name:
            continue
        rel = os.path.relpath(name, resolved_root) if os.path.isabs(name) else os.path.normpath(name)
        rel = rel.replace(os.sep, "/")
        if rel == "." or rel.startswith("../") or rel == ".." or "\n" in rel or "\r" in rel:
            continue
        out.append(str(PurePosixPath(rel)))
    return sorted(set(out))


def _parser(prog: str, description: str) -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog=prog, description=description)
    parser.add_argument("files", nargs="*", help="files to check (pre-commit passes the staged ones)")
    parser.add_argument("--config", help="configuration file (default: .mlgate.yaml or [tool.mlgate])")
    parser.add_argument("--fail-on", choices=("error", "warning", "info", "never"),
                        help="fail on findings at or above this severity (default: the configuration's)")
    return parser


def run_hook(hook: Hook, files: Sequence[str], *, root: Path | None = None, config_file: str | None = None,
             fail_on: str | None = None, today: dt.date | None = None,
             out: Callable[[str], None] = print) -> int:
    """Check ``files`` with the hook's rules; print the findings; return the exit code."""
    from mlgate.config import ConfigError, load_config
    from mlgate.engine import Selection, run_rules
    from mlgate.model import Severity, Status
    from mlgate.patterns import PathSet
    from mlgate.repo import FsSource, RepoIndex

    root = root or Path.cwd()
    given = _relative(root, files)
    if not given:
        return EXIT_OK
    try:
        config = load_config(root, config_file)
    except ConfigError as exc:
        out(f"mlgate: error: {exc}")
        return EXIT_USAGE
    wanted = [r for r in hook.rules if config.setting(r).enabled]
    if not wanted:
        return EXIT_OK
    context = hook.context(root, given)
    index = RepoIndex(str(root), [*given, *context], FsSource(root),
                      exclude=PathSet(config.exclude) if config.exclude else None)
    given_set = frozenset(given) & frozenset(index.files)
    if not given_set:
        return EXIT_OK
    results = run_rules(index, config, Selection(select=tuple(wanted)), today)
    threshold = fail_on or config.fail_on
    floor = Severity(threshold).rank if threshold != "never" else None
    judged = [r for r in results if r.status is not Status.UNKNOWN]
    findings = sorted(
        (f for r in judged for f in r.active_findings if f.path in given_set),
        key=lambda f: (f.path, f.line or 0, f.rule_id, f.message),
    )
    blocking = [f for f in findings if floor is not None and f.severity.rank >= floor]
    for f in findings:
        where = f"{f.path}:{f.line}" if f.line is not None else f.path
        cell = f" (cell {f.cell})" if f.cell is not None else ""
        out(f"{where}: {f.rule_id} {f.message}{cell}")
    crashed = [r for r in results if r.status is Status.ERROR]
    for r in crashed:
        out(f"mlgate: {r.rule_id}: {r.summary}")
    for n in index.notices:
        if n.path in given_set:
            out(f"{n.path}: note: {n.message}")
    if blocking:
        below = len(findings) - len(blocking)
        out(f"{hook.id}: {len(blocking)} finding{'s' if len(blocking) != 1 else ''} at or above fail-on "
            f"({threshold})" + (f", {below} below it" if below else "")
            + "; `mlgate explain RULE-ID` says how to fix each; `# mlgate: ignore[RULE-ID] reason` "
            "or a waiver in .mlgate.yaml silences one")
    return EXIT_FINDINGS if blocking or crashed else EXIT_OK


def _main(hook_id: str, argv: Sequence[str] | None) -> int:
    hook = HOOKS[hook_id]
    args = _parser(hook_id, f"mlgate pre-commit hook: {hook.checks}").parse_args(argv)
    return run_hook(hook, args.files, config_file=args.config, fail_on=args.fail_on)


def data_pins(argv: Sequence[str] | None = None) -> int:
    return _main("mlgate-data-pins", argv)


def provenance(argv: Sequence[str] | None = None) -> int:
    return _main("mlgate-provenance", argv)


def model_spec(argv: Sequence[str] | None = None) -> int:
    return _main("mlgate-model-spec", argv)


def rollout(argv: Sequence[str] | None = None) -> int:
    return _main("mlgate-rollout", argv)


# ---------------------------------------------------------------------- mlgate-config
CONFIG_FILES = (".mlgate.yaml", ".mlgate.yml", "pyproject.toml")


def check_config_files(files: Sequence[str], *, root: Path | None = None,
                       out: Callable[[str], None] = print) -> int:
    """Validate each given configuration file; ``path:line: message`` for the first mistake in each."""
    from mlgate.config import ConfigError, parse_config, read_config_bytes

    root = root or Path.cwd()
    failed = False
    for rel in _relative(root, files):
        name = rel
        if name not in CONFIG_FILES:  # mlgate reads its configuration at the root only
            continue
        try:
            raw = read_config_bytes(root / rel, rel, root)
        except ConfigError as exc:
            if name == "pyproject.toml" and "too large" in str(exc):
                continue  # a huge pyproject.toml is not mlgate's business unless it holds [tool.mlgate]
            out(str(exc))
            failed = True
            continue
        if name == "pyproject.toml" and b"tool.mlgate" not in raw:
            continue
        try:
            parse_config(raw.decode("utf-8-sig"), rel, toml=name == "pyproject.toml")
        except UnicodeDecodeError:
            out(f"{rel}: not UTF-8 text")
            failed = True
        except ConfigError as exc:
            out(str(exc))
            failed = True
    return EXIT_FINDINGS if failed else EXIT_OK


def config(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="mlgate-config",
                                     description="mlgate pre-commit hook: .mlgate.yaml is valid")
    parser.add_argument("files", nargs="*")
    args = parser.parse_args(argv)
    return check_config_files(args.files)


# ---------------------------------------------------------------------- mlgate (the whole gate)
def gate(argv: Sequence[str] | None = None) -> int:
    """`mlgate check` over the whole repository. On `git push`, pre-commit names the commit the
    remote already has (PRE_COMMIT_FROM_REF): the gate is taken against it, so only findings the
    push introduces block it. By hand (`--hook-stage manual`) every finding counts."""
    from mlgate.cli import main as cli_main

    args = list(sys.argv[1:] if argv is None else argv)
    base = os.environ.get("PRE_COMMIT_FROM_REF", "")
    if base.strip("0") and "--base" not in args:
        args = ["--base", base, *args]
    return cli_main(["check", *args])


if __name__ == "__main__":  # pragma: no cover - `python -m mlgate.hooks HOOK-ID FILES...`
    ids = {**{h: h for h in HOOKS}, "mlgate-config": "mlgate-config", "mlgate": "mlgate"}
    if len(sys.argv) < 2 or sys.argv[1] not in ids:
        print(f"usage: python -m mlgate.hooks {{{','.join(ids)}}} [FILES...]", file=sys.stderr)
        sys.exit(EXIT_USAGE)
    hook_id, rest = sys.argv[1], sys.argv[2:]
    special = {"mlgate-config": config, "mlgate": gate}
    sys.exit(special[hook_id](rest) if hook_id in special else _main(hook_id, rest))
