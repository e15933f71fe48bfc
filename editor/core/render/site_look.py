"""The site's own look for the preview: the post's layout chain (post → default) rendered
with Liquid around a slot for the body, styled with the site's own stylesheets (plain CSS,
and SCSS/Sass compiled with libsass).

Only files inside the site folder are read. Remote stylesheets, scripts and ``<base>`` are
dropped from the page, so the site view makes no network request of its own. When the look
cannot be shown (a theme installed as a gem outside the site, a missing layout, a Liquid
error in a layout, SCSS that does not compile) the result says why, and the preview falls
back to the house reading view with that notice.
"""

from __future__ import annotations

import html
import os
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from editor.core.digests import sha256_hex
from editor.core.site_model import Site

__all__ = ["BODY_SLOT", "SiteLook", "SitePage", "compile_stylesheet"]

#: What stands for ``{{ content }}`` in the page: the preview pushes the body into it.
BODY_SLOT = '<div id="dl-header" hidden></div><div id="dl-body" class="dl-site-body"></div>'
_CONTENT_MARK = "\ue010dateline-content\ue010"
_MAX_CHAIN = 10
_FRONT_RE = re.compile(r"\A(?:\ufeff)?---[ \t]*\r?\n(.*?)(?:\r?\n)?^(?:---|\.\.\.)[ \t]*$\r?\n?",
                       re.S | re.M)
_LINK_RE = re.compile(r"<link\b[^>]*>", re.I)
_ATTR_RE = re.compile(r"""([\w:-]+)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+))""")
_STRIP_RE = re.compile(r"<script\b.*?</script\s*>|<script\b[^>]*/>|<base\b[^>]*>"
                       r"|<meta\b[^>]*http-equiv\s*=\s*[\"']?refresh[^>]*>"
                       r"|<(iframe|object|embed)\b.*?</\1\s*>|<(?:iframe|embed)\b[^>]*>",
                       re.I | re.S)
#: A plugin tag's placeholder: in a layout these are head tags (seo, feed_meta), not text.
_PLUGIN_RE = re.compile(r'<span class="dateline-plugin-tag"[^>]*>[^<]*</span>')
_REMOTE_RE = re.compile(r"^(?:[a-z][a-z0-9+.-]*:|//)", re.I)
_CSS_URL_RE = re.compile(r"""url\(\s*(["']?)([^"')]+)\1\s*\)""")
_CSS_IMPORT_RE = re.compile(r"""@import\s+(?:url\()?\s*["']?(?:https?:)?//[^;]*;""", re.I)

#: Styles for the preview's own notices inside a site page.
_NOTICE_CSS = (".dateline-liquid-error{border-left:3px solid #c0392b;padding:.4em .8em;"
               "background:#fdecea;color:#5c1a14;font:14px/1.4 sans-serif}"
               ".dateline-plugin-tag{font-family:monospace;background:#eef;padding:0 .2em}")


@dataclass(frozen=True)
class SitePage:
    """The page in the site's look (``html``), or why it cannot be shown (``notice``).

    ``html`` empty and ``notice`` empty: the site has no layouts of its own (house view)."""

    html: str = ""
    notice: str = ""


class LookUnavailable(Exception):
    """The site's look cannot be shown; the message says why, in the writer's words."""


