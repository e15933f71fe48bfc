"""The render pipeline: Liquid first, then kramdown-compatible Markdown."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from editor.core.site_model import Site


def render_body(body: str, page: dict[str, Any] | None = None,
                site: Site | None = None) -> str:
    """Render a post body to the HTML Jekyll gives as the post's `content`.

    Never raises: input the renderer cannot handle (nesting beyond Python's
    recursion limit, exhausted memory, an internal error) gives the escaped
    source in a `<pre>` under a visible notice.
    """
    from editor.core.render.kramdown import markdown_to_html
    from editor.core.render.liquid import render_liquid
    from editor.core.render.safety import guarded

    return guarded(lambda: markdown_to_html(render_liquid(body, page or {}, site)), body)


def render_file(path: Path, site_dir: Path | None = None) -> str:
    """Read the post at `path` and render its body (site found upwards unless given)."""
    from editor.core.render.safety import render_notice
    from editor.core.render.source import read_post_parts

    path = Path(path)
    front, body, problem = read_post_parts(path)
    site = Site.load(site_dir) if site_dir else Site.find(path)
    page = dict(front)
    page.setdefault("path", _relative_path(path, site))
    html = render_body(body, page, site)
    return render_notice(problem) + "\n" + html if problem else html


def _relative_path(path: Path, site: Site | None) -> str:
    """`page.path` as Jekyll gives it: relative to the site root."""
    if site is not None and site.root is not None:
        try:
            return path.resolve().relative_to(site.root).as_posix()
        except ValueError:
            pass
    return f"_posts/{path.name}"
