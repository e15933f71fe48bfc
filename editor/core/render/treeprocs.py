"""Tree passes run after inline parsing: typography, header ids, footnotes."""

from __future__ import annotations

import html
import re
import xml.etree.ElementTree as etree
from typing import TYPE_CHECKING

from markdown.treeprocessors import Treeprocessor
from markdown.util import AtomicString

from editor.core.render.convert import (
    AUTO_ID_ATTR,
    FOOTNOTES_ATTR,
    FOOTNOTES_TAG,
    RAW_TAG,
    STANDALONE_ATTR,
)
from editor.core.render.ids import IdMaker, gfm_base_id, kramdown_base_id
from editor.core.render.typography import smarten

if TYPE_CHECKING:
    from markdown import Markdown

    from editor.core.render.inline import FootnoteBook
    from editor.core.render.nodes import DocState

DEFERRED_ID_ATTR = "data-kd-id"
# The closing delimiter of an emphasis kramdown's parser built (emphasis.py): the
# source a quote at the end of its text is followed by.
DELIM_ATTR = "data-kd-delim"
_SKIP = {"code", "pre", "script", "style", RAW_TAG, "kbd", "samp", "var", "math"}
# What the Markdown source of an inline element starts with, for quote rules
# that look ahead past the end of a text run.
_FOLLOW = {"em": "*x", "strong": "**x", "a": "[x", "img": "![x", "code": "`x", "del": "~~x",
           "br": "\n", "sup": "[^x"}
_PLACEHOLDER = re.compile("\x02[^\x03]*\x03")
_ENTITY = re.compile(r"&(?:#\d+|#x[0-9a-fA-F]+|\w+);")


class DepthCapProcessor(Treeprocessor):
    """Flatten elements nested deeper than 2 x MAX_NESTING into their text.

    Emphasis nested thousands deep (`*a **a *a ...`) parses in linear time but would
    overflow every recursive pass after it (and the serializer); past the cap the
    markup is shown as its plain text, with a notice, as block nesting is.
    """

    def run(self, root: etree.Element) -> None:
        """Walk the tree without recursion; flatten at the cap."""
        from editor.core.render.safety import MAX_NESTING, render_notice

        capped = False
        stack = [(root, 0)]
        while stack:
            el, depth = stack.pop()
            if depth >= 2 * MAX_NESTING and len(el):
                el.text = "".join(el.itertext())
                for child in list(el):
                    el.remove(child)
                capped = True
                continue
            stack.extend((child, depth + 1) for child in el)
        if capped:
            notice = etree.Element(RAW_TAG)
            notice.text = AtomicString(self.md.htmlStash.store(render_notice(
                f"Elements nested deeper than {2 * MAX_NESTING} levels are shown as "
                "plain text.") + "\n"))
            root.insert(0, notice)


class AbbreviationProcessor(Treeprocessor):
    """kramdown's abbreviations: each defined abbreviation in text (on word boundaries,
    longest first, not in code or raw HTML) becomes `<abbr title="...">`."""

    def __init__(self, md: Markdown, state: DocState) -> None:
        """Read the definitions from `state`."""
        super().__init__(md)
        self.state = state

    def run(self, root: etree.Element) -> None:
        """Wrap every occurrence, walking the tree without recursion."""
        abbrevs = self.state.abbrevs
        if not abbrevs:
            return
        names = sorted(abbrevs, key=len, reverse=True)
        rx = re.compile(r"(?<!\w)(?:" + "|".join(re.escape(n) for n in names) + r")(?!\w)")
        stack = [root]
        while stack:
            el = stack.pop()
            if el.tag in _SKIP or el.tag == "abbr":
                continue
            stack.extend(el)
            index = 0
            if el.text and not isinstance(el.text, AtomicString):
                el.text, index = self._wrap(el, 0, el.text, rx)
            while index < len(el):
                child = el[index]
                index += 1
                if child.tail and not isinstance(child.tail, AtomicString):
                    child.tail, added = self._wrap(el, index, child.tail, rx)
                    index += added

    def _wrap(self, parent: etree.Element, index: int, text: str,
              rx: re.Pattern[str]) -> tuple[str, int]:
        """Insert <abbr> elements for `text` at `index` of `parent`; return the lead text
        and how many elements were inserted."""
        parts = rx.split(text)
        found = rx.findall(text)
        if not found:
            return text, 0
        for i, name in enumerate(found):
            abbr = etree.Element("abbr")
            title = self.state.abbrevs[name]
            if title:
                abbr.set("title", title)
            abbr.text = name
            abbr.tail = parts[i + 1]
            parent.insert(index + i, abbr)
        return parts[0], len(found)


