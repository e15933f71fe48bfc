"""Command-line plumbing shared by the headless subcommands: one-line errors, exit status 2."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import NoReturn


class CliUsageError(Exception):
    """Bad input: one line on stderr, exit 2, nothing written."""


class CliParser(argparse.ArgumentParser):
    """An argument parser whose errors become :class:`CliUsageError` (one line, exit 2)."""

    def error(self, message: str) -> NoReturn:
        """Raise the usage error as a :class:`CliUsageError` instead of exiting."""
        raise CliUsageError(message)


def fail(message: str) -> int:
    """Print the one-line complaint and return exit status 2."""
    print(f"dateline: {message}", file=sys.stderr)
    return 2


def require_regular_file(path: Path | str, binary_ok: bool = True) -> None:
    """Refuse (:class:`CliUsageError`) a path that is missing, a folder, a FIFO, a device
    or too large, before anything opens it; with ``binary_ok=False`` also a binary file."""
    from editor.core.files import read_file, regular_file_problem

    problem = regular_file_problem(path)
    if problem is None and not binary_ok:
        from editor.core.post import binary_reason

        try:
            problem = binary_reason(read_file(Path(path)))
        except OSError as exc:
            problem = exc.strerror or str(exc)
    if problem is not None:
        raise CliUsageError(f"{path}: {problem}")
