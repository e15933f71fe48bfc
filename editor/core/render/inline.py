"""Inline syntax kramdown adds to Python-Markdown: strikethrough, footnote markers,
span IALs and Rouge's inline code classes."""

from __future__ import annotations

import re
import xml.etree.ElementTree as etree
from typing import TYPE_CHECKING, Any

from markdown.inlinepatterns import InlineProcessor
from markdown.treeprocessors import Treeprocessor
from markdown.util import AtomicString

from editor.core.render import syntax as sx

if TYPE_CHECKING:
    from markdown import Markdown

    from editor.core.render.blocks import DocState

# Characters GFM lets a backslash escape.
GFM_ESCAPED_CHARS = list("\\.*_+`<>()[]{}#!:|\"'$=-~")
_SPAN_IAL = re.compile(rf"\A\{{:({sx.ALD_ANY_CHARS}+)\}}")


class StrikethroughProcessor(InlineProcessor):
    """`~~text~~` → <del> (GFM)."""

    def handleMatch(self, m: re.Match[str], data: str) -> tuple[Any, int, int]:  # noqa: N802
        """Wrap the struck text in <del>."""
        el = etree.Element("del")
        el.text = m.group(1)
        return el, m.start(0), m.end(0)


STRIKE_RE = r"~~(?!\s|~)(.*?[^\s~])~~"


class FootnoteMarkerProcessor(InlineProcessor):
    """`[^name]` → kramdown's footnote reference, numbered in order of first use."""

    def __init__(self, pattern: str, md: Markdown, notes: FootnoteBook) -> None:
        """Number markers through the shared `notes` book."""
        super().__init__(pattern, md)
        self.notes = notes

    def handleMatch(self, m: re.Match[str], data: str) -> tuple[Any, int | None, int | None]:  # noqa: N802
        """Emit the <sup><a> marker, or leave unknown names as text."""
        name = m.group(1)
        if name not in self.notes.state.footnotes:
            return None, None, None
        number, ref_id = self.notes.reference(name)
        sup = etree.Element("sup", {"id": ref_id, "role": "doc-noteref"})
        a = etree.SubElement(sup, "a", {"href": f"#fn:{name}", "class": "footnote",
                                        "rel": "footnote"})
        a.text = str(number)
        return sup, m.start(0), m.end(0)


FOOTNOTE_RE = rf"\[\^({sx.ALD_ID_NAME})\]"


class FootnoteBook:
    """Which footnotes were referenced, in what order, and how often."""

    def __init__(self, state: DocState) -> None:
        """Track references to the footnotes defined in `state`."""
        self.state = state
        self.order: list[str] = []
        self.counts: dict[str, int] = {}
        self.numbers: dict[str, int] = {}

    def reference(self, name: str) -> tuple[int, str]:
        """Record one reference; return the note's number and the marker's id."""
        if name not in self.counts:
            self.order.append(name)
            self.numbers[name] = len(self.order)
            self.counts[name] = 0
        else:
            self.counts[name] += 1
        seen = self.counts[name]
        ref_id = f"fnref:{name}" if seen == 0 else f"fnref:{name}:{seen}"
        return self.numbers[name], ref_id


class SpanIalProcessor(Treeprocessor):
    """Apply `{: .cls #id k="v"}` written right after an inline element, and give
    inline code the classes kramdown + Rouge print."""

    def __init__(self, md: Markdown, state: DocState) -> None:
        """Resolve ALD references through `state`."""
        super().__init__(md)
        self.state = state

    def run(self, root: etree.Element) -> None:
        """Walk the tree once."""
        from editor.core.render.convert import apply_ial

        for parent in root.iter():
            if parent.tag in ("pre", "kd-raw"):
                continue
            for child in parent:
                tail = child.tail
                if tail and tail.startswith("{:"):
                    m = _SPAN_IAL.match(tail)
                    if m and not m.group(1).startswith((":", "/")):
                        ial: dict[str, object] = {}
                        sx.parse_attribute_list(m.group(1), ial)
                        apply_ial(child, ial, self.state)
                        child.tail = tail[m.end():]
                if child.tag == "code" and parent.tag != "pre":
                    _code_classes(child)


def _code_classes(code: etree.Element) -> None:
    """`language-X <classes> highlighter-rouge` on an inline code span."""
    classes = code.get("class", "").split()
    lang = next((c[9:] for c in classes if c.startswith("language-")), "plaintext")
    rest = [c for c in classes if not c.startswith("language-")]
    code.set("class", " ".join([f"language-{lang}", *rest, "highlighter-rouge"]))


