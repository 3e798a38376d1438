"""The pre-commit entry points: fast checks of the files being committed.

Each hook builds a RepoIndex over only the files it was given, plus the few files those need to
be judged (the CODEOWNERS file, ``.gitattributes``, the ``dvc.lock`` beside a ``dvc.yaml``, the
lock file beside a ``pyproject.toml``, the sidecar beside an artifact). It never asks git for the
file list and never parses a file it was not given or that a given file does not need, so its cost
grows with the commit, not with the repository. It never imports GitPython or PyGithub.

Output: one ``path:line: severity rule-id message`` per active finding on a given file; exit 1 when one of
them is at or above ``fail-on`` (``.mlgate.yaml``, or ``--fail-on``), 2 on a configuration error.
A rule that cannot judge yet (``unknown``) is skipped quietly.
"""

from __future__ import annotations

import datetime as dt
import gc
import os
import sys
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING

# Only light modules at import time: `mlgate-hook-config` needs none of the analysis machinery, and
# every hook pays its imports on every commit. mlgate.repo, the engine and the rules are imported
# by run_hook.
from mlgate.constants import (
    CODEOWNERS_LOCATIONS,
    GENERAL_CARD_DIRS,
    LOCK_FILE_SUFFIXES,
    LOCK_FILES,
    MLFLOW_MODEL_FILE,
    MODEL_CARD_JSON,
    MODEL_CARD_MD,
    README_NAME,
    SIDECAR_SUFFIXES,
)
from mlgate.records import dataclass

if TYPE_CHECKING:
    import argparse

EXIT_OK, EXIT_FINDINGS, EXIT_USAGE = 0, 1, 2

MAX_SIBLINGS = 50  # per directory, for hooks that need a manifest's neighbours
MAX_LISTING = 10_000  # entries read from one directory (~10 ms); a larger one is not listed
# Looked up in a folder too large to list: the usual spellings of what a listing would find.
CARD_OR_RUN_NAMES = ("README.md", "MODEL_CARD.md", "model_card.md", "model-card.md", "ModelCard.md",
                     "modelcard.md", "model_card.json", MLFLOW_MODEL_FILE, "dvc.yaml", "dvc.lock")

Context = Callable[[Path, list[str]], set[str]]


def _join(folder: str, name: str) -> str:
    return f"{folder}/{name}" if folder else name


def _ancestors(path: str) -> list[str]:
    """The folders above a file, from its own folder up to the root ('')."""
    parts = path.split("/")[:-1]
    return ["/".join(parts[:i]) for i in range(len(parts), -1, -1)]


def _existing(root: Path, candidates: Iterable[str]) -> set[str]:
    return {c for c in candidates if (root / c).is_file()}


def _siblings(root: Path, folder: str, keep: Callable[[str], bool], fallback: Iterable[str] = ()) -> set[str]:
    """The files directly in ``folder`` whose name ``keep`` accepts (at most MAX_SIBLINGS, by name), from
    one directory listing: its cost follows the folder, not the repository. A folder of more than
    MAX_LISTING entries (a data folder of shards) is not listed: the ``fallback`` names are looked up."""
    names: list[str] = []
    try:
        with os.scandir(root / folder if folder else root) as it:
            for n, entry in enumerate(it):
                if n == MAX_LISTING:
                    return _existing(root, (_join(folder, name) for name in fallback))
                if keep(entry.name) and entry.is_file(follow_symlinks=False):
                    names.append(entry.name)
    except OSError:
        return set()
    return {_join(folder, n) for n in sorted(names)[:MAX_SIBLINGS]}


def _is_requirements(name: str) -> bool:
    from mlgate.patterns import is_requirements_file as is_req

    return is_req(name)


def _is_lock_file(name: str) -> bool:
    return name in LOCK_FILES or name.endswith(LOCK_FILE_SUFFIXES)


def _is_card_or_run(name: str) -> bool:
    """A model card (Markdown, Model Card Toolkit JSON, a README that may hold Hugging Face front matter)
    or an MLflow MLmodel: evidence for the artifacts of its folder and below."""
    import re

    lower = name.lower()
    return (lower == README_NAME or name == MLFLOW_MODEL_FILE
            or re.match(MODEL_CARD_MD, name, re.I) is not None or re.match(MODEL_CARD_JSON, name, re.I) is not None)


