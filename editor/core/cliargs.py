"""Command-line plumbing shared by the headless subcommands: one-line errors, exit status 2."""

from __future__ import annotations

import argparse
import sys
from typing import NoReturn


class CliUsageError(Exception):
    """Bad input: one line on stderr, exit 2, nothing written."""


class CliParser(argparse.ArgumentParser):
    """An argument parser whose errors become :class:`CliUsageError` (one line, exit 2)."""

    def error(self, message: str) -> NoReturn:
        raise CliUsageError(message)


def fail(message: str) -> int:
    """Print the one-line complaint and return exit status 2."""
    print(f"dateline: {message}", file=sys.stderr)
    return 2
