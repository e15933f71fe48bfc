"""Entry script of the frozen app: the same `main` as the `dateline` command."""

import sys

from editor.cli import main

if __name__ == "__main__":
    sys.exit(main())
