#!/usr/bin/env python3
"""Build the reference HTML of every golden `.md` here with real Jekyll 4.3 (kramdown).

Each `NAME.md` is converted by Jekyll's own Markdown converter with Jekyll's default
configuration (kramdown, GFM input, hard_wrap false, auto_ids, footnote_nr 1,
entity_output as_char, smart quotes lsquo,rsquo,ldquo,rdquo, Rouge highlighting) and
the body HTML is written to `NAME.html` beside it. No Liquid: these files test the
Markdown stage. CI has no Jekyll; the tests read the stored `.html` files.

Needs `apt-get install jekyll ruby-kramdown-parser-gfm`. Usage:
    python tests/golden/kramdown/build_refs.py [NAME.md ...]
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent

RUBY = r"""
require "jekyll"
src = ARGV.shift
site = Jekyll::Site.new(Jekyll.configuration(
  "source" => src, "destination" => File.join(src, "_site"), "quiet" => true))
converter = site.find_converter_instance(Jekyll::Converters::Markdown)
ARGV.each do |path|
  html = converter.convert(File.read(path, encoding: "utf-8"))
  File.write(path.sub(/\.md\z/, ".html"), html)
end
"""


def main(argv: list[str]) -> int:
    """Convert the named golden files (all of them by default)."""
    files = [Path(a).resolve() for a in argv] or sorted(HERE.glob("*.md"))
    with tempfile.TemporaryDirectory() as site:
        proc = subprocess.run(["ruby", "-e", RUBY, site, *map(str, files)],
                              capture_output=True, text=True)
    if proc.returncode != 0:
        print(f"build_refs: ruby failed: {proc.stderr.strip()[-500:]}", file=sys.stderr)
        return 2
    print(f"built {len(files)} reference(s) with Jekyll")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
