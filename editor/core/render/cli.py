"""`dateline render FILE [--site DIR]`: print the preview's body HTML."""

from __future__ import annotations

import sys
from pathlib import Path

from editor.core.cliargs import CliUsageError, require_regular_file
from editor.core.site_model import Site, find_site_root

USAGE = "usage: dateline render FILE [--site DIR]"


def cli_render(argv: list[str]) -> int:
    """Render one post to stdout; exit 0, or 2 with one line on stderr for bad input."""
    file_arg: str | None = None
    site_arg: str | None = None
    args = list(argv)
    while args:
        arg = args.pop(0)
        if arg == "--site":
            if not args:
                return _fail("--site needs a folder")
            site_arg = args.pop(0)
        elif arg.startswith("--site="):
            site_arg = arg.split("=", 1)[1]
        elif arg in ("-h", "--help"):
            print(USAGE)
            return 0
        elif arg.startswith("-") and arg != "-":
            return _fail(f"unknown option {arg}")
        elif file_arg is None:
            file_arg = arg
        else:
            return _fail(f"unexpected argument {arg}")
    if file_arg is None:
        return _fail("no post file given")
    path = Path(file_arg)
    try:
        require_regular_file(path, binary_ok=False)
    except CliUsageError as err:
        return _fail(str(err))
    if site_arg is not None and not Path(site_arg).is_dir():
        return _fail(f"no such site folder: {site_arg}")
    root = Path(site_arg) if site_arg else find_site_root(path)
    if root is not None and (root / "_config.yml").is_file():
        problem = Site.load(root).problem
        if problem is not None:  # Jekyll refuses to build such a site
            return _fail(f"{root / '_config.yml'}: {problem}")
    from editor.core.render.pipeline import render_file

    try:
        html = render_file(path, Path(site_arg) if site_arg else None)
    except OSError as err:
        return _fail(f"cannot read {file_arg}: {err.strerror or err}")
    out = sys.stdout
    try:
        out.write(html)
        if not html.endswith("\n"):
            out.write("\n")
        out.flush()
    except UnicodeEncodeError:
        sys.stdout.buffer.write(html.encode("utf-8"))
    return 0


def _fail(message: str) -> int:
    """One line on stderr, exit status 2."""
    print(f"dateline render: {message}", file=sys.stderr)
    return 2
