import sys

import pytest


def main() -> None:
    sys.exit(pytest.main(["-q", "tests"]))
