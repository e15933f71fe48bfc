"""Markdown to HTML exactly as Jekyll's kramdown (GFM input) prints it."""

from __future__ import annotations

import threading
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import markdown

_LOCAL = threading.local()


def markdown_to_html(text: str) -> str:
    """Convert Markdown (after Liquid) to the body HTML kramdown produces."""
    md = getattr(_LOCAL, "md", None)
    if md is None:
        md = new_markdown()
        _LOCAL.md = md
    md.reset()
    try:
        return md.convert(text)
    except BaseException:
        _LOCAL.md = None  # a failed conversion may leave the instance half-way
        raise


def new_markdown() -> markdown.Markdown:
    """A fresh Python-Markdown instance configured as kramdown."""
    import markdown

    from editor.core.render.extension import KramdownExtension
    from editor.core.render.mdcompat import check_markdown

    check_markdown()
    ext = KramdownExtension()
    md = markdown.Markdown(extensions=[ext], output_format="xhtml")
    md.kramdown_extension = ext  # type: ignore[attr-defined]
    return md
