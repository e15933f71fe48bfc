"""SVG images without active content: the site serves an SVG as it is, and a browser
opening it runs its scripts on the site's origin.

An SVG is refused (never silently altered) when it has a ``<script>``, an element that
embeds other documents (``foreignObject``, ``iframe``, ``embed``, ``object``, ``handler``,
``listener``), an event handler attribute (``onload=`` …), a ``javascript:``/``vbscript:``
/ HTML or SVG ``data:`` link, an animation that sets a link or a handler, a style sheet
that loads others, or entity declarations; or when it is not an SVG document at all.
The reason names what was found.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET  # noqa: N817 - the usual name

_ACTIVE_ELEMENTS = {"script", "foreignobject", "iframe", "embed", "object", "handler",
                    "listener"}
_LINK_ATTRIBUTES = {"href", "src", "action", "formaction", "values", "to", "from", "by"}
_BAD_URL = re.compile(r"^(?:javascript|vbscript|data:(?:text/html|image/svg|application))",
                      re.IGNORECASE)
_INVISIBLE = re.compile(r"[\x00-\x20\x7f]+")


class UnsafeSvg(ValueError):
    """The SVG cannot be added; the message says what it contains."""


def check_svg(data: bytes) -> None:
    """Raise :class:`UnsafeSvg` unless ``data`` is an SVG document without active content."""
    if re.search(rb"<!ENTITY", data, re.IGNORECASE):
        raise UnsafeSvg("declares XML entities")
    if re.search(rb"<\?xml-stylesheet", data, re.IGNORECASE):
        raise UnsafeSvg("loads a style sheet from elsewhere")
    try:
        root = ET.fromstring(data)
    except ET.ParseError as exc:
        raise UnsafeSvg(f"is not a readable SVG document ({exc})") from None
    if _local(root.tag) != "svg":
        raise UnsafeSvg("is not an SVG document")
    for element in root.iter():
        name = _local(element.tag)
        if name in _ACTIVE_ELEMENTS:
            raise UnsafeSvg(f"contains <{name}>")
        if name == "style" and element.text and _has_bad_css(element.text):
            raise UnsafeSvg("has a style sheet that loads scripts or other files")
        for key, value in element.attrib.items():
            attr = _local(key).lower()
            if attr.startswith("on"):
                raise UnsafeSvg(f"contains an event handler ({attr}=)")
            clean = _INVISIBLE.sub("", value)
            if attr in _LINK_ATTRIBUTES and _BAD_URL.match(clean):
                raise UnsafeSvg(f"contains a {clean.split(':', 1)[0]}: link")
            if attr == "attributename" and (clean.lower().endswith("href")
                                            or clean.lower().startswith("on")):
                raise UnsafeSvg(f"has an animation that changes {clean}")
            if attr == "style" and _has_bad_css(value):
                raise UnsafeSvg("has a style that loads scripts or other files")


def _local(tag: object) -> str:
    text = tag if isinstance(tag, str) else ""
    return text.rsplit("}", 1)[-1].lower()


def _has_bad_css(css: str) -> bool:
    flat = _INVISIBLE.sub("", css).lower()
    return "javascript:" in flat or "@import" in flat or "expression(" in flat
