"""Test files, by pytest's and unittest's default discovery rules."""

from __future__ import annotations

import re

from mlgate.repo import RepoIndex

_TEST_NAME = re.compile(r"^(test_.*|.*_test)\.py$")


def is_test_file(path: str) -> bool:
    return _TEST_NAME.match(path.rsplit("/", 1)[-1]) is not None


def test_files(index: RepoIndex) -> list[str]:
    return index.memo("test-files", lambda: [p for p in index.files if is_test_file(p)])