class InlineMathProcessor(InlineProcessor):
    """`$$math$$` inside text → MathJax's inline delimiters `\\(math\\)`."""

    def handleMatch(self, m: re.Match[str], data: str) -> tuple[Any, int, int]:  # noqa: N802
        """Keep the math text verbatim between MathJax delimiters."""
        from markdown.util import AtomicString

        return AtomicString(self.md.htmlStash.store(
            "\\(" + _escape_text(m.group(1).strip()) + "\\)")), m.start(0), m.end(0)


MATH_RE = r"(?<!\\)\$\$(.*?)\$\$"


def _escape_text(text: str) -> str:
    """Escape HTML special characters in text."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


class _KeepEscapesInUrls:
    """Mixin: kramdown keeps backslash escapes in link URLs literally."""

    def unescape(self, text: str) -> str:
        """Turn escape placeholders back into backslash + character."""
        def sub(m: re.Match[str]) -> str:
            return "\\" + chr(int(m.group(1)))

        text = super().unescape(text)  # type: ignore[misc]
        return re.sub("\x02(\\d+)\x03", sub, text)


def url_keeping_processors(md: Markdown) -> None:
    """Replace the link, image and reference processors with ones that keep URL
    escapes and match brackets in linear time."""
    from markdown.inlinepatterns import (
        IMAGE_LINK_RE,
        IMAGE_REFERENCE_RE,
        LINK_RE,
        REFERENCE_RE,
        ImageInlineProcessor,
        ImageReferenceInlineProcessor,
        LinkInlineProcessor,
        ReferenceInlineProcessor,
        ShortImageReferenceInlineProcessor,
        ShortReferenceInlineProcessor,
    )

    class Link(_LinearBrackets, _KeepEscapesInUrls, LinkInlineProcessor):
        """Inline links, URLs verbatim."""

    class Image(_LinearBrackets, _KeepEscapesInUrls, ImageInlineProcessor):
        """Inline images, URLs verbatim."""

    class Reference(_LinearBrackets, ReferenceInlineProcessor):
        """`[text][id]`."""

    class ImageReference(_LinearBrackets, ImageReferenceInlineProcessor):
        """`![alt][id]`."""

    class ShortReference(_LinearBrackets, ShortReferenceInlineProcessor):
        """`[id]`."""

    class ShortImageReference(_LinearBrackets, ShortImageReferenceInlineProcessor):
        """`![id]`."""

    patterns = md.inlinePatterns
    for name, cls, rx in (("reference", Reference, REFERENCE_RE), ("link", Link, LINK_RE),
                          ("image_link", Image, IMAGE_LINK_RE),
                          ("image_reference", ImageReference, IMAGE_REFERENCE_RE),
                          ("short_reference", ShortReference, REFERENCE_RE),
                          ("short_image_ref", ShortImageReference, IMAGE_REFERENCE_RE)):
        priority = patterns._priority[patterns.get_index_for_name(name)].priority
        patterns.register(cls(rx, md), name, priority)

class BracketMatcher:
    """Find the closing character matching an opening one (`[`/`]`, `(`/`)`) in linear time.

    Python-Markdown's link processors scan to the end of the text for every
    opening bracket, which is quadratic on text full of unclosed brackets. This
    gives the same answer (plain nesting count, like theirs): nearby closes by a
    short scan, far ones from a table built once for the rest of the text (the
    inline pass applies a pattern to one unchanging text, left to right).
    """

    BUDGET = 16

    def __init__(self, opening: str, closing: str) -> None:
        """Match `closing` to `opening`."""
        self.opening = opening
        self.any = re.compile(f"[{re.escape(opening + closing)}]")
        self.data: str | None = None
        self.suffix = ""
        self.table: dict[int, int] = {}

    def close_of(self, data: str, open_pos: int) -> int:
        """Position of the character closing the one at `open_pos`, or -1."""
        n = len(data) - open_pos  # the table's keys: distances from the end
        if data is self.data and n <= len(self.suffix):
            dist = self.table.get(n)
            return len(data) - dist if dist else -1
        depth = 0
        for count, m in enumerate(self.any.finditer(data, open_pos + 1)):
            if count >= self.BUDGET:
                break
            depth += 1 if m.group() == self.opening else -1
            if depth < 0:
                return m.start()
        else:
            return -1
        self._build(data, open_pos)
        dist = self.table.get(n)
        return len(data) - dist if dist else -1

    def _build(self, data: str, start: int) -> None:
        """Match every opening character in `data[start:]` (keys: distance from the end)."""
        suffix = data[start:]
        size = len(suffix)
        table: dict[int, int] = {}
        stack: list[int] = []
        opening = self.opening
        for m in self.any.finditer(suffix):
            if m.group() == opening:
                stack.append(size - m.start())
            elif stack:
                table[stack.pop()] = size - m.start()
        self.data, self.suffix, self.table = data, suffix, table


_QUOTE = re.compile("[\"']")
# How far past the first quote a link destination with a title is looked for.
_TITLE_WINDOW = 256
_TITLE_END = re.compile("[\"'] *\\)")
_PAREN = re.compile("[()]")


class _LinearBrackets:
    """Mixin for Python-Markdown's link processors: linear bracket/paren matching."""

    def _matchers(self) -> tuple[BracketMatcher, BracketMatcher]:
        pair = getattr(self, "_kd_matchers", None)
        if pair is None:
            pair = (BracketMatcher("[", "]"), BracketMatcher("(", ")"))
            self._kd_matchers = pair
        return pair

    def getText(self, data: str, index: int) -> tuple[str, int, bool]:  # noqa: N802
        """The text inside `[...]` (nested brackets balanced), as Python-Markdown finds it."""
        close = self._matchers()[0].close_of(data, index - 1)
        if close < 0:
            return "", len(data), False
        return data[index:close], close + 1, True

    def getLink(self, data: str, index: int) -> tuple[str, str | None, int, bool]:  # noqa: N802
        """The `(url "title")` part; Python-Markdown's scan, bounded for hostile text."""
        m = self.RE_LINK.match(data, pos=index)  # type: ignore[attr-defined]
        if m is None or m.group(1):
            return super().getLink(data, index)  # type: ignore[misc,no-any-return]
        start = m.end()
        close = self._matchers()[1].close_of(data, m.start())
        if close >= 0 and _QUOTE.search(data, start, close) is None:
            href = self.unescape(data[start:close]).strip()  # type: ignore[attr-defined]
            return href, None, close + 1, True
        if data.find(")", start) < 0 or max(data.rfind('"'), data.rfind("'")) < start:
            return "", None, index, False
        quote = _QUOTE.search(data, start)
        assert quote is not None
        qpos = quote.start()
        end = qpos + _TITLE_WINDOW
        if _TITLE_END.search(data, qpos + 1, end) is None:
            # The title cannot close: Python-Markdown's scan settles at the paren
            # that brings its backup count to zero; stop the window there.
            before = data[start:qpos]
            depth = 1 + before.count("(") - before.count(")")
            for k, paren in enumerate(_PAREN.finditer(data, qpos + 1, end), 1):
                if k >= depth:
                    end = paren.end()
                    break
        href, title, stop, handled = super().getLink(data[index:end], 0)  # type: ignore[misc]
        return href, title, stop + index if stop >= 0 else stop, handled


