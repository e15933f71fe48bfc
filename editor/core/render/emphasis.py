"""kramdown's emphasis (parser/kramdown/emphasis.rb), replacing CommonMark-style pairing.

kramdown reads `*`/`_` runs left to right with a recursive descent: `**` or `__` opens
strong, one opens em; an emphasis never nests inside one of its own kind (`*a _b_ c*`
keeps `_b_` as text); an opener followed by a space, or an `_` after a letter or `-`,
is text; a closer must follow a non-space, must not be a lone half of a double run
(for em), must not be followed by a letter or digit (for `_`), and needs content.
A strong that finds no closer is retried as an em one character later.

Python-Markdown's other inline patterns run first (code, links, HTML... become
placeholders, opaque here), so this sees what kramdown's emphasis parser sees.
The whole text is parsed in one go (`parse`); each top-level emphasis becomes one
element. Because emphasis cannot nest in its own kind the tree is at most two deep.
A work budget bounds the descent on hostile text; past it `parse` gives None and the
caller falls back to Python-Markdown's own (linear) emphasis processor.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as etree

_START = re.compile(r"\*\*?|__?")
_DELIM = re.compile(r"[*_]")
_SPACE = " \t\r\n\f\v"  # Ruby's \s
# Steps allowed per character of text before giving up (kramdown is quadratic on
# runs of unclosable delimiters; real text needs a handful per delimiter).
_STEPS_PER_CHAR = 2
_MIN_STEPS = 2_000


class _Budget(Exception):
    """The work budget ran out."""


class Emph:
    """An em or strong under construction: its tag and children (text or Emph)."""

    __slots__ = ("tag", "children", "delim")

    def __init__(self, tag: str, delim: str = "") -> None:
        self.tag = tag
        self.delim = delim
        self.children: list[str | Emph] = []

    def element(self) -> etree.Element:
        """This emphasis as an element tree (its closing delimiter noted for the
        smart-quote pass, which removes the note)."""
        el = etree.Element(self.tag, {"data-kd-delim": self.delim} if self.delim else {})
        last: etree.Element | None = None
        for child in _joined(self.children):
            if isinstance(child, str):
                if last is None:
                    el.text = (el.text or "") + child
                else:
                    last.tail = (last.tail or "") + child
            else:
                last = child.element()
                el.append(last)
        return el


class _Parser:
    def __init__(self, data: str) -> None:
        self.data = data
        self.n = len(data)
        self.pos = 0
        self.open: list[str] = []  # tags of the enclosing emphasis, outermost first
        self.steps = max(_MIN_STEPS, _STEPS_PER_CHAR * self.n)

    def spans(self, into: list[str | Emph], stop: str | None, tag: str = "",
              kind: str = "") -> bool:
        """kramdown's parse_spans with only the emphasis parser: True when `stop` closes."""
        data = self.data
        while self.pos < self.n:
            self.steps -= 1
            if self.steps < 0:
                raise _Budget
            m = _DELIM.search(data, self.pos)
            if m is None:
                if stop is None:
                    _add(into, data[self.pos:])
                    self.pos = self.n
                return False
            if m.start() > self.pos:
                _add(into, data[self.pos:m.start()])
                self.pos = m.start()
            if stop is not None and data.startswith(stop, self.pos) and self._closes(
                    into, stop, tag, kind):
                return True
            self.emphasis(into)
        return False

    def _closes(self, into: list[str | Emph], delim: str, tag: str, kind: str) -> bool:
        """kramdown's stop condition for a closing delimiter at `pos`."""
        data, pos = self.data, self.pos
        if pos == 0 or data[pos - 1] in _SPACE or not into:
            return False
        if tag == "em" and data.startswith(delim * 2, pos) and not data.startswith(
                delim * 3, pos):
            return False
        after = pos + len(delim)
        return not (kind == "_" and after < self.n and data[after].isalnum())

    def emphasis(self, into: list[str | Emph]) -> None:
        """kramdown's parse_emphasis at `pos` (a `*` or `_`)."""
        data = self.data
        start = self.pos
        m = _START.match(data, start)
        assert m is not None
        result = m.group(0)
        self.pos = m.end()
        tag = "strong" if len(result) == 2 else "em"
        kind = result[0]
        before = data[start - 1] if start else ""
        if ((kind == "_" and before and (before.isalpha() or before == "-"))
                or (self.pos < self.n and data[self.pos] in _SPACE) or tag in self.open):
            _add(into, result)
            return
        found, el, stop = self._sub(result, tag, kind)
        if not found and tag == "strong" and (not self.open or self.open[-1] != "em"):
            self.pos = start + 1
            found, el, stop = self._sub(kind, "em", kind)
        if found:
            self.pos += len(stop)
            into.append(el)
        else:
            self.pos = start + len(result)
            _add(into, result)

    def _sub(self, delim: str, tag: str, kind: str) -> tuple[bool, Emph, str]:
        el = Emph(tag, delim)
        self.open.append(tag)
        try:
            found = self.spans(el.children, delim, tag, kind)
        finally:
            self.open.pop()
        return found, el, delim


def _add(into: list[str | Emph], text: str) -> None:
    """Append text (runs of text are joined once, by `_joined`)."""
    into.append(text)


def _joined(parts: list[str | Emph]) -> list[str | Emph]:
    """`parts` with each run of consecutive texts joined into one string."""
    out: list[str | Emph] = []
    run: list[str] = []
    for part in parts:
        if isinstance(part, str):
            run.append(part)
            continue
        if run:
            out.append("".join(run))
            run = []
        out.append(part)
    if run:
        out.append("".join(run))
    return out


def parse(data: str) -> list[str | Emph] | None:
    """The text as kramdown's emphasis reads it, or None past the work budget."""
    parser = _Parser(data)
    out: list[str | Emph] = []
    try:
        parser.spans(out, None)
    except (_Budget, RecursionError):
        return None
    return _joined(out)
