"""Regenerate ``reference.json``: the URLs real Jekyll gives posts, for each permalink style.

Run by hand where Jekyll is installed (``apt-get install jekyll ruby-kramdown-parser-gfm``):

    python tests/golden/jekyll_permalinks/make_reference.py

For each permalink setting in ``STYLES`` and each timezone in ``ZONES`` (None: a site
without one, built with ``TZ=UTC``) it builds a tiny site holding the posts in ``POSTS``
(categories with spaces, capitals, unicode and duplicates, category folders, slugs, dates
near midnight with and without offsets) and records the URL Jekyll gives each post. The
test ``tests/core/test_permalinks.py`` checks Dateline's one permalink implementation
(``editor.core.jekyll.permalink_for``, which the form and the preview's ``page.url`` use)
against it; it needs no Jekyll.
"""

from __future__ import annotations

import json
import os
import subprocess
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent

#: The site's ``permalink`` setting: built-in styles and templates seen in newsroom sites.
STYLES = ["date", "pretty", "ordinal", "weekdate", "none", "/:categories/:title/",
          "/:year/:month/:day/:title:output_ext", "/:categories/:year/:i_month/:i_day/:slug.html",
          "/news/:short_year/:y_day/:title"]

ZONES = [None, "America/New_York", "Asia/Tokyo"]

#: (site-relative path, front matter exactly as written)
POSTS: list[tuple[str, str]] = [
    ("_posts/2024-05-01-harbour-reopens.md",
     "title: Harbour reopens\ncategory: local news\ndate: 2024-05-01 23:30:00\n"),
    ("_posts/2024-05-01-market-day.md",
     "title: Market day\ncategories: [Local News, Économie]\ndate: 2024-05-01 23:30:00 -0500\n"),
    ("_posts/2024-05-02-split-string.md",
     "title: Split\ncategories: local news\ndate: 2024-05-02\n"),
    ("_posts/2024-05-03-Council-Vote.md", "title: Council vote\n"),
    ("_posts/2024-12-31-new-year.md",
     "title: New year\nslug: Mañana Café!\ncategories: [Sport]\n"
     "date: 2024-12-31 23:59:59 +0100\n"),
    ("news/_posts/2024-05-04-ferry-times.md",
     "title: Ferry times\ncategories: [Transport]\n"),
    ("Local Desk/_posts/2024-05-04-folder-only.md", "title: Folder only\n"),
    ("_posts/2024-05-05-ünïcode-straße.md", "title: Unicode\ncategories: [Kultur & Leben]\n"),
    ("_posts/2024-05-06-case-twins.md", "title: Twins\ncategories: [news, News, NEWS]\n"),
    ("_posts/2024-05-06-zulu.md", "title: Zulu\ndate: 2024-05-06T01:00:00Z\n"),
    ("_posts/2024-05-07-both-keys.md",
     "title: Both\ncategory: Local News\ncategories: [Extra]\n"),
    ("_posts/2024-05-08-own-permalink.md",
     "title: Own\ncategories: [Sport]\npermalink: /stories/:year/:title/\n"),
    ("_posts/2024-05-08-fixed-permalink.md",
     "title: Fixed\npermalink: /about-the-harbour.html\n"),
    ("_posts/2024-05-09-weird_name.with.dots.md", "title: Dots\n"),
    ("_posts/2024-03-10-dst-night.md", "title: DST\ndate: 2024-03-10 06:30:00\n"),
    ("_posts/2024-05-10-quoted-date.md", 'title: Quoted\ndate: "2024-05-10 23:30:00"\n'),
    ("_posts/2024-05-11-numbers.md", "title: Numbers\ncategories: [2024, Élections]\n"),
]

LISTING = """---
layout: null
permalink: /urls.txt
---
{% for p in site.posts %}{{ p.path }}|{{ p.url }}
{% endfor %}"""


def build(style: str, zone: str | None) -> dict[str, str]:
    """Build the site for ``style`` and ``zone`` with real Jekyll; {path: url}."""
    with tempfile.TemporaryDirectory() as tmp:
        site = Path(tmp)
        config = f"permalink: {json.dumps(style)}\nfuture: true\n"
        if zone:
            config += f"timezone: {zone}\n"
        (site / "_config.yml").write_text(config, encoding="utf-8")
        for rel, front in POSTS:
            path = site / rel
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(f"---\n{front}---\nx\n", encoding="utf-8")
        (site / "urls.txt").write_text(LISTING, encoding="utf-8")
        env = dict(os.environ, TZ="UTC", LANG="C.UTF-8", LC_ALL="C.UTF-8")
        subprocess.run(["jekyll", "build", "--quiet", "-s", str(site), "-d", str(site / "_site")],
                       check=True, env=env)
        out: dict[str, str] = {}
        for line in (site / "_site" / "urls.txt").read_text(encoding="utf-8").splitlines():
            if line.strip():
                path, url = line.split("|")
                out[path] = url
        return out


def main() -> None:
    """Write reference.json next to this script."""
    version = subprocess.run(["jekyll", "--version"], capture_output=True, text=True,
                             check=True).stdout.strip()
    cases = []
    for style in STYLES:
        for zone in ZONES:
            built = build(style, zone)
            for rel, front in POSTS:
                cases.append({"permalink": style, "timezone": zone, "path": rel,
                              "front_matter": front, "url": built[rel]})
    data = {"jekyll": version, "machine_tz": "UTC", "cases": cases}
    (HERE / "reference.json").write_text(json.dumps(data, indent=1, ensure_ascii=False) + "\n",
                                         encoding="utf-8")


if __name__ == "__main__":
    main()
