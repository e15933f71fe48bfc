"""Fast re-rendering for the live preview: a document cut into blocks, HTML cached per block."""

from __future__ import annotations

import re
from collections import OrderedDict
from typing import TYPE_CHECKING, Any

from editor.core.render import syntax as sx

if TYPE_CHECKING:
    from editor.core.site_model import Site

_FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})")
_LIST_OR_CONT = re.compile(r"^(?:[ \t]|[*+-][ \t]|\d+\.[ \t]|\{:|\^|:[ \t]|</|\[\^|\*\[)")
_HTML_OPEN = re.compile(rf"^ {{0,3}}<({sx.UNAME})(?=[\s/>])", re.M)
_DEFERRED_ID = re.compile(r' data-kd-id="(gfm|kramdown):([^"]*)"')
_GLOBAL_ONLY = re.compile(r"\[\^|^ {0,3}\*\[|^ {0,3}\{:\w[\w-]*:|^ {0,3}\{:[^}\n]*\btoc\b"
                          r"|\{::options|^ {0,3}\[[^\]\n]+\]:[^\n]*\n {0,3}\{:", re.M)
_LINK_DEF_LINE = re.compile(r"^[ \t]*\[[^\n\]]+\]:", re.M)
_EXT_OPEN = re.compile(r"^ {0,3}\{::(\w+)(?![^}]*/\})")
_CHUNK_CHARS = 2048


class Renderer:
    """Render post bodies for the preview, reusing the HTML of unchanged blocks.

    The text (after Liquid) is cut at blank lines where a new top-level block
    starts (never inside fenced code, an HTML block, a list or a block IAL);
    each chunk's HTML is cached. Footnotes, abbreviations and ALDs are
    document-global, so a text using them is rendered whole; link definitions
    are collected first and handed to every chunk, so a changed definition
    changes every cache key.
    """

    def __init__(self, site: Site | None = None, max_chunks: int = 8192) -> None:
        """Render for `site`, keeping up to `max_chunks` cached chunk renders."""
        self.site = site
        self.max_chunks = max_chunks
        self._cache: OrderedDict[tuple[str, str], str] = OrderedDict()
        self._md: Any = None

    def render(self, body: str, page: dict[str, Any] | None = None) -> str:
        """The body HTML, as `render_body` gives it, computed incrementally (never raises)."""
        from editor.core.render.safety import guarded

        return guarded(lambda: self._render(body, page), body)

    def _render(self, body: str, page: dict[str, Any] | None) -> str:
        """`render` without the safety net."""
        from editor.core.render.kramdown import markdown_to_html
        from editor.core.render.liquid import render_liquid

        text = render_liquid(body, page or {}, self.site)
        if _GLOBAL_ONLY.search(text):
            return markdown_to_html(text)
        defs = self._link_defs(text)
        defs_key = repr(sorted(defs.items())) if defs else ""
        parts = []
        for chunk in split_chunks(text):
            key = (defs_key, chunk)
            html = self._cache.get(key)
            if html is None:
                html = self._render_chunk(chunk, defs)
                self._cache[key] = html
                if len(self._cache) > self.max_chunks:
                    self._cache.popitem(last=False)
            else:
                self._cache.move_to_end(key)
            parts.append(html)
        return number_ids("".join(parts))

    def _render_chunk(self, chunk: str, defs: dict[str, tuple[str, str | None]]) -> str:
        """One chunk through the kramdown engine, header ids left for numbering."""
        if self._md is None:
            from editor.core.render.kramdown import new_markdown

            self._md = new_markdown()
            ext = self._md.kramdown_extension
            assert ext.ids is not None
            ext.ids.deferred = True
        md = self._md
        md.reset()
        md.kramdown_extension.global_link_defs = defs
        try:
            return str(md.convert(chunk))
        except BaseException:
            self._md = None  # a failed conversion may leave the instance half-way
            raise

    @staticmethod
    def _link_defs(text: str) -> dict[str, tuple[str, str | None]]:
        """Link definitions anywhere in the text (the later one of a name wins)."""
        from editor.core.render.blocks import normalize_link_id

        defs: dict[str, tuple[str, str | None]] = {}
        if "]:" not in text:
            return defs
        for line_match in _LINK_DEF_LINE.finditer(text):
            start = line_match.start()
            first_end = text.find("\n", start)
            second_end = text.find("\n", first_end + 1) if first_end >= 0 else -1
            end = second_end + 1 if second_end >= 0 else len(text)
            snippet = text[start:end].lstrip(" \t")
            if not snippet.endswith("\n"):
                snippet += "\n"
            m = sx.RE_LINK_DEF.match(snippet)
            if m is None:
                continue
            link_id = normalize_link_id(m.group(1))
            url = m.group(2) if m.group(2) is not None else m.group(3)
            defs[link_id] = (url or "", m.group(5))  # the later definition wins
        return defs