# Text a pattern cannot match without (any one of them); patterns not listed always run.
_TRIGGERS: dict[str, tuple[str, ...]] = {
    "backtick": ("`",), "kd_math": ("$$",), "escape": ("\\",), "kd_footnote": ("[^",),
    "reference": ("[",), "link": ("[",), "short_reference": ("[",),
    "image_link": ("![",), "image_reference": ("![",), "short_image_ref": ("![",),
    "autolink": ("<",), "automail": ("@",), "linebreak": ("  \n",), "html": ("<",),
    "entity": ("&",), "kd_strike": ("~~",), "em_strong": ("*", "_"), "em_strong2": ("_",),
}


def fast_inline_processor(md: Markdown) -> None:
    """Replace Python-Markdown's inline pass with one that skips patterns whose
    trigger text does not occur (same result; much less work per text run)."""
    from markdown.treeprocessors import InlineProcessor as MdInlineProcessor

    triggers = {id(md.inlinePatterns[name]): trig for name, trig in _TRIGGERS.items()
                if name in md.inlinePatterns}

    batchable = {id(md.inlinePatterns[name]) for name in _TRIGGERS
                  if name in md.inlinePatterns and not name.startswith("em_")}
    any_trigger = re.compile("|".join(re.escape(t) for trig in _TRIGGERS.values() for t in trig))

    class FastInline(MdInlineProcessor):
        """The inline pass, pattern by pattern, skipping impossible ones."""

        def run(self, tree: etree.Element, ancestors: list[str] | None = None) -> Any:
            """Run the pass with the pattern list fixed for this document."""
            self._kd_patterns = [(p, triggers.get(id(p))) for p in self.inlinePatterns]
            self._kd_all_triggered = all(t is not None for _p, t in self._kd_patterns)
            return super().run(tree, ancestors)

        def _InlineProcessor__handleInline(  # noqa: N802
            self, data: str, pattern_index: int = 0
        ) -> str:
            if isinstance(data, AtomicString):
                return data
            if self._kd_all_triggered and any_trigger.search(data) is None:
                return data
            patterns = self._kd_patterns
            apply = self._InlineProcessor__applyPattern
            start_index = 0
            count = len(patterns)
            while pattern_index < count:
                pattern, trig = patterns[pattern_index]
                if trig is not None and (trig[0] not in data if len(trig) == 1
                                         else not any(t in data for t in trig)):
                    pattern_index += 1
                    start_index = 0
                    continue
                if start_index == 0 and id(pattern) in batchable:
                    data = self._kd_apply_all(pattern, data, pattern_index)
                    pattern_index += 1
                    continue
                data, matched, start_index = apply(pattern, data, pattern_index, start_index)
                if not matched:
                    pattern_index += 1
            return data

        def _kd_apply_all(self, pattern: Any, data: str, pattern_index: int) -> str:
            """Apply `pattern` to every match in `data` in one pass.

            Python-Markdown rebuilds the whole text after each match (quadratic
            for text with many matches); this gives the same result with one
            join, for patterns that only look ahead of their match.
            """
            for exclude in pattern.ANCESTOR_EXCLUDES:
                if exclude.lower() in self.ancestors:
                    return data
            rx = pattern.getCompiledRegExp()
            out: list[str] = []
            done = pos = 0
            while True:
                found = False
                for match in rx.finditer(data, pos):
                    node, start, end = pattern.handleMatch(match, data)
                    if start is not None and end is not None:
                        found = True
                        break
                if not found:
                    break
                if node is None:
                    pos = max(end, pos + 1)
                    continue
                if not isinstance(node, str) and not isinstance(node.text, AtomicString):
                    for child in [node, *node]:
                        if child.text:
                            self.ancestors.append(child.tag.lower())
                            child.text = self._InlineProcessor__handleInline(
                                child.text, pattern_index + 1)
                            self.ancestors.pop()
                        if child.tail:
                            child.tail = self._InlineProcessor__handleInline(
                                child.tail, pattern_index)
                out.append(data[done:start])
                out.append(self._InlineProcessor__stashNode(node, pattern.type()))
                done = end
                pos = max(end, start + 1)
            if not out:
                return data
            out.append(data[done:])
            return "".join(out)

    priority = md.treeprocessors._priority[md.treeprocessors.get_index_for_name("inline")]
    md.treeprocessors.register(FastInline(md), "inline", priority.priority)