# ---------------------------------------------------------------------- what each hook needs
# Each function names the files, besides the given ones, that the hook's rules need to judge them. They
# look only at the given files' folders and their ancestors (stat calls and one listing per folder), so
# their cost follows the commit and the depth of the tree, never the number of files in it.
def _gitattributes(root: Path, files: list[str]) -> set[str]:
    return _existing(root, {_join(d, ".gitattributes") for f in files for d in _ancestors(f)})


def data_context(root: Path, files: list[str]) -> set[str]:
    from mlgate.repo import parent_dir

    need = _gitattributes(root, files)
    for f in files:
        folder, name = parent_dir(f), f.rsplit("/", 1)[-1]
        if name in ("dvc.yaml", "dvc.lock"):
            need |= _existing(root, {_join(folder, "dvc.yaml"), _join(folder, "dvc.lock")})
        elif name == "pyproject.toml" or name == "Pipfile":  # locked by a lock file or requirements beside it
            need |= _siblings(root, folder, lambda n: _is_lock_file(n) or _is_requirements(n),
                              (*LOCK_FILES, "requirements.txt"))
        elif _is_requirements(f):  # hashes are not asked for when a lock file is beside it
            need |= _siblings(root, folder, _is_lock_file, LOCK_FILES)
    return need


def provenance_context(root: Path, files: list[str]) -> set[str]:
    """An artifact's sidecars and `.dvc` file; the dvc.yaml/dvc.lock, MLmodel and model cards of its folder
    and every folder above it (the nearest covers it), and the general cards of docs/ and doc/."""
    need = _gitattributes(root, files)
    folders: set[str] = set(GENERAL_CARD_DIRS)
    for f in files:
        artifact = next((f[: -len(s)] for s in SIDECAR_SUFFIXES if f.endswith(s)), f)
        need |= _existing(root, {artifact, artifact + ".dvc", *(artifact + s for s in SIDECAR_SUFFIXES)})
        folders.update(_ancestors(f))
    for folder in sorted(folders):
        need |= _siblings(root, folder, lambda n: n in ("dvc.yaml", "dvc.lock") or _is_card_or_run(n),
                          CARD_OR_RUN_NAMES)
    return need


def spec_context(root: Path, files: list[str]) -> set[str]:
    return _existing(root, CODEOWNERS_LOCATIONS)


def rollout_context(root: Path, files: list[str]) -> set[str]:
    from mlgate.repo import parent_dir

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
    files: str = ""  # the `files` pattern of its entry in .pre-commit-hooks.yaml ("": every file)


