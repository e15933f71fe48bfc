"""Counted words read as English: no "1 image(s)"."""

from __future__ import annotations

import re
from pathlib import Path

from editor.core.words import plural


def test_plural() -> None:
    assert plural(1, "image") == "1 image"
    assert plural(0, "image") == "0 images"
    assert plural(2, "copy", "copies") == "2 copies"
    assert plural(1200, "post") == "1,200 posts"


def test_no_message_counts_with_parenthesised_plurals() -> None:
    source = Path(__file__).resolve().parents[2] / "editor"
    found = [f"{p.relative_to(source)}:{n}" for p in source.rglob("*.py")
             for n, line in enumerate(p.read_text(encoding="utf-8").splitlines(), 1)
             if re.search(r"\}\s*\w+\(s\)", line)]
    assert found == []
