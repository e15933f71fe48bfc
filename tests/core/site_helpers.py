"""Builds small Jekyll sites in temp folders for the site, checks and publishing tests."""

from __future__ import annotations

import hashlib
import struct
import zlib
from pathlib import Path

CONFIG = """\
title: Test Gazette
timezone: America/New_York
permalink: /:categories/:year/:month/:day/:title/
authors:
  wire:
    name: Wire Desk
defaults:
  - scope:
      path: "_posts"
      type: posts
    values:
      layout: post
  - scope:
      path: "wire"
    values:
      author: staff
"""

AUTHORS = "alice:\n  name: Alice Reporter\nbob:\n  name: Bob Editor\n"


def tiny_png(seed: int = 0) -> bytes:
    """A valid 2x2 RGB PNG whose pixels depend on ``seed``."""
    rows = b"".join(b"\x00" + bytes([seed % 256, 10, 20] * 2) for _ in range(2))

    def chunk(kind: bytes, body: bytes) -> bytes:
        return (struct.pack(">I", len(body)) + kind + body
                + struct.pack(">I", zlib.crc32(kind + body) & 0xFFFFFFFF))

    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", 2, 2, 8, 2, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(rows)) + chunk(b"IEND", b""))


def post_text(title: str = "Harbour reopens", date: str = "2024-05-01T14:00:00",
              author: str = "alice", categories: str = "[News]", extra: str = "",
              body: str = "The harbour reopened on Wednesday.\n") -> str:
    """A clean post in house style."""
    return (f'---\nlayout: post\ntitle: "{title}"\ndate: {date}\nauthor: "{author}"\n'
            f"categories: {categories}\ntags: [harbour]\n"
            f'excerpt: "A short summary of the story."\n{extra}---\n\n{body}')


def make_site(root: Path) -> Path:
    """A site with config, authors, a layout, an include, three posts, a draft and an image."""
    (root / "_data").mkdir(parents=True)
    (root / "_layouts").mkdir()
    (root / "_includes").mkdir()
    (root / "_posts").mkdir()
    (root / "_drafts").mkdir()
    (root / "assets" / "images").mkdir(parents=True)
    (root / "_config.yml").write_text(CONFIG)
    (root / "_data" / "authors.yml").write_text(AUTHORS)
    (root / "_layouts" / "post.html").write_text("{{ content }}")
    (root / "_layouts" / "default.html").write_text("{{ content }}")
    (root / "_includes" / "note.html").write_text("<aside>{{ include.text }}</aside>")
    png = tiny_png()
    image = f"assets/images/{hashlib.md5(png).hexdigest()}.png"
    (root / image).write_bytes(png)
    (root / "_posts" / "2024-05-01-harbour-reopens.md").write_text(
        post_text(extra=f"image: {image}\n"))
    (root / "_posts" / "2024-05-03-council-vote.md").write_text(
        post_text("Council vote", "2024-05-03T15:00:00", "bob", "[News, Politics]",
                  body="See {% post_url 2024-05-01-harbour-reopens %}.\n"))
    (root / "_posts" / "2024-04-20-ferry-times.md").write_text(
        post_text("Ferry times", "2024-04-20T12:00:00", "wire", "[Transport]",
                  extra="tags: [ferry]\n".replace("tags", "keywords")))
    (root / "_drafts" / "storm-roundup.md").write_text(
        '---\ntitle: "Storm roundup"\nauthor: alice\ncategories: [News]\n---\n\nWinds.\n')
    return root


def image_name(root: Path) -> str:
    """The site-relative path of the site's one image."""
    return next((root / "assets" / "images").iterdir()).relative_to(root).as_posix()
