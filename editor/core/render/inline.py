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

    from editor.core.render.nodes import DocState

# Characters GFM lets a backslash escape.
GFM_ESCAPED_CHARS = list("\\.*_+`<>()[]{}#!:|\"'$=-~")
_ESCAPED = re.compile("\x02(\\d+)\x03")
_SPAN_IAL = re.compile(rf"\A\{{:({sx.ALD_ANY_CHARS}+)\}}")


class StrikethroughProcessor(InlineProcessor):
    """`~~text~~` → <del> (GFM)."""

    def handleMatch(  # type: ignore[override]  # noqa: N802
        self, m: re.Match[str], data: str
    ) -> tuple[Any, int, int]:
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

    def handleMatch(  # type: ignore[override]  # noqa: N802
        self, m: re.Match[str], data: str
    ) -> tuple[Any, int | None, int | None]:
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
                    close = tail.find("}")
                    if "\x02" in tail[:close]:  # kramdown keeps escapes in IAL values
                        tail = _ESCAPED.sub(lambda e: "\\" + chr(int(e.group(1))),
                                            tail[:close]) + tail[close:]
                    m = _SPAN_IAL.match(tail)
                    if m and not m.group(1).startswith((":", "/")):
                        ial: dict[str, object] = {}
                        sx.parse_attribute_list(m.group(1), ial)
                        apply_ial(child, ial, self.state)
                        child.tail = tail[m.end():]
                if child.tag == "code" and parent.tag != "pre":
                    _code_classes(child, self.md)


def _code_classes(code: etree.Element, md: Markdown) -> None:
    """`language-X <classes> highlighter-rouge` on an inline code span, its text
    highlighted by Rouge (Pygments here) when the language is one Rouge knows."""
    classes = code.get("class", "").split()
    lang = next((c[9:] for c in classes if c.startswith("language-")), "plaintext")
    rest = [c for c in classes if not c.startswith("language-")]
    code.set("class", " ".join([f"language-{lang}", *rest, "highlighter-rouge"]))
    if lang == "plaintext" or not code.text or len(code):
        return
    from html import unescape

    from editor.core.render.rouge import highlight, is_rouge_language

    if is_rouge_language(lang):
        source = unescape(str(md.treeprocessors["inline"].unescape(code.text))
                          if hasattr(md.treeprocessors["inline"], "unescape") else code.text)
        # Rouge has no whitespace tokens (Pygments wraps spaces in <span class="w">).
        spans = re.sub(r'<span class="w">([^<]*)</span>', r"\1", highlight(source, lang))
        code.text = AtomicString(md.htmlStash.store(spans))


class SpanExtensionProcessor(InlineProcessor):
    """kramdown's span extensions: `{::comment}x{:/}` (an HTML comment),
    `{::nomarkdown}x{:/}` (raw, for HTML output only) and `{::options ... /}`."""

    def handleMatch(  # type: ignore[override]  # noqa: N802
        self, m: re.Match[str], data: str
    ) -> tuple[Any, int, int]:
        """The comment or raw text, stashed; options print nothing."""
        from markdown.util import AtomicString

        name, params, body = m.group(1), m.group(2) or "", m.group(3)
        attrs: dict[str, object] = {}
        sx.parse_attribute_list(params, attrs)
        if name == "comment":
            out = f"<!-- {self.unescape(body or '')} -->"
        elif name == "nomarkdown" and str(attrs.get("type", "html")) == "html":
            out = self.unescape(body or "")
        else:
            out = ""
        return AtomicString(self.md.htmlStash.store(out)), m.start(0), m.end(0)


SPAN_EXTENSION_RE = (r"\{::(comment|nomarkdown|options)((?:\s(?:\\\}|[^}])*?)?)"
                     r"(?:/\}|\}(.*?)\{:/(?:\1)?\})")


class InlineMathProcessor(InlineProcessor):
    """`$$math$$` inside text → MathJax's inline delimiters `\\(math\\)`."""

    def handleMatch(  # type: ignore[override]  # noqa: N802
        self, m: re.Match[str], data: str
    ) -> tuple[Any, int, int]:
        """Keep the math text verbatim between MathJax delimiters."""

        return AtomicString(self.md.htmlStash.store(
            "\\(" + _escape_text(m.group(1).strip()) + "\\)")), m.start(0), m.end(0)


BACKTICK_RE = r"(?:(?<!\\)((?:\\{2})+)(?=`+)|(?<![\\`])(`+)(?!`)(.+?)(?<!`)\2(?!`))"
MATH_RE = r"(?<!\\)\$\$(.*?)\$\$"


def _escape_text(text: str) -> str:
    """Escape HTML special characters in text."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
