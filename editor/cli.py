"""The `dateline` command: the window, or the engine headless for scripts and CI.

Headless subcommands use ``editor.core`` only, so scripts and CI never load Qt.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from editor.core.cliargs import CliParser, CliUsageError, fail

# -- dateline set ---------------------------------------------------------------------


def _parse_assignment(text: str) -> tuple[str, Any]:
    import yaml

    key, sep, raw = text.partition("=")
    key = key.strip()
    if not sep or not key:
        raise CliUsageError(f"'{text}' is not KEY=VALUE")
    try:
        value = yaml.safe_load(raw) if raw.strip() else None
    except yaml.YAMLError as exc:
        first = str(exc).splitlines()[0]
        raise CliUsageError(f"the value of {key} is not valid YAML ({first}); quote it") from None
    if isinstance(value, dict) and not raw.lstrip().startswith("{"):
        # `title=Breaking: news` reads as a mapping in YAML; a writer means text.
        raise CliUsageError(f"the value of {key} reads as a 'key: value' mapping; put it in quotes")
    return key, value


def cmd_set(argv: Sequence[str]) -> int:
    """`dateline set FILE... KEY=VALUE... [--unset KEY]`: surgical front-matter edits."""
    from editor.core.files import SaveError, read_with_fingerprint
    from editor.core.post import PostError, read_post, save_post

    parser = CliParser(prog="dateline set", description="Set or remove front-matter fields.")
    parser.add_argument("items", nargs="+", metavar="FILE|KEY=VALUE")
    parser.add_argument("--unset", action="append", default=[], metavar="KEY")
    args = parser.parse_args(argv)
    is_file = [("=" not in i) or Path(i).exists() for i in args.items]
    files = [Path(i) for i, f in zip(args.items, is_file, strict=True) if f]
    changes = dict(_parse_assignment(i) for i, f in zip(args.items, is_file, strict=True) if not f)
    if not files:
        raise CliUsageError("no post file given")
    if not changes and not args.unset:
        raise CliUsageError("nothing to set: give KEY=VALUE or --unset KEY")
    # Prepare every file first so that bad input leaves no file half-done.
    prepared = []
    for path in files:
        try:
            data, fingerprint = read_with_fingerprint(path)
        except OSError as exc:
            raise CliUsageError(f"cannot read {path}: {exc.strerror or exc}") from None
        post = read_post(data)
        post.path = path
        if post.problem is not None:
            raise CliUsageError(f"{path}: {post.problem}")
        try:
            post.update(changes, args.unset)
        except PostError as exc:
            raise CliUsageError(f"{path}: {exc}") from None
        prepared.append((path, post, fingerprint))
    changed = 0
    for path, post, fingerprint in prepared:
        if post.to_bytes() == post.original:
            continue
        try:
            save_post(post, path, fingerprint)
        except (SaveError, PostError) as exc:
            raise CliUsageError(str(exc)) from None
        changed += 1
    print(f"{changed} of {len(prepared)} file(s) changed", file=sys.stderr)
    return 0


# -- dispatch -------------------------------------------------------------------------


def _delegate(module: str, function: str) -> Callable[[Sequence[str]], int]:
    def run(argv: Sequence[str]) -> int:
        import importlib

        return int(getattr(importlib.import_module(module), function)(list(argv)))

    return run


COMMANDS: dict[str, Callable[[Sequence[str]], int]] = {
    "set": cmd_set,
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
            return COMMANDS[args[0]](args[1:])
        except CliUsageError as exc:
            return fail(str(exc))
        except KeyboardInterrupt:
            return 130
    from editor.app import run_gui

    return run_gui(args)