class SiteLook:
    """Renders pages of one site in its own look; caches layouts and compiled CSS by mtime."""

    def __init__(self, root: Path, context: Site | None = None) -> None:
        self.root = Path(root).resolve()
        #: Shared with the body's renderer, so both use one Liquid environment.
        self.context = context if context is not None else Site.load(self.root)
        self._files: dict[Path, tuple[float, str]] = {}
        self._css: dict[Path, tuple[tuple[tuple[str, float], ...], str]] = {}
        self._data: tuple[tuple[tuple[str, float], ...], dict[str, Any]] | None = None
        self._templates: dict[str, Any] = {}
        self._last: tuple[Any, SitePage] | None = None
        self._stylesheets: list[Path] = []

    # -- the page ------------------------------------------------------------------

    def page(self, front: dict[str, Any], csp: str, post_path: Path | None = None) -> SitePage:
        """The full page for a post with front matter ``front``, the body left as a slot.

        The last page is kept until the front matter or a file of the look changes, so a
        body edit costs a few stat calls."""
        key = (repr(sorted(front.items(), key=lambda kv: str(kv[0]))), csp, str(post_path),
               self._watched())
        if self._last is not None and self._last[0] == key:
            return self._last[1]
        self._stylesheets = []
        try:
            result = SitePage(self._page(front, csp, post_path))
        except LookUnavailable as why:
            result = SitePage("", str(why))
        self._last = (_key_with(key, self._watched()), result)
        return result

    def _watched(self) -> tuple[tuple[str, float], ...]:
        """Modification times of every file the page is made from."""
        config = self.context.config
        folders = [self.root / str(config.get("layouts_dir") or "_layouts"),
                   self.root / str(config.get("includes_dir") or "_includes"),
                   self.root / "_data", self._sass_dir()]
        return _mtimes([self.root / "_config.yml", *self._stylesheets], folders)

    def _page(self, front: dict[str, Any], csp: str, post_path: Path | None) -> str:
        context = self.context
        config = context.config
        layouts = self.root / str(config.get("layouts_dir") or "_layouts")
        theme = config.get("theme") or config.get("remote_theme")
        if not layouts.is_dir():
            if theme:
                raise LookUnavailable(f"Reading view: the site's theme “{theme}” is installed "
                                      "as a gem outside the site folder, so the preview "
                                      "cannot show its look.")
            return ""
        name = front.get("layout", self._default_layout(context, post_path))
        if name in (None, "", "none", "null", False):
            return ""
        chain = self._chain(layouts, str(name), str(theme or ""))
        out = self._render_chain(chain, front, context, post_path)
        if _CONTENT_MARK not in out:
            raise LookUnavailable(f"Reading view: the layout “{chain[0][0]}” does not show "
                                  "the post ({{ content }} is missing).")
        out = out.replace(_CONTENT_MARK, BODY_SLOT, 1).replace(_CONTENT_MARK, "")
        out = _PLUGIN_RE.sub("", _STRIP_RE.sub("", out))
        out = _LINK_RE.sub(lambda m: self._link(m.group(0), context), out)
        return _with_head(out, csp)

    def _default_layout(self, context: Site, post_path: Path | None) -> Any:
        """The layout `defaults` in the config give this post (None when they give none)."""
        rel = self._relative(post_path) if post_path is not None else "_posts/post.md"
        kind = "drafts" if "_drafts" in Path(rel).parts else "posts"
        return context.defaults_for(rel, kind).get("layout")

    def _relative(self, path: Path) -> str:
        """``path`` relative to the site root (its name alone when outside the site)."""
        try:
            return Path(path).resolve().relative_to(self.root).as_posix()
        except ValueError:
            return Path(path).name

    def _chain(self, folder: Path, name: str, theme: str) -> list[tuple[str, dict[str, Any], str]]:
        """The layouts from the post's own to the outermost: (name, front matter, source)."""
        chain: list[tuple[str, dict[str, Any], str]] = []
        seen: set[str] = set()
        while name and name not in seen and len(chain) < _MAX_CHAIN:
            seen.add(name)
            path = _find_layout(folder, name)
            if path is None:
                where = (f" (it may come from the theme “{theme}”, installed outside the site)"
                         if theme else "")
                raise LookUnavailable(f"Reading view: the layout “{name}” is not in the "
                                      f"site's _layouts folder{where}.")
            text = self._read(path)
            front, source = _split_front(text)
            chain.append((name, front, source))
            parent = front.get("layout")
            name = str(parent) if parent not in (None, "", "none", False) else ""
        return chain

    def _render_chain(self, chain: list[tuple[str, dict[str, Any], str]], front: dict[str, Any],
                      context: Site, post_path: Path | None) -> str:
        """Render each layout with the previous one's output as ``content``."""
        from liquid.exceptions import LiquidError

        from editor.core.render.jekyll_data import page_data, site_data
        from editor.core.render.liquid import jekyll_environment
        from editor.core.render.liquid_budget import budget

        env = jekyll_environment(context)
        page = dict(front)
        if post_path is not None:  # site-relative, as Jekyll's page.path
            page.setdefault("path", self._relative(post_path))
        data = {"site": {**site_data(context), "data": self.data_files()},
                "page": page_data(page, context)}
        content = _CONTENT_MARK
        for name, layout_front, source in chain:
            try:
                template = self._templates.get(source)
                if template is None:
                    template = self._templates[source] = env.from_string(source)
                with budget():  # the same limits as the post's own Liquid
                    content = template.render(**data, layout=layout_front, content=content)
            except (LiquidError, RecursionError) as err:
                first = (str(err).strip().splitlines() or [type(err).__name__])[0]
                raise LookUnavailable(f"Reading view: the layout “{name}” has a Liquid "
                                      f"error: {first}") from err
            except Exception as err:  # noqa: BLE001 - a broken layout must not break the preview
                raise LookUnavailable(f"Reading view: the layout “{name}” could not be "
                                      f"rendered: {err}") from err
        return content

    def _link(self, tag: str, context: Site) -> str:
        """A ``<link>``: a local stylesheet becomes an inline ``<style>``; anything else
        that would load something (remote or not) is dropped."""
        attrs = {m.group(1).lower(): m.group(2) if m.group(2) is not None
                 else m.group(3) if m.group(3) is not None else m.group(4)
                 for m in _ATTR_RE.finditer(tag)}
        rel = (attrs.get("rel") or "").lower().split()
        if "stylesheet" not in rel:
            return ""
        href = html.unescape(attrs.get("href") or "")
        target = self._site_file(href, context)
        if target is None:
            return ""
        self._stylesheets.append(target)
        css = self.stylesheet(target)
        media = attrs.get("media")
        media_attr = f' media="{html.escape(media, quote=True)}"' if media else ""
        rel_href = html.escape(target.relative_to(self.root).as_posix(), quote=True)
        return f'<style data-dl-href="{rel_href}"{media_attr}>\n{css}\n</style>'

    def _site_file(self, href: str, context: Site) -> Path | None:
        """The file in the site folder a stylesheet URL points at (its SCSS/Sass source when
        Jekyll would build the CSS); None for remote URLs and files that are not there."""
        for prefix in (context.url.rstrip("/"),):
            if prefix and href.startswith(prefix):
                href = href[len(prefix):]
        if _REMOTE_RE.match(href):
            return None
        path = href.split("?", 1)[0].split("#", 1)[0]
        base = context.baseurl.strip("/")
        path = path.lstrip("/")
        if base and path.startswith(base + "/"):
            path = path[len(base) + 1:]
        candidate = (self.root / path).resolve()
        try:
            candidate.relative_to(self.root)
        except ValueError:
            return None
        options = [candidate]
        if candidate.suffix == ".css":
            options += [candidate.with_suffix(".scss"), candidate.with_suffix(".sass")]
        for option in options:
            if option.is_file():
                return option
        return None

    # -- stylesheets -----------------------------------------------------------------

    def stylesheet(self, path: Path) -> str:
        """The CSS of a site stylesheet (SCSS/Sass compiled), cached until a file changes."""
        sass_dir = self._sass_dir()
        compiled = path.suffix in (".scss", ".sass")
        key = _mtimes([path, self.root / "_config.yml"], [sass_dir] if compiled else [])
        cached = self._css.get(path)
        if cached is not None and cached[0] == key:
            return cached[1]
        disk = _disk_cache_file(path, key) if compiled else None
        css = _read_cache(disk)
        if css is None:
            css = compile_stylesheet(path, self.root, sass_dir)
            css = _rebase_urls(_CSS_IMPORT_RE.sub("", css), path.parent, self.root)
            _write_cache(disk, css)
        self._css[path] = (key, css)
        return css

    def _sass_dir(self) -> Path:
        sass = self.context.config.get("sass")
        name = sass.get("sass_dir") if isinstance(sass, dict) else None
        return self.root / str(name or "_sass")

    # -- files --------------------------------------------------------------------------

    def _read(self, path: Path) -> str:
        mtime = path.stat().st_mtime
        cached = self._files.get(path)
        if cached is not None and cached[0] == mtime:
            return cached[1]
        text = path.read_text(encoding="utf-8-sig", errors="replace")
        self._files[path] = (mtime, text)
        return text

    def data_files(self) -> dict[str, Any]:
        """`site.data`: the YAML and JSON files of `_data` (top level), cached by mtime."""
        folder = self.root / "_data"
        key = _mtimes([], [folder])
        if self._data is not None and self._data[0] == key:
            return self._data[1]
        data: dict[str, Any] = {}
        if folder.is_dir():
            import json

            import yaml

            for path in sorted(folder.iterdir()):
                try:
                    if path.suffix in (".yml", ".yaml"):
                        data[path.stem] = yaml.safe_load(path.read_text(encoding="utf-8-sig"))
                    elif path.suffix == ".json":
                        data[path.stem] = json.loads(path.read_text(encoding="utf-8-sig"))
                except (OSError, ValueError, yaml.YAMLError):
                    continue
        self._data = (key, data)
        return data


