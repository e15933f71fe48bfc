"""Jekyll's own Liquid tags: include, include_relative, post_url and link (all confined
to the site: no path in a tag reads or lists anything outside it)."""

from __future__ import annotations

import os
import re
from pathlib import Path
from typing import TYPE_CHECKING

from editor.core.render.jekyll_include import include, include_relative, lookup

if TYPE_CHECKING:
    from liquid.context import RenderContext

    from editor.core.site_model import Site


def _site(context: RenderContext) -> Site | None:
    """The Site the environment was built for."""
    return getattr(context.env, "dateline_site", None)


def post_url(context: RenderContext, args: str) -> str:
    """`{% post_url 2010-07-21-name %}`: the URL of another post of the site."""
    from editor.core.render.jekyll_data import page_data
    from editor.core.render.notices import notice
    from editor.core.render.source import read_post_file

    name = args.strip()
    site = _site(context)
    matcher = _post_matcher(name)
    if matcher is None:
        return notice(f"post_url: '{name}' does not contain valid date and/or title")
    found = _find_post(site, matcher) if site and site.root else None
    if found is None or site is None or site.root is None:
        return notice(f'Could not find post "{name}" in tag \'post_url\'')
    front, _ = read_post_file(site.root / found)
    front = dict(front)
    front.setdefault("path", found)
    return _base(site) + str(page_data(front, site)["url"])


_POST_NAME = re.compile(r"\A((?:.+/)*)(\d+-\d+-\d+)-(.*)\Z")


def _post_matcher(name: str) -> re.Pattern[str] | None:
    """Jekyll's PostComparer: a pattern over the site's post paths, or None when `name`
    is not `[folder/]YYYY-MM-DD-slug`."""
    m = _POST_NAME.match(name.lstrip("/"))
    if m is None:
        return None
    path, date, slug = (re.escape(g) for g in m.groups())
    base = rf"{date}-{slug}\.[^./]+\Z"
    return re.compile(rf"\A_posts/{path}{base}|\A{path}_posts/(?:.+/)?{base}")


_SKIP_DIRS = frozenset(("_site", "node_modules", "vendor", ".git", ".jekyll-cache"))


def site_posts(root: Path) -> list[str]:
    """Site-relative paths of the files in every `_posts` folder of the site (links to
    folders are not followed, so nothing outside the site is listed)."""
    found: list[str] = []
    for folder, dirs, files in os.walk(root, followlinks=False):
        dirs[:] = sorted(d for d in dirs if d not in _SKIP_DIRS and not d.startswith("."))
        rel = Path(folder).relative_to(root).as_posix()
        if "_posts" in rel.split("/"):
            found.extend(f"{rel}/{f}" for f in sorted(files))
    return found


def _find_post(site: Site | None, matcher: re.Pattern[str]) -> str | None:
    """The site-relative path of the first post `matcher` accepts."""
    if site is None or site.root is None:
        return None
    from editor.core.render.liquid_budget import current

    spend = current()
    memo = spend.memo if spend is not None else {}
    key = ("posts", site.root)
    if key not in memo:
        memo[key] = site_posts(site.root)
    for rel in memo[key]:
        if matcher.search(rel):
            return rel
    return None


def link(context: RenderContext, args: str) -> str:
    """`{% link path/to/file.md %}`: the URL Jekyll gives that file."""
    from editor.core.render.notices import notice

    rel = args.strip()
    if rel.startswith("{{"):
        rel = str(lookup(context, rel[2:-2].strip()) or "")
    site = _site(context)
    if site is None or site.root is None or not _site_file(site.root, rel):
        return notice(f"Could not find document '{rel}' in tag 'link'")
    if "_posts/" in rel:
        return post_url(context, Path(rel).stem)
    url = "/" + re.sub(r"\.(md|markdown|html)$", ".html", rel.lstrip("/"))
    return _base(site) + url


def _site_file(root: Path, rel: str) -> bool:
    """True when `rel` names a file inside the site (no `..`, no link out)."""
    if not rel or rel.startswith("/") or ".." in rel.replace("\\", "/").split("/"):
        return False
    path = root / rel
    try:
        return path.is_file() and os.path.realpath(path).startswith(root.as_posix() + "/")
    except (OSError, ValueError):
        return False


def _base(site: Site | None) -> str:
    """The site's baseurl with one leading slash and none trailing."""
    base = site.baseurl.strip("/") if site else ""
    return "/" + base if base else ""


TAGS = {"include": include, "include_relative": include_relative, "post_url": post_url,
        "link": link}
