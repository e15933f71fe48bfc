"""Jekyll's own Liquid tags: include (with parameters), post_url and link."""

from __future__ import annotations

import re
from contextvars import ContextVar
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from liquid.context import RenderContext

    from editor.core.render.site import SiteContext

_PARAM = re.compile(r"([\w-]+)\s*=\s*(?:\"([^\"]*)\"|'([^']*)'|([\w.\[\]\"'-]+))")
_MAX_DEPTH = 20
_DEPTH: ContextVar[int] = ContextVar("dateline_include_depth", default=0)


def _site(context: RenderContext) -> SiteContext | None:
    """The SiteContext the environment was built for."""
    return getattr(context.env, "dateline_site", None)


def _lookup(context: RenderContext, path: str) -> Any:
    """Resolve a dotted variable path (`page.title`, `include.x`) in `context`."""
    parts = [p for p in re.split(r"\.|\[['\"]?|['\"]?\]", path) if p]
    if not parts:
        return None
    try:
        value: Any = context.resolve(parts[0])
    except Exception:  # noqa: BLE001 - an undefined name renders as nothing
        return None
    for part in parts[1:]:
        if isinstance(value, dict):
            value = value.get(part)
        elif isinstance(value, list) and part.lstrip("-").isdigit():
            idx = int(part)
            value = value[idx] if -len(value) <= idx < len(value) else None
        else:
            return None
    return value


def include(context: RenderContext, args: str) -> str:
    """`{% include file.html key=value %}` from the site's `_includes` folder."""
    from editor.core.render.liquid import notice

    args = args.strip()
    m = re.match(r"(\{\{.*?\}\}|\S+)\s*(.*)\Z", args, re.S)
    if not m:
        return notice("include tag without a file name")
    name = m.group(1)
    if name.startswith("{{"):
        name = str(_lookup(context, name[2:-2].strip()) or "")
    params: dict[str, Any] = {}
    for pm in _PARAM.finditer(m.group(2)):
        if pm.group(2) is not None or pm.group(3) is not None:
            params[pm.group(1)] = pm.group(2) if pm.group(2) is not None else pm.group(3)
        else:
            params[pm.group(1)] = _lookup(context, pm.group(4))
    site = _site(context)
    folder = site.includes_dir if site else None
    target = (folder / name) if folder else None
    if target is None or not _inside(target, folder) or not target.is_file():
        return notice(f"Could not locate the included file '{name}' in _includes")
    depth = _DEPTH.get()
    if depth > _MAX_DEPTH:
        return notice(f"include of '{name}' nested too deeply")
    source = target.read_text(encoding="utf-8", errors="replace")
    from liquid.exceptions import LiquidError

    try:
        template = context.env.from_string(source)
        import io

        buf = io.StringIO()
        token = _DEPTH.set(depth + 1)
        try:
            with context.extend({"include": params}):
                template.render_with_context(context, buf)
        finally:
            _DEPTH.reset(token)
        return buf.getvalue()
    except LiquidError as err:
        return notice(f"Liquid error in include '{name}': {err}")


def _inside(path: Path, folder: Path | None) -> bool:
    """True when `path` stays inside `folder` (no `..` escapes)."""
    if folder is None:
        return False
    try:
        path.resolve().relative_to(folder.resolve())
    except ValueError:
        return False
    return True


def post_url(context: RenderContext, args: str) -> str:
    """`{% post_url 2010-07-21-name %}`: the URL of another post of the site."""
    from editor.core.render.jekyll_data import page_data
    from editor.core.render.liquid import notice
    from editor.core.render.source import read_post_file

    name = args.strip()
    site = _site(context)
    found = _find_post(site, name) if site and site.root else None
    if found is None:
        return notice(f'Could not find post "{name}" in tag \'post_url\'')
    front, _ = read_post_file(found)
    front = dict(front)
    front.setdefault("path", str(found))
    return _base(site) + str(page_data(front, site)["url"])


def _find_post(site: SiteContext, name: str) -> Path | None:
    """The file of post `name` (`[subdir/]YYYY-MM-DD-slug`) under the site's `_posts`."""
    assert site.root is not None
    sub, _, stem = name.rpartition("/")
    for posts in site.root.rglob("_posts"):
        folder = posts / sub if sub else posts
        for candidate in sorted(folder.rglob(f"{stem}.*")) if folder.is_dir() else []:
            if candidate.is_file():
                return candidate
    return None


def link(context: RenderContext, args: str) -> str:
    """`{% link path/to/file.md %}`: the URL Jekyll gives that file."""
    from editor.core.render.liquid import notice

    rel = args.strip()
    if rel.startswith("{{"):
        rel = str(_lookup(context, rel[2:-2].strip()) or "")
    site = _site(context)
    if site is None or site.root is None or not (site.root / rel).is_file():
        return notice(f"Could not find document '{rel}' in tag 'link'")
    if "_posts/" in rel:
        return post_url(context, Path(rel).stem)
    url = "/" + re.sub(r"\.(md|markdown|html)$", ".html", rel.lstrip("/"))
    return _base(site) + url


def _base(site: SiteContext | None) -> str:
    """The site's baseurl with one leading slash and none trailing."""
    base = site.baseurl.strip("/") if site else ""
    return "/" + base if base else ""


TAGS = {"include": include, "post_url": post_url, "link": link}
