"""The render pipeline: Liquid first, then kramdown-compatible Markdown."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from editor.core.render.site import SiteContext


def render_body(body: str, page: dict[str, Any] | None = None,
                site: SiteContext | None = None) -> str:
    """Render a post body to the HTML Jekyll gives as the post's `content`."""
    from editor.core.render.kramdown import markdown_to_html
    from editor.core.render.liquid import render_liquid

    text = render_liquid(body, page or {}, site)
    return markdown_to_html(text)


def render_file(path: Path, site_dir: Path | None = None) -> str:
    """Read the post at `path` and render its body (site found upwards unless given)."""
    from editor.core.render.source import read_post_file

    front, body = read_post_file(Path(path))
    site = SiteContext.from_dir(site_dir) if site_dir else SiteContext.find(Path(path))
    return render_body(body, front, site)
