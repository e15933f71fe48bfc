"""The `dateline` command: the window, or the engine headless for scripts and CI.

Headless subcommands use ``editor.core`` only, so scripts and CI never load Qt.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

from editor.core.cliargs import CliUsageError, fail

if TYPE_CHECKING:
    from editor.services.startup_cache import DataclassCache, RegexCache

# -- dispatch -------------------------------------------------------------------------


def _delegate(module: str, function: str) -> Callable[[Sequence[str]], int]:
    def run(argv: Sequence[str]) -> int:
        import importlib

        return int(getattr(importlib.import_module(module), function)(list(argv)))

    return run


COMMANDS: dict[str, Callable[[Sequence[str]], int]] = {
    "set": _delegate("editor.core.set_cli", "cli_set"),
    "check": _delegate("editor.core.checks_cli", "cli_check"),
    "new": _delegate("editor.core.publish_cli", "cli_new"),
    "publish": _delegate("editor.core.publish_cli", "cli_publish"),
    "export": _delegate("editor.core.publish_cli", "cli_export"),
    "render": _delegate("editor.core.render.cli", "cli_render"),
    "smoke-test": _delegate("editor.smoke", "cli_smoke_test"),
    "status": _delegate("editor.core.git.cli", "cli_status"),
    "sync": _delegate("editor.core.git.cli", "cli_sync"),
    "send": _delegate("editor.core.git.cli", "cli_send"),
}


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the `dateline` command."""
    args = list(sys.argv[1:] if argv is None else argv)
    if args[:1] in (["--version"], ["-V"]):
        from editor import __version__

        print(f"dateline {__version__}")
        return 0
    if args[:1] in (["-h"], ["--help"]):
        print("usage: dateline [PATH] | dateline {" + ",".join(COMMANDS) + "} ...")
        return 0
    if args and args[0] in COMMANDS:
        try:
            status = COMMANDS[args[0]](args[1:])
            sys.stdout.flush()  # a reader that went away shows here, not at interpreter exit
            return status
        except CliUsageError as exc:
            return fail(str(exc))
        except KeyboardInterrupt:
            return 130
        except BrokenPipeError:
            return _reader_went_away()
        except OSError as exc:  # a path the system refuses (too long, looping links...)
            from editor.core.files import describe_os_error

            where = f"{exc.filename}: " if exc.filename else ""
            return fail(f"{where}{describe_os_error(exc)}")
    run_gui, regexes, _ = _import_gui()
    try:
        return run_gui(args, regexes)
    finally:
        regexes.finish()  # a window closed before it settled (the dataclass cache with it)


def _import_gui() -> tuple[Callable[..., int], RegexCache, DataclassCache]:
    """Import the window's modules with what the last start compiled; returns
    :func:`editor.app.run_gui`, the regular-expression cache and the dataclass cache, both
    still answering: finishing the first (run_gui does once the window has settled)
    finishes the second."""
    from editor.services.startup_cache import DataclassCache, RegexCache

    regexes = RegexCache()  # PySide6's, PyYAML's and our patterns, compiled at the last start
    regexes.start()
    dataclass_code = DataclassCache()  # the functions @dataclass writes, likewise
    if dataclass_code.start():
        regexes.finishing.append(dataclass_code.finish)
    from editor.services import pyside_enums

    # PySide6's enums by the standard library's fast path, for the life of the process:
    # ~15 ms of the imports, ~15 ms more as the preview and the desk start.
    pyside_enums.install()
    from editor.services.pyside_imports import skip_source_scan

    skip_source_scan()  # before the window's modules are imported (~13 ms of source reads)
    from editor.app import run_gui

    return run_gui, regexes, dataclass_code


def _reader_went_away() -> int:
    """stdout's reader is gone (``dateline render ... | head``): stop quietly, like any Unix
    tool killed by SIGPIPE, and keep Python from complaining when it flushes at exit."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):
        pass
    return 141