HOOKS: dict[str, Hook] = {h.id: h for h in (
    Hook("mlgate-data-pins",
         ("data-hf-revision", "data-remote-unpinned", "data-dvc-pinned", "data-lfs", "repro-image-digest",
          "repro-deps-pinned"), data_context,
         "unpinned data and model references in Python, notebooks, YAML, `.dvc` files",
         r"(\.(py|ipynb|ya?ml|dvc|toml|txt|in|lock|dockerfile|containerfile)|(^|/)(\.gitattributes|Pipfile|"
         r"([Dd]ockerfile|[Cc]ontainerfile)[^/]*))$"),
    Hook("mlgate-provenance", ("prov-artifact-metadata", "prov-model-card"), provenance_context,
         "model/data artifacts added without provenance; sidecars and model cards valid",
         r"(\.(pkl|pickle|joblib|pt|pth|ckpt|onnx|h5|hdf5|keras|pb|tflite|safetensors|gguf|bin|npy|npz|parquet|"
         r"feather|arrow|avro|orc|tfrecord|csv|tsv|jsonl|mar|xgb|lgb|cbm)|\.provenance\.(json|ya?ml)|"
         r"(^|/)(README\.md|MODEL_CARD\.md|model_card\.md|ModelCard\.md|MLmodel))$"),
    Hook("mlgate-model-spec", ("spec-codeowners",), spec_context,
         "changed model-spec files have a code owner"),
    Hook("mlgate-rollout", ("rollout-canary", "rollout-rollback", "prov-immutable-model-ref"),
         rollout_context, "deployment manifests: canary/shadow, rollback, pinned model versions", r"\.(ya?ml|json)$"),
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


def staged_lfs_pointers(root: Path, paths: list[str]) -> set[str]:
    """Which of ``paths`` the git index stores as Git LFS pointers.

    With git-lfs installed, `git add` stores the pointer in the index and leaves the real content in
    the working tree, which is what the hook reads: without this, every staged LFS file would look
    committed as a plain blob. Asks git for these paths only, without GitPython (mlgate.git's
    index_lfs_pointers), so the cost follows the commit. Raises when git cannot tell (no git, not a work
    tree): the caller then trusts the working tree."""
    from mlgate import git

    found = git.index_lfs_pointers(root, paths)
    if found is None:
        raise LookupError("git cannot tell which staged files are LFS pointers")
    return found


def _filter_attributes(root: Path, paths: list[str]) -> dict[str, str] | None:
    """git's ``filter`` attribute of ``paths`` (mlgate.git, imported only by the hooks whose rules ask)."""
    from mlgate import git

    return git.filter_attributes(root, paths, light=True)


def script_name(hook_id: str) -> str:
    """The console script of a hook: `mlgate-data-pins` -> `mlgate-hook-data-pins`, `mlgate` -> `mlgate-hook-gate`."""
    return "mlgate-hook-gate" if hook_id == "mlgate" else "mlgate-hook-" + hook_id.removeprefix("mlgate-")


EPILOG = ("exit codes: 0 nothing at or above fail-on, 1 a finding at or above fail-on, 2 a usage or "
          "configuration error (a file that does not exist). Docs: https://github.com/mlgate/mlgate#pre-commit-hooks")


def _parser(prog: str, description: str) -> argparse.ArgumentParser:
    import argparse

    from mlgate import __version__

    parser = argparse.ArgumentParser(prog=script_name(prog), description=description, epilog=EPILOG)
    parser.add_argument("--version", "-V", action="version", version=f"mlgate {__version__}")
    parser.add_argument("files", nargs="*", help="files to check (pre-commit passes the staged ones)")
    parser.add_argument("--config", help="configuration file (default: .mlgate.yaml or [tool.mlgate])")
    parser.add_argument("--fail-on", choices=("error", "warning", "info", "never"),
                        help="fail on findings at or above this severity (default: the configuration's)")
    parser.add_argument("--only-matching", action="store_true",
                        help="check only the files this hook's pre-commit entry would be given (for callers "
                        "that pass every staged file, like mlgate's plain git hook)")
    return parser


def run_hook(hook: Hook, files: Sequence[str], *, root: Path | None = None, config_file: str | None = None,
             fail_on: str | None = None, today: dt.date | None = None, only_matching: bool = False,
             out: Callable[[str], None] | None = None) -> int:
    """Check ``files`` with the hook's rules; print the findings; return the exit code.

    ``only_matching``: keep only the files pre-commit would give this hook (its ``files`` pattern), for
    callers that pass every staged file. A hook left with no file returns before importing the analysis."""
    out = out or print_line
    root = root or Path.cwd()
    given = _relative(root, files)
    if only_matching and hook.files:
        import re

        given = [f for f in given if re.search(hook.files, f)]
    if not given:
        return EXIT_OK
    missing = [name for name in given if not os.path.lexists(root / name)]
    if missing:  # pre-commit passes only files that exist: a missing one is a mistyped name
        for name in missing:
            out(f"{script_name(hook.id)}: error: {name}: no such file")
        return EXIT_USAGE
    from mlgate.config import ConfigError, load_config
    from mlgate.engine import Selection, run_rules
    from mlgate.model import Confidence, Severity, Status
    from mlgate.patterns import PathSet
    from mlgate.repo import FsSource, RepoIndex

    try:
        config = load_config(root, config_file)
    except ConfigError as exc:
        out(f"mlgate: error: {exc}")
        return EXIT_USAGE
    for warning in config.warnings:
        out(f"mlgate: warning: {warning}")
    wanted = [r for r in hook.rules if config.setting(r).enabled]
    if not wanted:
        return EXIT_OK
    context = hook.context(root, given)
    keep = (*config.features, *config.model_spec, *config.artifacts, *config.deploy)
    index = RepoIndex(str(root), [*given, *context], FsSource(root),
                      exclude=PathSet(config.exclude) if config.exclude else None,
                      committed_pointers=lambda paths: staged_lfs_pointers(root, paths),
                      filter_attributes=lambda paths: _filter_attributes(root, paths),
                      keep=PathSet(keep) if keep else None)
    given_set = frozenset(given) & frozenset(index.files)
    if not given_set:
        return EXIT_OK
    results = run_rules(index, config, Selection(select=tuple(wanted)), today, suggest=False)
    threshold = fail_on or config.fail_on
    floor = Severity(threshold).rank if threshold != "never" else None
    judged = [r for r in results if r.status is not Status.UNKNOWN]
    findings = sorted(
        (f for r in judged for f in r.active_findings if f.path in given_set),
        key=lambda f: (f.path, f.line or 0, f.rule_id, f.message),
    )
    sure = Confidence(config.fail_confidence).rank
    blocking = [f for f in findings if floor is not None and f.severity.rank >= floor and f.confidence.rank >= sure]
    for f in findings:
        unsure = f" ({f.confidence.value} confidence)" if f.confidence is not Confidence.HIGH else ""
        out(f"{f.location()}: {f.severity.value} {f.rule_id} {f.message}{unsure}")
    crashed = [r for r in results if r.status is Status.ERROR]
    for r in crashed:  # mlgate's bug, not the commit's: reported, never blocking
        out(f"mlgate: {r.rule_id} crashed (a bug in mlgate; it does not block this commit): {r.summary}")
    for n in index.notices:
        if n.path in given_set:
            out(f"{n.path}: note: {n.message}")
    if blocking:
        below = len(findings) - len(blocking)
        out(f"{hook.id}: {len(blocking)} finding{'s' if len(blocking) != 1 else ''} at or above fail-on "
            f"({threshold})" + (f", {below} below it" if below else "")
            + "; `mlgate explain RULE-ID` says how to fix each; `# mlgate: ignore[RULE-ID] reason` "
            "or a waiver in .mlgate.yaml silences one")
    return EXIT_FINDINGS if blocking else EXIT_OK


def _only_files(argv: Sequence[str] | None) -> list[str] | None:
    """The arguments when they are all file names, as pre-commit passes them; None when there is an option
    to parse. argparse costs a few milliseconds to import and set up, on every hook of every commit."""
    args = list(sys.argv[1:] if argv is None else argv)
    return None if any(a.startswith("-") for a in args) else args


def _paused(argv: Sequence[str] | None, run: Callable[[], int]) -> int:
    """``run()`` with Python's cyclic collector paused. A hook is a short process that makes its modules'
    objects and a few findings: the collector found little to free in it but traversed every object again
    and again, and three more times at exit (a tenth of a hook's instructions). Reference counting still
    frees what is not in a cycle. Run as a console script (``argv`` None, the process ends next), the
    objects are frozen so that the interpreter's last collections skip them."""
    collecting = gc.isenabled()
    gc.disable()
    try:
        return run()
    finally:
        if argv is None:
            gc.freeze()
        elif collecting:
            gc.enable()


def _main(hook_id: str, argv: Sequence[str] | None) -> int:
    return _paused(argv, lambda: _run_main(hook_id, argv))


def _run_main(hook_id: str, argv: Sequence[str] | None) -> int:
    hook = HOOKS[hook_id]
    files = _only_files(argv)
    if files is not None:
        return run_hook(hook, files)
    args = _parser(hook_id, f"mlgate pre-commit hook: {hook.checks}").parse_args(argv)
    return run_hook(hook, args.files, config_file=args.config, fail_on=args.fail_on,
                    only_matching=args.only_matching)


def data_pins(argv: Sequence[str] | None = None) -> int:
    return _main("mlgate-data-pins", argv)


def provenance(argv: Sequence[str] | None = None) -> int:
    return _main("mlgate-provenance", argv)


def model_spec(argv: Sequence[str] | None = None) -> int:
    return _main("mlgate-model-spec", argv)


def rollout(argv: Sequence[str] | None = None) -> int:
    return _main("mlgate-rollout", argv)


def print_line(text: str) -> None:
    """One line of hook output: a value's line breaks escaped and no line read as a CI workflow command
    (pre-commit runs in GitHub Actions too)."""
    from mlgate.render.escape import log_lines, one_line

    print(log_lines(one_line(text)))


# ---------------------------------------------------------------------- mlgate-config
CONFIG_FILES = (".mlgate.yaml", ".mlgate.yml", "pyproject.toml")


def check_config_files(files: Sequence[str], *, root: Path | None = None,
                       out: Callable[[str], None] | None = None) -> int:
    """Validate each given configuration file; ``path:line: message`` for the first mistake in each."""
    out = out or print_line
    root = root or Path.cwd()
    given = [rel for rel in _relative(root, files) if rel in CONFIG_FILES]  # mlgate reads them at the root only
    if not given:  # the plain git hook passes every staged file: most commits have none of these
        return EXIT_OK
    from mlgate.config import ConfigError, locate_config, parse_config, read_config_bytes

    failed = False
    _, _, warnings = locate_config(root)
    for warning in warnings:  # two configurations: the one a user edits may be the one ignored
        out(f"mlgate-config: {warning}")
        failed = True
    for rel in given:
        name = rel
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
    return _paused(argv, lambda: _config(argv))


def _config(argv: Sequence[str] | None) -> int:
    files = _only_files(argv)
    if files is not None:
        return check_config_files(files)
    import argparse

    from mlgate import __version__

    parser = argparse.ArgumentParser(prog=script_name("mlgate-config"), epilog=EPILOG,
                                     description="mlgate pre-commit hook: .mlgate.yaml (or [tool.mlgate] in "
                                     "pyproject.toml) is a valid mlgate configuration")
    parser.add_argument("--version", "-V", action="version", version=f"mlgate {__version__}")
    parser.add_argument("files", nargs="*")
    parser.add_argument("--only-matching", action="store_true", help="accepted for symmetry with the other "
                        "hooks: this one always checks only the configuration files among those given")
    args = parser.parse_args(argv)
    return check_config_files(args.files)


# ---------------------------------------------------------------------- mlgate (the whole gate)
def gate(argv: Sequence[str] | None = None) -> int:
    """`mlgate check` over the whole repository. On `git push`, pre-commit names the commit the
    remote already has (PRE_COMMIT_FROM_REF): the gate is taken against it, so only findings the
    push introduces block it. By hand (`--hook-stage manual`) every finding counts."""
    from mlgate.cli import main as cli_main

    args = list(sys.argv[1:] if argv is None else argv)
    if args[:1] in (["--version"], ["-V"]):
        from mlgate import __version__

        print(f"mlgate {__version__}")
        return EXIT_OK
    if args[:1] in (["--help"], ["-h"]):
        print("usage: mlgate-hook-gate [mlgate check options]\n\nmlgate pre-commit hook: the whole gate "
              "(`mlgate check`), on `git push` against the commit the remote already has; prints a short "
              "summary (the findings that block, the verdict). Options are those of `mlgate check --help`.\n\n"
              + EPILOG)
        return EXIT_OK
    base = os.environ.get("PRE_COMMIT_FROM_REF", "")
    if base.strip("0") and "--base" not in args:
        args = ["--base", base, *args]
    full = any(a in ("-q", "--quiet", "--output", "-o", "--format") or a.startswith(("--format=", "--output="))
               for a in args)
    return cli_main(["check", *args] if full else ["check", "--summary", *args])


def module_main(argv: Sequence[str]) -> int:
    """`python -m mlgate.hooks HOOK-ID [options] FILES...`, also what the plain git hook runs."""
    ids = {**{h: h for h in HOOKS}, "mlgate-config": "mlgate-config", "mlgate": "mlgate"}
    if not argv or argv[0] not in ids:
        print(f"usage: python -m mlgate.hooks {{{','.join(ids)}}} [FILES...]", file=sys.stderr)
        return EXIT_USAGE
    hook_id, rest = argv[0], list(argv[1:])
    special = {"mlgate-config": config, "mlgate": gate}
    return special[hook_id](rest) if hook_id in special else _main(hook_id, rest)


if __name__ == "__main__":  # pragma: no cover - `python -m mlgate.hooks HOOK-ID FILES...`
    sys.exit(module_main(sys.argv[1:]))