def split_chunks(text: str) -> list[str]:
    """Cut text at safe top-level block boundaries into chunks of about 2 kB."""
    lines = text.splitlines(keepends=True)
    chunks: list[str] = []
    current: list[str] = []
    size = 0
    fence: str | None = None
    html_until: int = -1
    prev_blank = False
    after_ial = False
    for i, line in enumerate(lines):
        stripped = line.strip()
        safe = (prev_blank and fence is None and i > html_until and stripped and not after_ial
                and not _LIST_OR_CONT.match(line) and size >= _CHUNK_CHARS)
        if safe:
            chunks.append("".join(current))
            current, size = [], 0
        current.append(line)
        size += len(line)
        fm = _FENCE.match(line)
        if fence is None and fm:
            fence = fm.group(1)[0] * len(fm.group(1))
        elif fence is not None and fm and fm.group(1).startswith(fence) and not line[
                fm.end():].strip():
            fence = None
        elif fence is None and i > html_until:
            html_until = _html_block_end(lines, i)
        prev_blank = not stripped
        if stripped:
            after_ial = bool(sx.RE_IAL_BLOCK.match(line))
    if current:
        chunks.append("".join(current))
    return chunks


def _html_block_end(lines: list[str], i: int) -> int:
    """The last line of an HTML block or comment opening at line `i` (-1 if none)."""
    line = lines[i]
    ext = _EXT_OPEN.match(line)
    if ext:
        stop = re.compile(rf"^ {{0,3}}\{{:/({ext.group(1)})?\}}")
        for j in range(i + 1, len(lines)):
            if stop.match(lines[j]):
                return j
        return len(lines)
    if "<!--" in line and "-->" not in line[line.index("<!--"):]:
        for j in range(i + 1, len(lines)):
            if "-->" in lines[j]:
                return j
        return len(lines)
    m = _HTML_OPEN.match(line)
    if m is None or m.group(1).lower() in sx.HTML_SPAN_ELEMENTS | sx.HTML_ELEMENTS_WITHOUT_BODY:
        return -1
    tag = re.escape(m.group(1))
    opens = re.compile(rf"<{tag}(?=[\s/>])", re.I)
    closes = re.compile(rf"</{tag}\s*>", re.I)
    depth = 0
    for j in range(i, len(lines)):
        depth += len(opens.findall(lines[j])) - len(closes.findall(lines[j]))
        if depth <= 0:
            return j
    return len(lines)


def number_ids(html: str) -> str:
    """Replace deferred header-id markers with document-wide numbered ids."""
    if "data-kd-id" not in html:
        return html
    from editor.core.render.ids import IdMaker

    maker = IdMaker()

    def sub(m: re.Match[str]) -> str:
        kind, base = m.group(1), m.group(2)
        new_id = maker.gfm_from_base(base) if kind == "gfm" else maker.kramdown_from_base(base)
        return f' id="{new_id}"' if new_id else ""

    return _DEFERRED_ID.sub(sub, html)