def _disk_cache_file(path: Path, key: tuple[tuple[str, float], ...]) -> Path | None:
    """Where the compiled CSS of ``path`` in this state of its files is kept between
    runs (the next start needs neither libsass nor a compile: ~50 ms)."""
    from editor.core.paths import cache_dir

    try:
        folder = cache_dir() / "site-css"
    except OSError:
        return None
    digest = sha256_hex(repr((str(path), key)).encode("utf-8"))[:32]
    return folder / f"{digest}.css"


def _read_cache(file: Path | None) -> str | None:
    if file is None:
        return None
    try:
        return file.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return None


def _write_cache(file: Path | None, css: str) -> None:
    """Keep ``css`` (best effort: a cache that cannot be written is simply not used)."""
    if file is None:
        return
    try:
        file.parent.mkdir(parents=True, exist_ok=True)
        tmp = file.with_suffix(f".{os.getpid()}.tmp")
        tmp.write_text(css, encoding="utf-8")
        os.replace(tmp, file)
    except OSError:
        return


def _key_with(key: tuple[Any, ...], watched: tuple[tuple[str, float], ...]) -> tuple[Any, ...]:
    """``key`` with its file times replaced (the stylesheets are known only afterwards)."""
    return (*key[:-1], watched)


def compile_stylesheet(path: Path, root: Path, sass_dir: Path) -> str:
    """A site stylesheet as CSS: plain CSS as it is; SCSS and Sass (front matter removed,
    Liquid in it rendered as Jekyll does) compiled with libsass. Raises LookUnavailable
    naming the file and the first line of the compiler's message when it does not compile."""
    text = path.read_text(encoding="utf-8-sig", errors="replace")
    rel = path.relative_to(root).as_posix() if path.is_relative_to(root) else path.name
    if path.suffix not in (".scss", ".sass"):
        return text
    m = _FRONT_RE.match(text)
    if m is not None:
        text = text[m.end():]
        if "{{" in text or "{%" in text:
            from editor.core.render.liquid import render_liquid

            text = render_liquid(text, {}, Site.load(root))
    import sass

    try:
        return str(sass.compile(string=text, include_paths=[str(sass_dir)],
                                indented=path.suffix == ".sass", output_style="expanded"))
    except sass.CompileError as err:
        lines = [line.strip() for line in str(err).splitlines() if line.strip()]
        first = next((line for line in lines if line.lower().startswith("error")), lines[0]
                     if lines else "compile error")
        raise LookUnavailable(f"Reading view: the site's stylesheet {rel} does not compile "
                              f"({first.removeprefix('Error: ')}).") from err


