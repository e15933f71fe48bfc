"""`python -m editor` runs the same entry point as the `dateline` command."""

from editor.cli import main

raise SystemExit(main())
