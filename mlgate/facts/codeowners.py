"""CODEOWNERS as GitHub reads it: the first of .github/, the root, docs/; last matching pattern wins;
a pattern with no owners unassigns; invalid lines are skipped (and reported as notices)."""

from __future__ import annotations

from mlgate import lazyre
from mlgate.constants import CODEOWNERS_LOCATIONS
from mlgate.patterns import matches, valid_pattern
from mlgate.records import dataclass
from mlgate.repo import RepoIndex, split_lines

_OWNER = lazyre.compile(r"^(@[A-Za-z0-9](?:[A-Za-z0-9-]*)(?:/[A-Za-z0-9._-]+)?|[^@\s]+@[^@\s]+\.[^@\s]+)$")


@dataclass(frozen=True)
class OwnerRule:
    pattern: str
    owners: tuple[str, ...]
    line: int


@dataclass(frozen=True)
class CodeOwners:
    path: str
    rules: tuple[OwnerRule, ...]

    def rule_for(self, file: str) -> OwnerRule | None:
        """The last rule whose pattern matches ``file`` (it may have no owners: unassigned)."""
        for rule in reversed(self.rules):
            if matches(rule.pattern, file, owners_file=True):
                return rule
        return None


def parse(text: str, path: str, notice: object = None) -> tuple[CodeOwners, list[tuple[int, str]]]:
    rules: list[OwnerRule] = []
    problems: list[tuple[int, str]] = []
    for lineno, raw in enumerate(split_lines(text), start=1):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        tokens = []
        for token in line.split():
            if token.startswith("#"):
                break  # the rest of the line is a comment
            tokens.append(token)
        if not tokens:
            continue
        pattern = tokens[0]  # a leading "\#" stays escaped: pathspec reads it as a literal "#"
        owners = tuple(tokens[1:])
        if pattern.startswith("!") or "[" in pattern or not valid_pattern(pattern):
            problems.append((lineno, f"pattern {pattern!r} is not supported by GitHub; the line is ignored"))
            continue
        bad = [o for o in owners if not _OWNER.match(o)]
        if bad:
            problems.append((lineno, f"{', '.join(bad)} is not a user, team or e-mail; GitHub ignores the line"))
            continue
        rules.append(OwnerRule(pattern, owners, lineno))
    return CodeOwners(path, tuple(rules)), problems


def codeowners(index: RepoIndex) -> CodeOwners | None:
    """The CODEOWNERS file GitHub would use, parsed; None when there is none."""

    def compute() -> CodeOwners | None:
        for location in CODEOWNERS_LOCATIONS:
            if index.exists(location):
                text = index.text(location)
                if text is None:
                    return CodeOwners(location, ())
                parsed, problems = parse(text, location)
                for lineno, message in problems:
                    index.notice(f"{location}:{lineno}", message)
                return parsed
        return None

    return index.memo("codeowners", compute)
