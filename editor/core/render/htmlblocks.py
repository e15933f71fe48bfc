"""kramdown's block-level HTML: raw elements, comments, and `markdown="1"` content."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from editor.core.render import syntax as sx
from editor.core.render.nodes import Node

if TYPE_CHECKING:
    from editor.core.render.blocks import BlockParser, _Src

_MARKDOWN_ATTR = {"0": "raw", "1": "default", "span": "span", "block": "block"}
_OPT_TAG = re.compile(rf"^{sx.OPT_SPACE}{sx.RE_HTML_TAG.pattern}", re.M | re.S)
_OPT_CLOSE = re.compile(rf"^{sx.OPT_SPACE}{sx.RE_HTML_TAG_CLOSE.pattern}", re.M | re.S)


def parse_block_html(parser: BlockParser, src: _Src, kids: list[Node],
                     stop: str | None) -> bool | str:
    """Parse block HTML at `src`; "stop" when it is the closing tag of `stop`."""
    m = sx.RE_HTML_COMMENT.match(src.text, src.pos)
    if m:
        src.pos = m.end()
        kids.append(Node("xml_comment", m.group(0)))
        src.scan(sx.RE_TRAILING_WS)
        return True
    m = _OPT_TAG.match(src.text, src.pos)
    if m and m.group(1).lower() not in sx.HTML_SPAN_ELEMENTS:
        src.pos = m.end()
        el = _start_tag(m, "block")
        kids.append(el)
        if parser._block_ial is not None:
            el.opts["ial"] = parser._block_ial
            parser._block_ial = None
        _handle_tag(parser, src, el, parent_raw=False)
        return True
    m = _OPT_CLOSE.match(src.text, src.pos)
    if (m and m.group(1).lower() not in sx.HTML_SPAN_ELEMENTS and stop is not None
            and stop == m.group(1).lower()):
        src.pos = m.end()
        return "stop"
    return False


def _start_tag(m: re.Match[str], category: str) -> Node:
    """An html_element node from a start-tag match."""
    name = m.group(1)
    if name.lower() in sx.HTML_CONTENT_MODEL or name.lower() in sx.HTML_ELEMENTS_WITHOUT_BODY:
        name = name.lower()
    closed = bool(m.group(3)) or name in sx.HTML_ELEMENTS_WITHOUT_BODY
    return Node("html_element", name, sx.parse_html_attributes(m.group(2)),
                opts={"category": category, "closed": closed})


def _handle_tag(parser: BlockParser, src: _Src, el: Node, parent_raw: bool) -> None:
    """Decide the content model of `el` and parse its body from `src`."""
    model = "raw"
    val = _MARKDOWN_ATTR.get(el.attr.pop("markdown", "")) if "markdown" in el.attr else None
    if val is not None:
        model = sx.HTML_CONTENT_MODEL.get(el.value, "raw") if val == "default" else val
    el.opts["model"] = model
    if model == "block":
        src.scan(sx.RE_TRAILING_WS)
    if el.value == "script" and not el.opts["closed"]:
        end = re.compile(r"</script\s*>", re.I).search(src.text, src.pos)
        stop_at = end.start() if end else len(src.text)
        el.children.append(Node("raw_text", src.text[src.pos:stop_at]))
        src.pos = end.end() if end else len(src.text)
        el.opts["model"] = "raw"
    elif not el.opts["closed"]:
        if model == "block":
            parser._parse_nested(el, src, el.value)
        elif model == "raw":
            parser.depth += 1
            try:
                _parse_raw(parser, src, el)
            finally:
                parser.depth -= 1
        elif model == "span":
            end = re.compile(rf"</{re.escape(el.value)}\s*>", re.I).search(src.text, src.pos)
            stop_at = end.start() if end else len(src.text)
            el.children.append(Node("span_text", src.text[src.pos:stop_at]))
            src.pos = end.end() if end else len(src.text)
        if not parent_raw:
            src.scan(sx.RE_TRAILING_WS)


def _parse_raw(parser: BlockParser, src: _Src, el: Node) -> None:
    """Collect raw HTML content up to the end tag of `el` (nested tags balanced)."""
    while src.pos < len(src.text):
        # Re-read every time: a nested block body may re-anchor (cut) the source.
        text = src.text
        m = sx.RE_HTML_RAW_START.search(text, src.pos)
        if m is None:
            _raw_text(el, text[src.pos:])
            src.pos = len(text)
            return
        _raw_text(el, text[src.pos:m.start()])
        src.pos = m.start()
        cm = sx.RE_HTML_COMMENT.match(text, src.pos) or sx.RE_HTML_INSTRUCTION.match(
            text, src.pos)
        if cm:
            el.children.append(Node("xml_comment", cm.group(0)))
            src.pos = cm.end()
            continue
        tm = sx.RE_HTML_TAG.match(text, src.pos)
        if tm and parser._capped():
            _raw_text(el, tm.group(0))  # nested too deeply: the tag stays text
            src.pos = tm.end()
            continue
        if tm:
            src.pos = tm.end()
            child = _start_tag(tm, "block")
            el.children.append(child)
            _handle_tag(parser, src, child, parent_raw=True)
            continue
        ctm = sx.RE_HTML_TAG_CLOSE.match(text, src.pos)
        if ctm:
            src.pos = ctm.end()
            if ctm.group(1).lower() == el.value.lower():
                return
            continue  # kramdown drops a stray closing tag
        _raw_text(el, text[src.pos])
        src.pos += 1


def _raw_text(el: Node, text: str) -> None:
    """Append raw text to `el`, merging with a previous raw text child."""
    if not text:
        return
    if el.children and el.children[-1].type == "raw_text":
        el.children[-1].value += text
    else:
        el.children.append(Node("raw_text", text))


def serialize_raw(el: Node) -> str:
    """HTML source of a raw-model element and its raw children."""
    from editor.core.render.htmlattrs import escape_attr

    if el.type == "raw_text":
        return str(el.value)
    if el.type == "xml_comment":
        return str(el.value)
    attrs = "".join(f' {k}="{escape_attr(v)}"' for k, v in el.attr.items())
    if el.opts.get("closed") and el.value in sx.HTML_ELEMENTS_WITHOUT_BODY:
        return f"<{el.value}{attrs} />"
    inner = "".join(serialize_raw(c) for c in el.children)
    return f"<{el.value}{attrs}>{inner}</{el.value}>"
