"""Copy the sample site (sample_posts/) into package data (editor/resources/sample_site/).

The repository's sample_posts/ is not part of an installed wheel or the frozen app, so the
welcome window creates a sample site from this copy instead. Run after changing
sample_posts/ (tests/test_packaging.py fails while the two differ):

    python packaging/sync_sample_site.py
"""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
SOURCE = REPO / "sample_posts"
TARGET = REPO / "editor" / "resources" / "sample_site"
IGNORED = shutil.ignore_patterns("__pycache__", "_site", ".jekyll-cache", ".DS_Store")


def main() -> int:
    """Replace the package copy with the current sample_posts/."""
    if not (SOURCE / "_config.yml").is_file():
        print(f"sync_sample_site: {SOURCE} is not a Jekyll site", file=sys.stderr)
        return 1
    if TARGET.exists():
        shutil.rmtree(TARGET)
    shutil.copytree(SOURCE, TARGET, ignore=IGNORED)
    count = sum(1 for p in TARGET.rglob("*") if p.is_file())
    print(f"copied {count} files to {TARGET.relative_to(REPO)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
