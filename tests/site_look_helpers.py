"""A small Jekyll site with its own look (layouts, include, SCSS), for the site-view tests."""

from __future__ import annotations

from pathlib import Path

POST = ("---\nlayout: post\ntitle: Harbour bridge to close\ndate: 2025-03-04T14:00:00\n"
        "author: mrivera\n---\n\nThe bridge closes on **Monday**.\n")


def make_site(root: Path, remote: str = "https://fonts.example.org") -> Path:
    """A small site: post → default layouts, an include, SCSS with a partial, a remote link."""
    (root / "_layouts").mkdir(parents=True)
    (root / "_includes").mkdir()
    (root / "_sass").mkdir()
    (root / "assets").mkdir()
    (root / "_posts").mkdir()
    (root / "_data").mkdir()
    (root / "_config.yml").write_text("title: The Test Ledger\ntimezone: America/New_York\n",
                                      encoding="utf-8")
    (root / "_data" / "authors.yml").write_text("mrivera:\n  name: Maya Rivera\n",
                                                encoding="utf-8")
    (root / "_layouts" / "default.html").write_text(
        "<!DOCTYPE html>\n<html>\n{% include head.html %}\n<body>\n"
        '<header class="masthead">{{ site.title }}</header>\n{{ content }}\n</body>\n</html>\n',
        encoding="utf-8")
    (root / "_layouts" / "post.html").write_text(
        "---\nlayout: default\n---\n<article class=\"story\">\n"
        "<h1 class=\"headline\">{{ page.title }}</h1>\n"
        "<p class=\"byline\">By {{ site.data.authors[page.author].name }}</p>\n"
        "<div class=\"story-body\">{{ content }}</div>\n</article>\n", encoding="utf-8")
    (root / "_includes" / "head.html").write_text(
        "<head><meta charset=\"utf-8\"><title>{{ page.title }}</title>\n"
        f"<link rel=\"stylesheet\" href=\"{remote}/font.css\">\n"
        "<link rel=\"stylesheet\" href=\"{{ '/assets/main.css' | relative_url }}\">\n"
        f"<script src=\"{remote}/analytics.js\"></script>\n</head>\n", encoding="utf-8")
    (root / "_sass" / "_colours.scss").write_text("$accent: #123456;\n", encoding="utf-8")
    (root / "assets" / "main.scss").write_text(
        "---\n---\n@import \"colours\";\n.masthead { color: $accent; }\n"
        ".story { .byline { font-style: italic; color: darken($accent, 5%); } }\n",
        encoding="utf-8")
    post = root / "_posts" / "2025-03-04-harbour-bridge.md"
    post.write_text(POST, encoding="utf-8")
    return post
