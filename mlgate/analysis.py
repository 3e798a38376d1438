"""One analysis end to end: index -> rules -> suppressions -> score -> comparison -> gate -> Report."""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Mapping
from pathlib import Path

from mlgate import __version__
from mlgate.config import Config
from mlgate.engine import Selection, run_rules
from mlgate.model import Report, RuleResult, Score
from mlgate.patterns import PathSet
from mlgate.repo import RepoIndex, build_index, cycle_collector_paused
from mlgate.scoring import areas, gate, score


def evaluate(index: RepoIndex, config: Config, selection: Selection, today: dt.date | None = None,
             renames: Mapping[str, str] | None = None, *, suggest: bool = True) -> tuple[list[RuleResult], Score]:
    results = run_rules(index, config, selection, today, renames, suggest=suggest)
    return results, score(results, config)


@cycle_collector_paused
def analyse(
    path: str,
    config: Config,
    *,
    selection: Selection | None = None,
    base: str | None = None,
    fail_on: str | None = None,
    fail_under: float | None = None,
    today: dt.date | None = None,
    fail_confidence: str | None = None,
) -> Report:
    """Analyse the repository at ``path``; with ``base``, compare against that git ref.

    Raises mlgate.git.GitError when the base cannot be read.
    """
    exclude = PathSet(config.exclude)
    keep = keep_paths(config)
    index = build_index(path, exclude=exclude, keep=keep)
    refusal = git_refusal(Path(path))
    if refusal:
        index.notice(".git", refusal)
    selection = selection or Selection()
    base_index = renames = commit = None
    if base is not None:
        from mlgate import git

        files, source, commit, notices, changed = git.tree_at(Path(path), base)
        for n in notices:  # what the base could not read says what its comparison is worth
            if n.path == ".git":
                index.notice(n.path, n.message)
        base_index = RepoIndex(str(path), files, source, exclude=exclude, commit=commit, notices=notices,
                               twin=index, same=set(files) - changed, keep=keep)
        if os.environ.get("MLGATE_NO_REUSE") != "1":  # a switch to compare with a base evaluated in full
            base_index.share_with_twin()  # before the working tree is evaluated: it watches what differs
        renames = git.renamed_files(Path(path), commit)
    results, head_score = evaluate(index, config, selection, today)
    comparison = None
    if base_index is not None and base is not None:
        # the base's findings are only compared, never shown with the change `mlgate fix` would make
        base_results, base_score = evaluate(base_index, config, selection, today, renames, suggest=False)
        from mlgate.baseline import compare

        comparison = compare(results, head_score, base_results, base_score, base_ref=base, base_commit=commit)
    verdict = gate(results, head_score, config, fail_on=fail_on, fail_under=fail_under, comparison=comparison,
                   fail_confidence=fail_confidence)
    from mlgate.inventory import repository_model
    return Report(
        tool_version=__version__,
        root=str(path),
        commit=index.commit,
        score=head_score,
        areas=areas(results),
        results=tuple(sorted(results, key=lambda r: r.rule_id)),
        gate=verdict,
        notices=index.notices,
        skipped=index.vendored,
        comparison=comparison,
        config_path=config.path,
        path_prefix=_prefix(path, index),
        inventory=repository_model(index, config),
        file_count=len(index.files),
        warnings=(refusal,) if refusal else (),
    )


def keep_paths(config: Config) -> PathSet:
    """Paths the configuration points at (``paths.features``, ``model-spec``, ``artifacts``, ``deploy``):
    analysed even where they look vendored or generated."""
    return PathSet((*config.features, *config.model_spec, *config.artifacts, *config.deploy))


def git_refusal(path: Path) -> str | None:
    """Why git is not used for the repository that holds ``path`` (it belongs to another user: git's
    "dubious ownership"), or None. mlgate then reads every file not ignored by .gitignore, which may not
    be the files git tracks: the user must hear it."""
    from mlgate import git

    why = git.refused(path)
    return f"{why}; mlgate read every file not ignored by .gitignore instead of the files git tracks" if why else None


def _prefix(path: str, index: RepoIndex | None = None) -> str:
    """The analysed folder relative to the top of its git work tree ("" at the top, or outside one). When git
    listed the index's files it gave this too: no third git process (`rev-parse`) to ask again."""
    if index is not None and index.git_prefix is not None:
        return index.git_prefix
    from mlgate import git

    located = git.relative_to_top(Path(path))
    return located[1] if located else ""