def fast_delimiter_search(md: Markdown) -> None:
    """Make Python-Markdown's emphasis processor find its next delimiter with a
    regex jump instead of a character-by-character Python loop (same result)."""
    if "em_strong" not in md.inlinePatterns:
        return
    proc = md.inlinePatterns["em_strong"]
    base = type(proc)
    if not hasattr(base, "search") or not hasattr(proc, "delimiters"):
        return

    class FastDelimiterProcessor(base):  # type: ignore[valid-type,misc]
        """Emphasis with the delimiter search done by the regex engine."""

        def search(self, data: str, start: int) -> re.Match[str] | None:
            """The next delimiter run that can open or close, as the base finds it."""
            find = self.compiled_re.search
            delimiters = self.delimiters
            pos = start
            while True:
                hit = find(data, pos)
                if hit is None:
                    return None
                i = hit.start()
                d = delimiters[data[i]]
                m = d.boundary.match(data, i)
                if m is not None and (d.stack or m.lastgroup[0] != "e"):
                    return m  # type: ignore[no-any-return]
                pos = i + 1

    proc.__class__ = FastDelimiterProcessor


def escape_runs_processor(md: Markdown) -> None:
    """Replace the backslash-escape processor with one that takes a whole run of
    escapes at once (the same text; one placeholder instead of one per escape)."""
    from markdown import util
    from markdown.inlinepatterns import EscapeInlineProcessor

    if "escape" not in md.inlinePatterns:
        return
    chars = "".join(re.escape(c) for c in md.ESCAPED_CHARS)  # type: ignore[attr-defined]

    class EscapeRuns(EscapeInlineProcessor):
        """`\\*\\_\\[` → the escaped characters, in one match."""

        def handleMatch(self, m: re.Match[str], data: str) -> tuple[str | None, int, int]:  # noqa: N802
            """The STX/ETX-wrapped code points of every escaped character in the run."""
            run = m.group(0)
            return "".join(f"{util.STX}{ord(run[i])}{util.ETX}"
                           for i in range(1, len(run), 2)), m.start(0), m.end(0)

    priority = md.inlinePatterns._priority[md.inlinePatterns.get_index_for_name("escape")]
    md.inlinePatterns.register(EscapeRuns(rf"(?:\\[{chars}])+", md), "escape",
                               priority.priority)
