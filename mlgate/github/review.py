"""`spec-review-enforced`: did a code owner approve the model-spec files this pull request changes?

Pure logic; what it needs from GitHub (the reviews, team membership, branch protection) is passed in.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence

from mlgate.facts.codeowners import CodeOwners
from mlgate.model import Finding, Level, Outcome, Status
from mlgate.records import dataclass

RULE_ID = "spec-review-enforced"


@dataclass(frozen=True)
class Review:
    user: str       # login
    state: str      # APPROVED, CHANGES_REQUESTED, COMMENTED, DISMISSED, PENDING
    commit: str | None = None


def approvers(reviews: Iterable[Review]) -> set[str]:
    """Users whose latest deciding review approves (a later change request or dismissal undoes it)."""
    latest: dict[str, str] = {}
    for r in reviews:
        if r.state in ("APPROVED", "CHANGES_REQUESTED", "DISMISSED"):
            latest[r.user.lower()] = r.state
    return {u for u, s in latest.items() if s == "APPROVED"}


@dataclass(frozen=True)
class Protection:
    """What the base branch's protection says, as far as the token can read it."""

    readable: bool
    requires_reviews: bool = False
    requires_code_owners: bool = False


def evaluate(
    changed_specs: Sequence[str],
    owners_file: CodeOwners | None,
    reviews: Sequence[Review],
    in_team: Callable[[str, str], bool],
    protection: Protection,
    *,
    prefix: str = "",
) -> Outcome:
    """``changed_specs``: model-spec files the PR changed (relative to the analysed directory);
    ``in_team(org/slug, login)``: team membership as far as the token can see."""
    if not changed_specs:
        return Outcome(Status.NOT_APPLICABLE, "this pull request changes no model-spec file")
    approved = approvers(reviews)
    missing: list[tuple[str, tuple[str, ...]]] = []
    for path in changed_specs:
        rule = owners_file.rule_for(prefix + path) if owners_file is not None else None
        owners = rule.owners if rule is not None else ()
        if not any(_approved_by(owner, approved, in_team) for owner in owners):
            missing.append((path, owners))
    n = len(changed_specs)
    what = f"{n} changed model-spec file{'s' if n != 1 else ''}"
    if not missing:
        return Outcome(Status.PASS, f"a code owner approved each of the {what}", automated=True,
                       evidence=tuple(changed_specs))
    if protection.requires_code_owners:
        return Outcome(Status.PASS, f"{what}; the base branch requires code-owner review before merging",
                       automated=True, evidence=tuple(changed_specs))
    # A file without any code owner is spec-codeowners' finding; here it is only counted.
    findings = [Finding(
        path, None,
        "model-spec file changed without an approval from its code owners: needs a review by "
        + ", ".join(owners),
        remediation=(f"Ask {', '.join(owners)} to approve this pull request, or require code-owner review "
                     "on the base branch (Settings > Branches)."),
        level=Level.FAIL if protection.readable else Level.PARTIAL,
        key="needs-owner-review",
    ) for path, owners in missing if owners]
    who = sorted({o for _, owners in missing for o in owners})
    orphans = sum(1 for _, owners in missing if not owners)
    need = "; ".join(([f"waiting for {', '.join(who)}"] if who else [])
                     + ([f"{orphans} with no code owner (see spec-codeowners)"] if orphans else []))
    if not protection.readable:
        # Review may still be enforced by branch protection the token cannot read: do not call it a failure.
        return Outcome(Status.UNKNOWN, f"{len(missing)} of the {what} not approved by a code owner yet "
                       f"({need}); branch protection is not readable with this token",
                       findings=tuple(findings))
    if protection.requires_reviews:
        return Outcome(Status.PARTIAL, f"{len(missing)} of the {what} not approved by a code owner ({need}); "
                       "the base branch requires reviews but not from code owners", findings=tuple(findings))
    return Outcome(Status.FAIL, f"{len(missing)} of the {what} not approved by a code owner ({need}), "
                   "and the base branch does not require code-owner review", findings=tuple(findings))


def _approved_by(owner: str, approved: set[str], in_team: Callable[[str, str], bool]) -> bool:
    if not owner.startswith("@"):
        return False  # an e-mail owner cannot be matched to a login through the API
    name = owner[1:].lower()
    if "/" not in name:
        return name in approved
    return any(in_team(name, user) for user in sorted(approved))
