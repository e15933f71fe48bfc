"""Rendering one preview job, in plain Python: runs on the preview's worker thread, or in
the helper process for a long post (which so never loads Qt: ~0.1-0.2 s less to start)."""

from __future__ import annotations

import contextlib
import html
import re
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from editor.core import fields
from editor.core.fields import Field

__all__ = ["CSP_TOKEN", "BlockHtml", "RenderJob", "RenderResult", "header_html", "render_job",
           "resolve_site_paths", "split_blocks", "strip_resource_hints"]


@dataclass(frozen=True)
class RenderJob:
    """One thing to render: the body, the front matter, the site it belongs to."""

    generation: int
    body: str
    page: dict[str, Any] = field(default_factory=dict)
    site_root: Path | None = None
    site_baseurl: str = ""
    requested_at: float = 0.0
    #: "site": the post in the site's own layouts and CSS when it has them; "reading":
    #: the house reading view.
    view: str = "reading"
    post_path: Path | None = None
    header_fields: tuple[Field, ...] | None = None


@dataclass(frozen=True)
class RenderResult:
    """A rendered post: header (title, image, excerpt) and body HTML."""

    generation: int
    header_html: str
    body_html: str
    seconds: float
    requested_at: float = 0.0
    error: str = ""
    #: The whole page in the site's look (the body goes into its ``dl-body`` slot; the
    #: text ``CSP_TOKEN`` stands for the preview's policy), or "" for the reading view.
    page_html: str = ""
    #: Why the site view fell back to the reading view ("" when it did not).
    notice: str = ""


#: Stands for the preview's Content-Security-Policy in a site page (the pane fills it in).
CSP_TOKEN = "\ue011dateline-csp\ue011"


_ABS_SRC_RE = re.compile(r"""(<(?:img|source|video|audio)\b[^>]*?\bsrc\s*=\s*["'])/(?!/)""", re.I)


def page_with_path(page: dict[str, Any], post_path: Path | None,
                   root: Path | None) -> dict[str, Any]:
    """``page`` with Jekyll's ``path`` (site-relative, else the file name), from which the
    engine derives ``page.url``, ``page.slug`` and the folder categories."""
    if post_path is None or "path" in page:
        return page
    rel = post_path.name
    if root is not None:
        with contextlib.suppress(ValueError):
            rel = post_path.resolve().relative_to(root.resolve()).as_posix()
    return {**page, "path": rel}


class _Renderers:
    """The engine's incremental renderer per site, created on first use (lazy imports)."""

    def __init__(self) -> None:
        self._by_root: dict[Path | None, Any] = {}
        self._sites: dict[Path, Any] = {}
        self._looks: dict[Path, Any] = {}

    def render(self, job: RenderJob) -> str:
        renderer = self._by_root.get(job.site_root)
        if renderer is None:
            renderer = self._by_root[job.site_root] = _make_renderer(self.site(job.site_root))
        return renderer(job.body, page_with_path(job.page, job.post_path, job.site_root))

    def site(self, root: Path | None) -> Any:
        """The site's Site, one per folder (its Liquid environment is shared)."""
        if root is None:
            return None
        site = self._sites.get(root)
        if site is None:
            from editor.core.site_model import Site

            site = self._sites[root] = Site.load(root)
        return site

    def look(self, root: Path | None) -> Any:
        """The site's SiteLook (layouts and stylesheets, cached), None without a site."""
        if root is None:
            return None
        look = self._looks.get(root)
        if look is None:
            from editor.core.render.site_look import SiteLook

            look = self._looks[root] = SiteLook(root, self.site(root))
        return look


def _make_renderer(site: Any) -> Any:
    """The engine's incremental renderer for `site` (a Site or None).

    No fallback: if the engine cannot load, the error reaches `render_job`, which shows
    it to the writer as a notice (and tests fail loudly).
    """
    from editor.core.render import Renderer

    return Renderer(site).render


def _site_url(root: Path | None) -> str:
    return root.resolve().as_uri() + "/" if root is not None else ""