class FigureProcessor(Treeprocessor):
    """kramdown's standalone images: a paragraph holding only `![alt](src){: standalone}`
    becomes `<figure>` (the image's class and id move to it) with the alt as caption."""

    def run(self, root: etree.Element) -> None:
        """Turn marked lone images into figures; drop the mark everywhere."""
        self._index(root)
        for el in list(root.iter()):
            if el.attrib.pop(STANDALONE_ATTR, None) is None or el.tag != "img":
                continue
            parent = self._lone_parent.get(id(el))
            if parent is None:
                continue
            parent.tag = "figure"
            for key in ("class", "id"):
                if key in el.attrib and key not in parent.attrib:
                    parent.set(key, el.attrib.pop(key))
            caption = etree.SubElement(parent, "figcaption")
            caption.text = AtomicString(el.get("alt", ""))

    def __init__(self, md: Markdown) -> None:
        """A pass over `md`'s tree."""
        super().__init__(md)
        self._lone_parent: dict[int, etree.Element] = {}

    def _index(self, root: etree.Element) -> None:
        self._lone_parent = {}
        for p in root.iter("p"):
            if len(p) == 1 and not (p.text or "").strip() and not (p[0].tail or "").strip():
                self._lone_parent[id(p[0])] = p


class TypographyProcessor(Treeprocessor):
    """Smart quotes, dashes, ellipses and guillemets in text (not in code)."""

    def run(self, root: etree.Element) -> None:
        """Rewrite every text run outside code and raw HTML."""
        self._walk(root)

    def _walk(self, el: etree.Element, end: str = "") -> None:
        """Smarten `el`'s text runs; `end` is the source after its last run."""
        delim = el.attrib.pop(DELIM_ATTR, None)
        if el.tag in _SKIP:
            return
        kids = list(el)
        if el.text and not isinstance(el.text, AtomicString):
            el.text = smarten(el.text, _follow(kids[0]) if kids else end)
        for i, child in enumerate(kids):
            nxt = kids[i + 1] if i + 1 < len(kids) else None
            after = _follow(nxt) if nxt is not None else end
            closing = child.get(DELIM_ATTR)
            self._walk(child, closing + (child.tail or after) if closing else "")
            if child.tail and not isinstance(child.tail, AtomicString):
                child.tail = smarten(child.tail, after)
        del delim


def _follow(el: etree.Element | None) -> str:
    """The source text an inline element starts with ('' at the end of a block)."""
    if el is None:
        return ""
    return _FOLLOW.get(el.tag, "<x")


class HeaderIdProcessor(Treeprocessor):
    """Give headers without an explicit id the id kramdown generates.

    With `deferred`, headers get a `data-kd-id="kind:base"` marker instead, for
    the incremental renderer to number across the whole document.
    """

    deferred = False

    def run(self, root: etree.Element) -> None:
        """Number ids in document order."""
        maker = IdMaker()
        for el in root.iter():
            kind = el.attrib.pop(AUTO_ID_ATTR, None)
            if kind is None:
                continue
            text = self._text(el)
            if self.deferred:
                base = gfm_base_id(text) if kind == "gfm" else kramdown_base_id(text)
                el.set(DEFERRED_ID_ATTR, f"{kind}:{base}")
                continue
            new_id = maker.gfm(text) if kind == "gfm" else maker.kramdown(text)
            if new_id:
                el.set("id", new_id)

    def _text(self, el: etree.Element) -> str:
        """The header's text content, as kramdown's raw_text for ids."""
        parts: list[str] = []
        stack = [(el, False)]
        while stack:
            node, tail_only = stack.pop()
            if not tail_only and not (node is not el and node.tag == "sup"):
                if node.text:
                    parts.append(self._unstash(node.text))
                # children first (reversed onto the stack), then this node's tail
                if node is not el and node.tail:
                    stack.append((node, True))
                stack.extend((child, False) for child in reversed(node))
                continue
            if node is not el and node.tail:
                parts.append(self._unstash(node.tail))
        return "".join(parts)

    def _unstash(self, text: str) -> str:
        """Drop raw-HTML placeholders; keep escaped characters."""
        stash = self.md.htmlStash.rawHtmlBlocks

        def sub(m: re.Match[str]) -> str:
            body = m.group(0)[1:-1]
            if body.isdigit():
                return chr(int(body))
            index = body.rpartition(":")[2]
            if index.isdigit() and int(index) < len(stash):
                raw = str(stash[int(index)])
                if _ENTITY.fullmatch(raw):
                    return html.unescape(raw)
            return ""

        return _PLACEHOLDER.sub(sub, text)


