"""`python -m editor.core.render FILE [--site DIR]`."""

import sys

from editor.core.render.cli import cli_render

raise SystemExit(cli_render(sys.argv[1:]))