def resolve_site_paths(body_html: str, root: Path | None, baseurl: str = "") -> str:
    """Point site-absolute image paths (`/assets/x.jpg`, with the site's baseurl) at the
    site folder, as Jekyll's server would serve them."""
    if root is None:
        return body_html
    base = _site_url(root)
    out = _ABS_SRC_RE.sub(lambda m: m.group(1) + base, body_html)
    if baseurl:
        out = out.replace(base + baseurl.strip("/") + "/", base)
    return out


#: ``<link rel>`` values that make a browser connect or fetch ahead of time: Chromium opens
#: those connections below the request interceptor and the page's policy.
RESOURCE_HINTS = frozenset(("preconnect", "dns-prefetch", "prefetch", "preload", "prerender",
                            "modulepreload"))
_LINK_TAG_RE = re.compile(r"""<link\b(?:[^>"']|"[^"]*"|'[^']*')*>""", re.IGNORECASE)
_REL_RE = re.compile(r"""\srel\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+))""", re.IGNORECASE)


def strip_resource_hints(page_html: str) -> str:
    """``page_html`` without ``<link>`` elements whose ``rel`` asks the browser to connect,
    resolve or fetch ahead (preconnect, dns-prefetch, prefetch, preload, prerender,
    modulepreload): the preview shows what the post looks like and reaches no server."""
    if "<link" not in page_html.lower():
        return page_html

    def drop(match: re.Match[str]) -> str:
        for rel in _REL_RE.finditer(match.group(0)):
            value = html.unescape(next(v for v in rel.groups() if v is not None))
            if RESOURCE_HINTS.intersection(value.lower().split()):
                return ""
        return match.group(0)

    return _LINK_TAG_RE.sub(drop, page_html)


def header_html(page: dict[str, Any], root: Path | None, baseurl: str = "",
                byline: str = "", notice: str = "",
                header_fields: tuple[Field, ...] | None = None) -> str:
    """What the reading view shows above the body: the schema's header fields in order
    (the built-in title, excerpt and hero image unless ``header_fields`` says otherwise),
    the byline and date before the picture (and, quietly, why the site's own look is not
    shown)."""
    parts: list[str] = []
    if notice:
        parts.append(f'<p class="dl-view-notice" role="note">{html.escape(notice)}</p>')
    for field_ in fields.Schema().header_fields() if header_fields is None else header_fields:
        if byline and field_.header == "image":
            parts.append(byline)
            byline = ""
        part = _header_part(field_, page.get(field_.key), root, baseurl)
        if part:
            parts.append(part)
    if byline:
        parts.append(byline)
    return "\n".join(parts)


def _header_part(field_: Field, value: Any, root: Path | None, baseurl: str) -> str:
    if field_.header == "heading":
        return ("" if value in (None, "") else
                f'<h1 class="post-title">{html.escape(str(value))}</h1>')
    if field_.header == "image":
        if isinstance(value, dict):
            value = value.get("path") or value.get("feature") or value.get("url")
        if not isinstance(value, str) or not value.strip():
            return ""
        src = value.strip()
        if not re.match(r"^[a-z][a-z0-9+.-]*:", src, re.I) and root is not None:
            src = src.lstrip("/")
            if baseurl and src.startswith(baseurl.strip("/") + "/"):
                src = src[len(baseurl.strip("/")) + 1:]
        return f'<img class="post-image" alt="" src="{html.escape(src, quote=True)}">'
    if isinstance(value, (dict, list)) or value is None or not str(value).strip():
        return ""
    kind = "post-excerpt" if field_.header == "summary" else "post-field"
    css = kind if field_.key == "excerpt" else f"{kind} post-{field_.key}"
    return f'<p class="{css}">{html.escape(str(value).strip())}</p>'


class BlockHtml(str):
    """Body HTML that also knows its top-level blocks (``"".join(blocks) == self``), so the
    preview can replace only the blocks an edit changed instead of the whole page."""

    blocks: tuple[str, ...]


_TAG_RE = re.compile(r"<!--.*?-->|<!\[CDATA\[.*?\]\]>|<[!?][^>]*>"
                     r"|<(/?)([A-Za-z][A-Za-z0-9:-]*)(?:\s[^>]*)?>", re.S)
