"""kramdown's span-level HTML: which tags are HTML, which are text, whose body is raw.

kramdown (parser/kramdown/html.rb, `parse_span_html`) reads HTML inside a paragraph
differently from Python-Markdown:

- comments are kept; processing instructions and CDATA are text;
- a closing tag that closes nothing open is text (`</div>` alone → `&lt;/div&gt;`);
- a block element's tag (`<div>`, `<p>`...) inside text is text;
- an element whose content model is raw (`kbd`, `code`, `samp`, `var`, `script`,
  `style`, `textarea` and every element kramdown does not list, such as `mark` or
  `time`) keeps its body verbatim: no emphasis, no smart quotes;
- `markdown="0|1|span|block"` picks raw or parsed content and is removed.

`SpanHtmlProcessor` replaces Python-Markdown's `html` inline pattern. For each text it
plans every tag once, left to right (linear), then answers each match from the plan.
"""

from __future__ import annotations

import html
import re
from typing import Any

from markdown.inlinepatterns import HtmlInlineProcessor

from editor.core.render import syntax as sx

# kramdown's HTML_BLOCK_ELEMENTS: their tags inside text are text.
HTML_BLOCK_ELEMENTS = frozenset(
    "address article aside applet body blockquote caption col colgroup dd div dl dt fieldset "
    "figcaption footer form h1 h2 h3 h4 h5 h6 header hgroup hr html head iframe legend menu li "
    "main map nav ol optgroup p pre section summary table tbody td th thead tfoot tr ul".split())
_KNOWN = (sx.HTML_SPAN_ELEMENTS | HTML_BLOCK_ELEMENTS | sx.HTML_ELEMENTS_WITHOUT_BODY
          | frozenset(sx.HTML_CONTENT_MODEL))
# The trigger: `<` not after another `<` (`<<` is a guillemet), then a tag or comment.
SPAN_HTML_RE = rf"(?<!<)<(?:!--|/?{sx.UNAME})"
_TAG = re.compile(rf"<!--|</({sx.UNAME})\s*>|{sx.RE_HTML_TAG.pattern}", re.S)
_MARKDOWN = {"0": "raw", "1": "default", "span": "span", "block": "block"}


def _start_tag(name: str, attrs: dict[str, str], closed: bool) -> str:
    """A start tag as kramdown prints it (used when the `markdown` attribute goes)."""
    text = "".join(f' {k}="{html.escape(v, quote=True)}"' for k, v in attrs.items())
    return f"<{name}{text}{' /' if closed else ''}>"


def plan(data: str) -> dict[int, tuple[str, int, str]]:
    """What each tag starting in `data` is: position → (kind, end, text).

    kind is "raw" (stash `text` as HTML) or "text" (literal text).
    """
    actions: dict[int, tuple[str, int, str]] = {}
    stack: list[str] = []
    pos = 0
    last_close = data.rfind("-->")
    while True:
        m = _TAG.search(data, pos)
        if m is None:
            break
        start, end = m.start(), m.end()
        pos = end
        if start > 0 and data[start - 1] == "<":
            continue
        whole = m.group(0)
        if whole == "<!--":  # a comment, kept; unclosed, it is text
            close_at = data.find("-->", end) if end <= last_close else -1
            if close_at >= 0:
                pos = close_at + 3
                actions[start] = ("raw", pos, data[start:pos])
            continue
        if m.group(1) is not None:  # a closing tag
            name = m.group(1).lower() if m.group(1).lower() in _KNOWN else m.group(1)
            if stack and stack[-1] == name:
                stack.pop()
                actions[start] = ("raw", end, whole)
            else:
                actions[start] = ("text", end, whole)
            continue
        name = m.group(2).lower() if m.group(2).lower() in _KNOWN else m.group(2)
        if name in HTML_BLOCK_ELEMENTS:
            actions[start] = ("text", end, whole)
            continue
        attrs = sx.parse_html_attributes(m.group(3))
        closed = bool(m.group(4))
        tag = whole
        parse = sx.HTML_CONTENT_MODEL.get(name, "raw") != "raw"
        if "markdown" in attrs:
            mode = _MARKDOWN.get(attrs.pop("markdown"))
            if mode == "span":
                parse = True
            elif mode == "raw":
                parse = False
            tag = _start_tag(name, attrs, closed)
        if closed or name in sx.HTML_ELEMENTS_WITHOUT_BODY:
            actions[start] = ("raw", end, tag)
            continue
        if parse:
            actions[start] = ("raw", end, tag)
            stack.append(name)
            continue
        flags = re.I if name in _KNOWN else 0
        close = re.compile(rf"</{re.escape(name)}\s*>", flags).search(data, end)
        stop = close.end() if close else len(data)
        body = data[end:close.start()] if close else data[end:]
        actions[start] = ("raw", stop, tag + body + f"</{name}>")
        pos = stop
    return actions


class SpanHtmlProcessor(HtmlInlineProcessor):
    """Inline HTML as kramdown reads it (see the module docstring)."""

    def __init__(self, pattern: str, md: Any) -> None:
        """Match `pattern`; plans are cached for the text being processed."""
        super().__init__(pattern, md)
        self._data: str | None = None
        self._plan: dict[int, tuple[str, int, str]] = {}

    def handleMatch(  # type: ignore[override]  # noqa: N802
        self, m: re.Match[str], data: str
    ) -> tuple[str | None, int | None, int | None]:
        """Stash the tag (or the whole raw element), or give its text back as text."""
        if data is not self._data:
            self._data, self._plan = data, plan(data)
        action = self._plan.get(m.start(0))
        if action is None:
            return None, None, None
        kind, end, text = action
        if kind == "text":
            return text, m.start(0), end
        raw = self.backslash_unescape(self.unescape(text))
        return self.md.htmlStash.store(raw), m.start(0), end
