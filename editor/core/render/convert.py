"""Turning kramdown block nodes into Python-Markdown's element tree (inline text left raw)."""

from __future__ import annotations

import xml.etree.ElementTree as etree
from typing import TYPE_CHECKING

from markdown.util import AtomicString

from editor.core.render.nodes import DocState, Node

if TYPE_CHECKING:
    from markdown import Markdown

RAW_TAG = "kd-raw"
FOOTNOTES_TAG = "kd-footnotes"
AUTO_ID_ATTR = "data-kd-auto-id"
# `{:toc}` / `{:footnotes}` on a block: the element the table of contents or the
# footnotes replace (kramdown's special IAL references).
TOC_ATTR = "data-kd-toc"
FOOTNOTES_ATTR = "data-kd-footnotes"
STANDALONE_ATTR = "data-kd-standalone"
PLACEMENT_REFS = {"toc": TOC_ATTR, "footnotes": FOOTNOTES_ATTR, "standalone": STANDALONE_ATTR}


class TreeBuilder:
    """Append the element tree of parsed block nodes to a Python-Markdown parent."""

    def __init__(self, md: Markdown, state: DocState) -> None:
        """Build into elements of `md`, stashing raw HTML in its stash."""
        self.md = md
        self.state = state

    def build(self, parent: etree.Element, nodes: list[Node], in_html: bool = False) -> None:
        """Append `nodes` under `parent`; `in_html` marks content of an HTML element."""
        for node in nodes:
            handler = getattr(self, "_b_" + node.type, None)
            if handler is not None:
                handler(parent, node, in_html)

    def build_footnotes(self, root: etree.Element) -> None:
        """Hold every footnote definition at the end so inline processing reaches it."""
        if not self.state.footnotes:
            return
        holder = etree.SubElement(root, FOOTNOTES_TAG)
        for name, node in self.state.footnotes.items():
            item = etree.SubElement(holder, "li", {"data-kd-name": name})
            self.build(item, node.children)

    # -- helpers -------------------------------------------------------------

    def raw(self, parent: etree.Element, html: str) -> etree.Element:
        """Place stashed raw HTML under `parent`."""
        el = etree.SubElement(parent, RAW_TAG)
        el.text = AtomicString(self.md.htmlStash.store(html))
        return el

    def _attrs(self, el: etree.Element, node: Node) -> None:
        """Apply the node's own attributes and its IAL (with ALD references)."""
        for key, value in node.attr.items():
            el.set(key, value)
        ial = node.opts.get("ial")
        if ial:
            apply_ial(el, ial, self.state)

    @staticmethod
    def _append_text(parent: etree.Element, text: str) -> None:
        """Append text after the last child of `parent` (or as its text)."""
        if len(parent):
            last = parent[-1]
            last.tail = (last.tail or "") + text
        else:
            parent.text = (parent.text or "") + text

    # -- node types ----------------------------------------------------------

    def _b_p(self, parent: etree.Element, node: Node, _in_html: bool) -> None:
        if node.opts.get("transparent"):
            self._append_text(parent, node.value)
            return
        el = etree.SubElement(parent, "p")
        el.text = node.value
        self._attrs(el, node)

    def _b_text(self, parent: etree.Element, node: Node, _in_html: bool) -> None:
        self._append_text(parent, node.value)

    def _b_header(self, parent: etree.Element, node: Node, in_html: bool) -> None:
        el = etree.SubElement(parent, f"h{node.opts['level']}")
        el.text = node.value
        self._attrs(el, node)
        if "id" not in el.attrib and node.opts.get("auto_id", True):
            el.set(AUTO_ID_ATTR, "kramdown" if in_html else "gfm")

    def _b_codeblock(self, parent: etree.Element, node: Node, _in_html: bool) -> None:
        from editor.core.render.rouge import code_block_html

        probe = etree.Element("x")
        self._attrs(probe, node)
        self.raw(parent, code_block_html(node.value, None, dict(probe.attrib)))

    def _b_blockquote(self, parent: etree.Element, node: Node, in_html: bool) -> None:
        el = etree.SubElement(parent, "blockquote")
        self._attrs(el, node)
        self.build(el, node.children, in_html)

    def _b_hr(self, parent: etree.Element, node: Node, _in_html: bool) -> None:
        self._attrs(etree.SubElement(parent, "hr"), node)

    def _b_ul(self, parent: etree.Element, node: Node, in_html: bool) -> None:
        el = etree.SubElement(parent, node.type)
        self._attrs(el, node)
        for item in node.children:
            li = etree.SubElement(el, "li")
            self._attrs(li, item)
            self.build(li, item.children, in_html)

    _b_ol = _b_ul

    def _b_dl(self, parent: etree.Element, node: Node, in_html: bool) -> None:
        el = etree.SubElement(parent, "dl")
        self._attrs(el, node)
        for item in node.children:
            sub = etree.SubElement(el, item.type)
            self._attrs(sub, item)
            if item.type == "dt":
                sub.text = item.value
            else:
                self.build(sub, item.children, in_html)

    def _b_table(self, parent: etree.Element, node: Node, _in_html: bool) -> None:
        table = etree.SubElement(parent, "table")
        self._attrs(table, node)
        align = node.opts["alignment"]
        for part in node.children:
            section = etree.SubElement(table, part.type)
            for row in part.children:
                tr = etree.SubElement(section, "tr")
                for i, cell in enumerate(row.children):
                    td = etree.SubElement(tr, "th" if part.type == "thead" else "td")
                    if i < len(align) and align[i] != "default":
                        td.set("style", f"text-align: {align[i]}")
                    td.text = cell.value or ""

    def _b_math(self, parent: etree.Element, node: Node, _in_html: bool) -> None:
        from html import escape

        math = "\\[" + escape(node.value, quote=False) + "\\]\n"
        probe = etree.Element("div")
        self._attrs(probe, node)
        if probe.attrib:  # kramdown wraps math with attributes in a <div>
            attrs = "".join(f' {k}="{escape(v)}"' for k, v in probe.attrib.items())
            math = f"<div{attrs}>{math}</div>\n"
        self.raw(parent, math)

    def _b_xml_comment(self, parent: etree.Element, node: Node, _in_html: bool) -> None:
        self.raw(parent, node.value + "\n")

    def _b_comment(self, parent: etree.Element, node: Node, _in_html: bool) -> None:
        self.raw(parent, "<!-- " + node.value + " -->\n")

    def _b_raw(self, parent: etree.Element, node: Node, _in_html: bool) -> None:
        self.raw(parent, node.value + "\n")

    def _b_html_element(self, parent: etree.Element, node: Node, _in_html: bool) -> None:
        from editor.core.render.htmlblocks import serialize_raw

        model = node.opts.get("model", "raw")
        if model == "raw" and _has_parsed_child(node):
            # A raw element holding `markdown="1"` children: keep it as an element
            # so those children are parsed, and its own text stays raw.
            el = etree.SubElement(parent, node.value)
            self._attrs(el, node)
            for child in node.children:
                if child.type == "html_element":
                    self._b_html_element(el, child, True)
                else:
                    self.raw(el, str(child.value))
            return
        if model == "raw":
            probe = etree.Element("x")
            self._attrs(probe, node)
            node.attr = dict(probe.attrib)
            self.raw(parent, serialize_raw(node) + "\n")
            return
        el = etree.SubElement(parent, node.value)
        self._attrs(el, node)
        if model == "span":
            el.text = "".join(str(c.value) for c in node.children)
        else:
            self.build(el, node.children, True)
            if not len(el) and not el.text:
                el.text = ""


def _has_parsed_child(node: Node) -> bool:
    """True when some descendant HTML element has Markdown content."""
    return any(c.type == "html_element" and (c.opts.get("model", "raw") != "raw"
                                            or _has_parsed_child(c)) for c in node.children)


def apply_ial(el: etree.Element, ial: dict[str, object], state: DocState) -> None:
    """Set an IAL's attributes on `el`: classes append, others replace."""
    refs = ial.get(":refs")
    if isinstance(refs, list):
        for ref in refs:
            if ref in state.alds:
                apply_ial(el, state.alds[ref], state)
            elif ref in PLACEMENT_REFS:
                el.set(PLACEMENT_REFS[ref], "1")
    for key, value in ial.items():
        if key.startswith(":"):
            continue
        if key == "class":
            el.set("class", (str(el.get("class", "")) + " " + str(value)).strip())
        elif key == "id" and not str(value).strip():
            el.attrib.pop("id", None)  # kramdown prints no empty id
        else:
            el.set(key, str(value))

