"""Counted words in messages: "1 image", "2 images" (never "1 image(s)")."""

from __future__ import annotations


def plural(count: int, one: str, many: str | None = None) -> str:
    """``count`` with the word in the right number: ``plural(1, "post")`` is "1 post",
    ``plural(3, "post")`` "3 posts", ``plural(2, "copy", "copies")`` "2 copies"."""
    word = one if count == 1 else (many if many is not None else one + "s")
    return f"{count:,} {word}"