class FootnoteProcessor(Treeprocessor):
    """Print referenced footnotes at the end, in kramdown's markup."""

    def __init__(self, md: Markdown, book: FootnoteBook) -> None:
        """Read the referenced footnotes from `book`."""
        super().__init__(md)
        self.book = book

    def run(self, root: etree.Element) -> None:
        """Replace the holder of definitions with the footnotes block."""
        holder = root.find(FOOTNOTES_TAG)
        place = _placement(root, FOOTNOTES_ATTR)
        if holder is None:
            if place is not None:
                place[1].remove(place[0])
            return
        self._renumber(root, holder)
        root.remove(holder)
        if not self.book.order:
            if place is not None:
                place[1].remove(place[0])
            return
        items = {li.get("data-kd-name"): li for li in holder}
        div = etree.Element("div", {"class": "footnotes", "role": "doc-endnotes"})
        if place is not None:
            el, parent = place
            div.tail = el.tail
            parent[list(parent).index(el)] = div
        else:
            root.append(div)
        ol = etree.SubElement(div, "ol")
        for name in self.book.order:
            li = items.get(name)
            if li is None:
                continue
            li.attrib.clear()
            li.set("id", f"fn:{name}")
            li.set("role", "doc-endnote")
            ol.append(li)
            self._backlinks(li, name, self.book.counts[name])

    def _renumber(self, root: etree.Element, holder: etree.Element) -> None:
        """Number the markers in document order, as kramdown does (the inline pass
        visits the tree breadth first): the body first, then each referenced note's
        own text in note order (a note referenced only from a note comes after)."""
        order: list[str] = []
        counts: dict[str, int] = {}
        numbers: dict[str, int] = {}

        def visit(scope: etree.Element) -> None:
            for sup in scope.iter("sup"):
                link = sup.find("a")
                if sup.get("role") != "doc-noteref" or link is None:
                    continue
                name = str(link.get("href", ""))[len("#fn:"):]
                if name not in counts:
                    order.append(name)
                    numbers[name] = len(order)
                    counts[name] = 0
                else:
                    counts[name] += 1
                seen = counts[name]
                sup.set("id", f"fnref:{name}" if seen == 0 else f"fnref:{name}:{seen}")
                link.text = str(numbers[name])

        for child in root:
            if child is not holder:
                visit(child)
        items = {li.get("data-kd-name"): li for li in holder}
        # A note's backlinks are the references counted before its own text is read.
        backlinks: dict[str, int] = {}
        i = 0
        while i < len(order):
            backlinks[order[i]] = counts[order[i]]
            note = items.get(order[i])
            if note is not None:
                visit(note)
            i += 1
        self.book.order, self.book.counts, self.book.numbers = order, backlinks, numbers

    @staticmethod
    def _backlinks(li: etree.Element, name: str, repeats: int) -> None:
        """Add the ↩ links back to each marker, inside the last paragraph if any."""
        target = li[-1] if len(li) and li[-1].tag == "p" else None
        links = []
        for i in range(repeats + 1):
            ref = f"fnref:{name}" if i == 0 else f"fnref:{name}:{i}"
            a = etree.Element("a", {"href": f"#{ref}", "class": "reversefootnote",
                                    "role": "doc-backlink"})
            a.text = "\u21a9"
            if i:
                sup = etree.SubElement(a, "sup")
                sup.text = str(i + 1)
            links.append(a)
        if target is None:
            target = etree.SubElement(li, "p")
        for a in links:
            if len(target):
                target[-1].tail = (target[-1].tail or "") + " "
            else:
                target.text = (target.text or "") + " "
            target.append(a)


def _placement(root: etree.Element, attr: str) -> tuple[etree.Element, etree.Element] | None:
    """The first element marked with `attr` (and its parent); other marks are dropped."""
    found = None
    for parent in root.iter():
        for child in parent:
            if child.attrib.pop(attr, None) is not None and found is None:
                found = (child, parent)
    return found