_VOID = frozenset("area base br col embed hr img input link meta param source track wbr".split())
_RAW = frozenset(("script", "style", "textarea", "title", "xmp", "iframe", "noembed",
                  "noframes", "noscript", "plaintext"))


def split_blocks(html_text: str) -> tuple[str, ...] | None:
    """``html_text`` cut after each top-level element (text between elements goes with
    the next one); None when the tags do not nest cleanly (then the page is replaced whole).
    Runs on the render thread or process, never on the UI thread."""
    cuts: list[int] = []
    depth = 0
    pos = 0
    search = _TAG_RE.search
    while True:
        m = search(html_text, pos)
        if m is None:
            break
        pos = m.end()
        name = m.group(2)
        if name is None:  # comment, doctype, CDATA, processing instruction
            if depth == 0:
                cuts.append(pos)
            continue
        name = name.lower()
        if m.group(1):  # a closing tag
            depth -= 1
            if depth < 0:
                return None
        elif name in _RAW:
            close = re.compile(rf"</{name}\s*>", re.I).search(html_text, pos)
            if close is None:
                return None
            pos = close.end()
        elif name not in _VOID and not m.group(0).endswith("/>"):
            depth += 1
            continue
        if depth == 0:
            cuts.append(pos)
    if depth != 0:
        return None
    blocks: list[str] = []
    start = 0
    for cut in cuts:
        blocks.append(html_text[start:cut])
        start = cut
    if start < len(html_text):
        if blocks:
            blocks[-1] += html_text[start:]
        else:
            blocks.append(html_text[start:])
    return tuple(blocks)


def _with_blocks(body: str) -> str:
    blocks = split_blocks(body)
    if blocks is None:
        return body
    out = BlockHtml(body)
    out.blocks = blocks
    return out


def render_job(job: RenderJob, renderers: _Renderers | None = None) -> RenderResult:
    """Render one job (any thread); errors become a message in the result, never a raise."""
    start = time.perf_counter()
    renderers = renderers or _Renderers()
    try:
        body = renderers.render(job)
        body = _with_blocks(strip_resource_hints(
            resolve_site_paths(body, job.site_root, job.site_baseurl)))
        error = ""
    except Exception as exc:  # noqa: BLE001 - a preview must never take the window down
        from editor.core.render.safety import render_notice

        error = str(exc) or type(exc).__name__
        body = render_notice(f"The preview engine failed ({type(exc).__name__}: {error}). "
                             "Showing the source instead.") + (
            f"\n<pre class=\"render-error\">{html.escape(job.body, quote=False)}</pre>")
    page_html = notice = byline = ""
    look = None
    try:
        look = renderers.look(job.site_root)
        if job.view == "site" and look is not None:
            site_page = look.page(job.page, CSP_TOKEN, job.post_path)
            page_html = strip_resource_hints(
                resolve_site_paths(site_page.html, job.site_root, job.site_baseurl))
            notice = site_page.notice
        from editor.core.render.site_look import byline as make_byline

        byline = make_byline(job.page, look, job.post_path)
    except Exception as exc:  # noqa: BLE001 - the site's look is optional, the body is not
        page_html, notice = "", f"Reading view: the site's look could not be shown ({exc})."
    # Also made for a site page: a preview that cannot show pages (QTextBrowser) uses it.
    header = header_html(job.page, job.site_root, job.site_baseurl, byline, notice,
                         job.header_fields)
    return RenderResult(job.generation, header, body, time.perf_counter() - start,
                        job.requested_at, error, page_html, notice)


_PROCESS_RENDERERS: _Renderers | None = None


def _render_in_process(job: RenderJob) -> RenderResult:
    """Runs in the helper process; keeps its renderers (and their caches) between jobs."""
    global _PROCESS_RENDERERS
    if _PROCESS_RENDERERS is None:
        _PROCESS_RENDERERS = _Renderers()
    return render_job(job, _PROCESS_RENDERERS)