def _find_layout(folder: Path, name: str) -> Path | None:
    """``_layouts/NAME.html`` (or another extension), only inside the folder."""
    for candidate in (folder / f"{name}.html", *sorted(folder.glob(f"{glob_escape(name)}.*"))):
        try:
            candidate.resolve().relative_to(folder.resolve())
        except ValueError:
            return None
        if candidate.is_file():
            return candidate
    return None


def glob_escape(name: str) -> str:
    """``name`` with glob wildcards escaped."""
    return re.sub(r"([*?\[])", r"[\1]", name)


def _split_front(text: str) -> tuple[dict[str, Any], str]:
    """A layout's front matter (as a dict) and its template."""
    m = _FRONT_RE.match(text)
    if m is None:
        return {}, text
    import yaml

    try:
        front = yaml.safe_load(m.group(1)) or {}
    except yaml.YAMLError:
        front = {}
    return (front if isinstance(front, dict) else {}), text[m.end():]


def _mtimes(files: list[Path], folders: list[Path]) -> tuple[tuple[str, float], ...]:
    """Modification times of ``files`` and of every file under ``folders`` (cache keys)."""
    out: list[tuple[str, float]] = []
    for path in files:
        try:
            out.append((str(path), path.stat().st_mtime))
        except OSError:
            out.append((str(path), -1.0))
    for folder in folders:
        for dirpath, _dirs, names in os.walk(folder):
            for name in names:
                full = os.path.join(dirpath, name)
                try:
                    out.append((full, os.stat(full).st_mtime))
                except OSError:
                    continue
    return tuple(sorted(out))


