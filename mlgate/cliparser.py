"""argparse's classes as mlgate's command line uses them. Imported only when argparse parses a command line:
mlgate.cli reads the common `mlgate check` lines without it (``check_arguments``)."""

from __future__ import annotations

import argparse
import sys
from typing import Any

from mlgate.cli import UsageError, _columns


class Formatter(argparse.HelpFormatter):
    """argparse's formatter, as wide as the terminal (less 2) as argparse makes it."""

    def __init__(self, prog: str, indent_increment: int = 2, max_help_position: int = 24, width: int | None = None,
                 **kwargs: Any) -> None:
        super().__init__(prog, indent_increment, max_help_position, _columns() - 2 if width is None else width,
                         **kwargs)


class RawFormatter(argparse.RawDescriptionHelpFormatter, Formatter):
    pass


class Parser(argparse.ArgumentParser):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("formatter_class", Formatter)
        super().__init__(*args, **kwargs)

    def error(self, message: str) -> None:  # type: ignore[override]
        self.print_usage(sys.stderr)
        raise UsageError(message)
