"""Header ids as kramdown makes them: the GFM parser's and kramdown's own algorithm."""

from __future__ import annotations

import re
import unicodedata


def _is_word(ch: str) -> bool:
    """Ruby's \\p{Word}: letters, marks, numbers and connector punctuation."""
    cat = unicodedata.category(ch)
    return cat[0] in "LMN" or cat == "Pc"


def gfm_base_id(text: str) -> str:
    """kramdown-parser-gfm's id before de-duplication: lower case, only word chars,
    '-' and blanks, blanks turned into '-'."""
    kept = "".join(ch for ch in text.lower() if ch in "- \t" or _is_word(ch))
    return kept.replace(" ", "-").replace("\t", "-")


def kramdown_base_id(text: str) -> str:
    """kramdown's own id (used inside HTML elements): ASCII letters first, then
    letters, digits, blanks and '-'; 'section' when nothing is left."""
    gen = re.sub(r"^[^a-zA-Z]+", "", text)
    gen = re.sub(r"[^a-zA-Z0-9 -]", "", gen).replace(" ", "-").lower()
    return gen or "section"


class IdMaker:
    """Document-wide id counters for both algorithms."""

    def __init__(self) -> None:
        """Start with no ids used."""
        self._gfm: dict[str, int] = {}
        self._used: dict[str, int] = {}

    def gfm(self, text: str) -> str:
        """The next GFM-style id for a header whose text is `text` (-1, -2 for repeats)."""
        return self.gfm_from_base(gfm_base_id(text))

    def gfm_from_base(self, base: str) -> str:
        """The next GFM-style id for an already computed base id."""
        count = self._gfm.get(base, -1) + 1
        self._gfm[base] = count
        return f"{base}-{count}" if count > 0 else base

    def kramdown(self, text: str) -> str:
        """The next kramdown-style id for a header whose text is `text`."""
        return self.kramdown_from_base(kramdown_base_id(text))

    def kramdown_from_base(self, base: str) -> str:
        """The next kramdown-style id for an already computed base id."""
        if base in self._used:
            self._used[base] += 1
            return f"{base}-{self._used[base]}"
        self._used[base] = 0
        return base
