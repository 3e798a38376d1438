"""One analysis end to end: index -> rules -> suppressions -> score -> comparison -> gate -> Report."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from mlgate import __version__
from mlgate.baseline import compare
from mlgate.config import Config
from mlgate.engine import Selection, run_rules
from mlgate.model import Report, RuleResult, Score
from mlgate.patterns import PathSet
from mlgate.repo import RepoIndex, build_index
from mlgate.scoring import areas, gate, score


def evaluate(index: RepoIndex, config: Config, selection: Selection,
             today: dt.date | None = None) -> tuple[list[RuleResult], Score]:
    results = run_rules(index, config, selection, today)
    return results, score(results, config)


def analyse(
    path: str,
    config: Config,
    *,
    selection: Selection | None = None,
    base: str | None = None,
    fail_on: str | None = None,
    fail_under: float | None = None,
    today: dt.date | None = None,
) -> Report:
    """Analyse the repository at ``path``; with ``base``, compare against that git ref.

    Raises mlgate.git.GitError when the base cannot be read.
    """
    exclude = PathSet(config.exclude)
    index = build_index(path, exclude=exclude)
    refusal = git_refusal(Path(path))
    if refusal:
        index.notice(".git", refusal)
    selection = selection or Selection()
    results, head_score = evaluate(index, config, selection, today)
    comparison = None
    if base is not None:
        from mlgate import git

        files, source, commit, notices, changed = git.tree_at(Path(path), base)
        base_index = RepoIndex(str(path), files, source, exclude=exclude, commit=commit, notices=notices,
                               twin=index, same=set(files) - changed)
        base_results, base_score = evaluate(base_index, config, selection, today)
        comparison = compare(results, head_score, base_results, base_score, base_ref=base, base_commit=commit)
    verdict = gate(results, head_score, config, fail_on=fail_on, fail_under=fail_under, comparison=comparison)
    return Report(
        tool_version=__version__,
        root=str(path),
        commit=index.commit,
        score=head_score,
        areas=areas(results),
        results=tuple(sorted(results, key=lambda r: r.rule_id)),
        gate=verdict,
        notices=index.notices,
        comparison=comparison,
        config_path=config.path,
        path_prefix=_prefix(path),
        file_count=len(index.files),
        warnings=(refusal,) if refusal else (),
    )


def git_refusal(path: Path) -> str | None:
    """What git says when it refuses the repository that holds ``path`` (``dubious ownership``: the folder
    belongs to another user), or None. mlgate then reads every file not ignored by .gitignore, which
    may not be the files git tracks: the user must hear it. Asked only where a `.git` exists above."""
    import subprocess

    from mlgate.config import repository_top

    if repository_top(path) is None:
        return None
    try:  # plain rev-parse: no index refresh, no fsmonitor, no hook; a hostile config runs nothing here
        done = subprocess.run(["git", "-c", "core.fsmonitor=false", "-C", str(path), "rev-parse", "--show-toplevel"],
                              capture_output=True, text=True, errors="replace", timeout=20, stdin=subprocess.DEVNULL)
    except (OSError, subprocess.SubprocessError):
        return "git could not be run: the tracked files are unknown, so every file not ignored by .gitignore is read"
    if done.returncode == 0:
        return None
    said = next((ln.strip() for ln in done.stderr.splitlines() if ln.startswith("fatal:")), done.stderr.strip())
    hint = ""
    if "dubious ownership" in said:
        hint = (" (the folder belongs to another user; if you trust it: "
                f"`git config --global --add safe.directory {Path(path).resolve()}`)")
    return (f"git refuses this repository: {said[:300]}{hint}; mlgate read every file not ignored by .gitignore "
            "instead of the files git tracks")


def _prefix(path: str) -> str:
    from mlgate import git

    located = git.relative_to_top(Path(path))
    return located[1] if located else ""