def _rebase_urls(css: str, folder: Path, root: Path) -> str:
    """``url()`` references point into the site folder: relative ones at the stylesheet's
    own folder (the CSS is inlined into a page whose base is the site root), site-absolute
    ones at the site root. Remote ones stay (the page's policy blocks them)."""
    def fix(m: re.Match[str]) -> str:
        url = m.group(2).strip()
        if _REMOTE_RE.match(url) or url.startswith("#"):
            return m.group(0)
        target = root / url.lstrip("/") if url.startswith("/") else folder / url
        return f'url("{target.resolve().as_uri()}")'

    return _CSS_URL_RE.sub(fix, css)


def _with_head(page: str, csp: str) -> str:
    """The page with the preview's Content-Security-Policy first in its ``<head>``."""
    meta = (f'<meta http-equiv="Content-Security-Policy" content="{html.escape(csp, quote=True)}">'
            f"<style>{_NOTICE_CSS}</style>")
    m = re.search(r"<head\b[^>]*>", page, re.I)
    if m is not None:
        return page[:m.end()] + meta + page[m.end():]
    m = re.search(r"<html\b[^>]*>", page, re.I)
    if m is not None:
        return page[:m.end()] + f"<head>{meta}</head>" + page[m.end():]
    return f"<!DOCTYPE html><html><head>{meta}</head><body>{page}</body></html>"


def byline(front: dict[str, Any], look: SiteLook | None, post_path: Path | None = None) -> str:
    """The house view's byline: "By NAME · DATE" with the author's name from the site's
    data (`_data/authors.yml`, or `authors:` in the config) and the publishing date in the
    site's timezone, as a news layout prints them. '' when the post has neither."""
    from editor.core.jekyll import publish_datetime

    names: list[str] = []
    author = front.get("author", front.get("authors"))
    people = author if isinstance(author, list) else [author] if author else []
    known: dict[str, Any] = {}
    config: dict[str, Any] = look.context.config if look is not None else {}
    if look is not None:
        for source in (config.get("authors"), look.data_files().get("authors")):
            if isinstance(source, dict):
                known.update({str(k): v for k, v in source.items()})
    for person in people:
        entry = known.get(str(person))
        name = entry.get("name") if isinstance(entry, dict) else None
        names.append(str(name or person))
    site = look.context if look is not None else None
    when = publish_datetime(front.get("date"), post_path.name if post_path else None, site)
    parts: list[str] = []
    if names:
        joined = names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]
        parts.append(f'<span class="post-author">By {html.escape(joined)}</span>')
    if when is not None:
        shown = f"{when:%B} {when.day}, {when.year} · {when:%H:%M}"
        zone = when.tzname() or ""
        if zone:
            shown += f" {zone}"
        parts.append(f'<time class="post-date" datetime="{when.isoformat()}">'
                     f"{html.escape(shown)}</time>")
    if not parts:
        return ""
    return '<p class="post-byline">' + ' <span class="sep">·</span> '.join(parts) + "</p>"
