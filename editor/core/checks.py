"""Newsroom checks (PRODUCT.md §5): stable ids, severity, a message and the line concerned.

Errors block export; warnings inform. Checks that need the site (images that must
exist, slugs other posts use, ``post_url`` targets, known authors/categories/layouts)
run only when a :class:`~editor.core.site.SiteIndex` or site root is given.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import yaml

from editor.core import images, jekyll, yamlsafe
from editor.core.post import Post
from editor.core.site_model import Site

if TYPE_CHECKING:
    from editor.core.site import SiteIndex

ERROR = "error"
WARNING = "warning"

TITLE_LIMIT = 70
EXCERPT_LIMIT = 160

#: Every check: id -> (severity, what it means). Ids are stable (scripts rely on them).
CHECKS: dict[str, tuple[str, str]] = {
    "front-matter-invalid": (ERROR, "the front matter does not parse"),
    "title-missing": (ERROR, "no title"),
    "date-missing": (ERROR, "no date in the front matter or file name"),
    "date-invalid": (ERROR, "a date Jekyll cannot read"),
    "image-missing": (ERROR, "an image file that does not exist in the site"),
    "yaml-misread": (ERROR, "YAML that Jekyll reads differently from what was meant"),
    "slug-duplicate": (ERROR, "another post already uses this slug"),
    "link-broken": (ERROR, "a post_url or link to a file that does not exist"),
    "tk-marker": (ERROR, "a leftover TK ('to come') marker"),
    "author-missing": (WARNING, "no author"),
    "layout-missing": (WARNING, "no layout"),
    "excerpt-missing": (WARNING, "no excerpt"),
    "date-mismatch": (WARNING, "file name date and front-matter date disagree"),
    "future-date": (WARNING, "dated in the future without future: true"),
    "future-published": (WARNING, "dated in the future, published now by future: true"),
    "unpublished": (WARNING, "published: false hides the post"),
    "title-too-long": (WARNING, f"title over {TITLE_LIMIT} characters"),
    "excerpt-too-long": (WARNING, f"excerpt over {EXCERPT_LIMIT} characters"),
    "image-alt-missing": (WARNING, "an image without alt text"),
    "author-unknown": (WARNING, "an author the site does not know"),
    "category-unknown": (WARNING, "a category the site does not use elsewhere"),
    "layout-unknown": (WARNING, "a layout the site does not have"),
}

#: Front-matter keys whose values are prose: a number, boolean or a ``#`` cut there is a misreading.
TEXT_FIELDS = ("title", "subtitle", "excerpt", "description", "summary", "author", "caption",
               "alt", "image_alt", "teaser", "headline", "deck", "lede")
_LIST_TEXT_FIELDS = ("categories", "category", "tags", "tag", "author", "authors")
_BOOL_WORDS = {"yes", "no", "on", "off", "y", "n", "true", "false"}
_TK_RE = re.compile(r"(?<![A-Za-z0-9_])TK(?:TK)*(?![A-Za-z0-9_])")
_POST_URL_RE = re.compile(r"{%-?\s*post_url\s+([^\s%]+)\s*-?%}")
_LINK_RE = re.compile(r"{%-?\s*link\s+([^\s%]+)\s*-?%}")


@dataclass(frozen=True)
class Finding:
    """One check result for one post."""

    id: str
    severity: str  # ERROR blocks export, WARNING informs
    message: str
    line: int | None = None  # 1-based line in the file, when it concerns one

    def as_dict(self) -> dict[str, Any]:
        """JSON-ready form."""
        return asdict(self)


def key_line(post: Post, key: str) -> int | None:
    """The file line where front-matter ``key`` starts (1-based), if present."""
    for number, line in enumerate(post.front_matter_text.split("\n"), start=2):
        if line.startswith(key + ":") or line.startswith(key + " :"):
            return number
    return None


def where(post: Post, line: int | None) -> str:
    """File line ``line`` as the writer finds it in the window: "line 3" of the body as the
    editor counts, or the front-matter field it belongs to ("the title field")."""
    if not line:
        return ""
    offset = post.body_line_offset
    if line > offset:
        return f"line {line - offset}"
    if post.problem is not None:
        return f"front matter line {line - 1}"
    lines = post.front_matter_text.split("\n")
    for number in range(min(line - 1, len(lines)), 0, -1):  # a continuation line: its key's
        text = lines[number - 1]
        if text[:1] not in ("", " ", "\t", "-", "#") and ":" in text:
            key = text.split(":", 1)[0].strip().strip("'\"")
            return f"the {key.replace('_', ' ')} field"
    return "the front matter"


def _f(check: str, message: str, line: int | None = None) -> Finding:
    return Finding(check, CHECKS[check][0], message, line)


def check_post(
    post: Post,
    path: Path | None = None,
    site: Site | None = None,
    now: dt.datetime | None = None,
    index: SiteIndex | None = None,
) -> list[Finding]:
    """Run the checks on one post; ``now`` is injectable for tests.

    ``index`` (the site's :class:`SiteIndex`) enables the site checks; without it,
    a ``site`` with a root still allows the image and ``link`` checks.
    """
    path = path if path is not None else post.path
    if site is None and index is not None:
        site = index.site
    if post.problem is not None:
        return [_f("front-matter-invalid",
                   f"the front matter cannot be read (column {post.problem.column}): "
                   f"{post.problem.message}", post.problem.line)]
    out: list[Finding] = []
    fm = post.front_matter
    filename = path.name if path is not None else None
    root = index.root if index is not None else (site.root if site is not None else None)
    relpath = _relpath(path, root)
    is_draft = relpath is not None and "_drafts/" in f"/{relpath}"
    defaults = site.defaults_for(relpath, "drafts" if is_draft else "posts") \
        if site is not None and relpath is not None else {}
    out += _check_dates(post, fm, filename, site, now, is_draft)
    out += _check_fields(post, fm, defaults)
    out += _check_yaml(post)
    out += _check_body(post, fm, path, root, site, index)
    if index is not None:
        out += _check_site(post, fm, path, index, is_draft, defaults)
    return out


def _relpath(path: Path | None, root: Path | None) -> str | None:
    if path is None or root is None:
        return None
    try:
        return Path(path).resolve().relative_to(Path(root).resolve()).as_posix()
    except ValueError:
        return None


def _check_dates(post: Post, fm: dict[str, Any], filename: str | None,
                 site: Site | None, now: dt.datetime | None,
                 is_draft: bool) -> list[Finding]:
    out: list[Finding] = []
    name_date = jekyll.parse_post_filename(filename) if filename else None
    if fm.get("date") is None and name_date is None and not is_draft:
        out.append(_f("date-missing",
                      "the post has no date (neither in the front matter nor the file name)"))
    elif fm.get("date") is not None and jekyll.as_datetime(fm.get("date")) is None:
        out.append(_f("date-invalid", f"the date '{fm.get('date')}' is not a date Jekyll can read",
                      key_line(post, "date")))
    mismatch = jekyll.date_mismatch(fm.get("date"), filename, site)
    if mismatch:
        out.append(_f("date-mismatch", mismatch, key_line(post, "date")))
    when = jekyll.publish_datetime(fm.get("date"), filename, site)
    now = now or dt.datetime.now(dt.UTC)
    if when is not None and when > now and not is_draft:
        if site is not None and site.future:
            out.append(_f("future-published",
                          f"scheduled for {when:%Y-%m-%d %H:%M %Z}, but the site's future: true "
                          "publishes it now, at the next build", key_line(post, "date")))
        else:
            out.append(_f("future-date",
                          f"scheduled for {when:%Y-%m-%d %H:%M %Z}: the site holds it back until "
                          "then (it does not set future: true)", key_line(post, "date")))
    if fm.get("published") is False:
        out.append(_f("unpublished", "published: false hides this post from the site",
                      key_line(post, "published")))
    return out


def _check_fields(post: Post, fm: dict[str, Any], defaults: dict[str, Any]) -> list[Finding]:
    out: list[Finding] = []
    title = fm.get("title")
    if not str(title if title is not None else "").strip() and not defaults.get("title"):
        out.append(_f("title-missing", "the post has no title", key_line(post, "title")))
    elif isinstance(title, str) and len(title.strip()) > TITLE_LIMIT:
        out.append(_f("title-too-long",
                      f"the title has {len(title.strip())} characters (aim for {TITLE_LIMIT} or "
                      "fewer: longer titles are cut in search results and shares)",
                      key_line(post, "title")))
    for key, check, what in (("author", "author-missing", "author"),
                             ("layout", "layout-missing", "layout")):
        value = fm.get(key, defaults.get(key))
        if key == "author" and not value:
            value = fm.get("authors", defaults.get("authors"))
        if value is None or value == "" or value == []:
            out.append(_f(check, f"the post has no {what}", key_line(post, key)))
    excerpt = fm.get("excerpt", defaults.get("excerpt"))
    if not str(excerpt if excerpt is not None else "").strip():
        out.append(_f("excerpt-missing",
                      "the post has no excerpt (Jekyll will use the first paragraph)",
                      key_line(post, "excerpt")))
    elif isinstance(excerpt, str) and len(excerpt.strip()) > EXCERPT_LIMIT:
        out.append(_f("excerpt-too-long",
                      f"the excerpt has {len(excerpt.strip())} characters (aim for "
                      f"{EXCERPT_LIMIT} or fewer)", key_line(post, "excerpt")))
    return out


def _check_yaml(post: Post) -> list[Finding]:
    """Plain (unquoted) values YAML reads as something else than the text that was meant."""
    try:
        node = yamlsafe.compose(post.front_matter_text)
    except yamlsafe.FrontMatterError:
        return []
    if not isinstance(node, yaml.MappingNode):
        return []
    offset = 1 if post.has_front_matter else 0
    lines = post.front_matter_text.split("\n")
    out: list[Finding] = []
    for key_node, value_node in node.value:
        key = key_node.value if isinstance(key_node, yaml.ScalarNode) else None
        if not isinstance(key, str):
            continue
        line = value_node.start_mark.line + 1 + offset
        if key in TEXT_FIELDS and isinstance(value_node, yaml.ScalarNode):
            problem = _misread(value_node, lines)
            if problem:
                out.append(_f("yaml-misread", f"{key}: {problem}; put the value in quotes", line))
        elif key in _LIST_TEXT_FIELDS and isinstance(value_node, yaml.SequenceNode):
            for item in value_node.value:
                if isinstance(item, yaml.ScalarNode) and not item.style \
                        and item.value.lower() in _BOOL_WORDS:
                    out.append(_f("yaml-misread",
                                  f"{key}: '{item.value}' is read as {_bool_of(item.value)}, "
                                  "not as the word; put it in quotes",
                                  item.start_mark.line + 1 + offset))
    return out


def _bool_of(word: str) -> str:
    return "true" if word.lower() in ("yes", "on", "y", "true") else "false"


def _misread(node: yaml.ScalarNode, lines: list[str]) -> str | None:
    if node.style:  # quoted or block scalar: read as written ('' or None is plain)
        return None
    tag = node.tag.rsplit(":", 1)[-1]
    text = node.value
    if tag == "bool":
        return f"'{text}' is read as {_bool_of(text)}, not as the word"
    if tag == "int" and ":" in text:
        value = yaml.safe_load(text)
        return f"'{text}' is read as the number {value} (a base-60 time), not as text"
    if tag in ("int", "float") and not re.fullmatch(r"-?\d+(\.\d+)?", text):
        return f"'{text}' is read as the number {yaml.safe_load(text)}, not as text"
    if tag == "null" and text not in ("", "~", "null", "Null", "NULL"):
        return None
    if tag == "str":
        end = node.end_mark
        if end.line < len(lines):
            rest = lines[end.line][end.column:]
            if rest.startswith((" #", "\t#")) or (rest.startswith("#") and end.column > 0
                                                   and lines[end.line][end.column - 1] in " \t"):
                return f"the text is cut at ' #' (YAML reads the rest, '{rest.strip()[:30]}', " \
                       "as a comment)"
    return None


def _check_body(post: Post, fm: dict[str, Any], path: Path | None, root: Path | None,
                site: Site | None, index: SiteIndex | None) -> list[Finding]:
    out: list[Finding] = []
    base = post.body_line_offset
    baseurl = site.baseurl if site is not None else ""
    # TK markers, in the front matter too (an excerpt "TK" is as unfinished as a body one).
    for number, line in enumerate(post.front_matter_text.split("\n"), start=2):
        if _TK_RE.search(line):
            out.append(_f("tk-marker", "a TK marker is left in the front matter: fill it in",
                          number))
    code_free = images.body_lines_outside_code(post.body)
    for number, line in code_free:
        if _TK_RE.search(line):
            out.append(_f("tk-marker", "a TK ('to come') marker is left in the text: fill it in",
                          base + number))
    # Images.
    image = fm.get("image")
    if isinstance(image, dict):
        image = image.get("path") or image.get("feature")
    if (root is not None and isinstance(image, str) and image.strip() and images.is_local(image)
            and images.resolve_image(image, root, path, baseurl) is None):
        out.append(_f("image-missing", f"the image '{image}' does not exist in the site",
                      key_line(post, "image")))
    for ref in images.body_image_refs(post.body):
        if ref.alt is None or not ref.alt.strip():
            out.append(_f("image-alt-missing",
                          f"the image '{ref.target}' has no alt text (screen readers and "
                          "failed loads show nothing)", base + ref.line))
        if root is not None and images.is_local(ref.target) \
                and images.resolve_image(ref.target, root, path, baseurl) is None:
            out.append(_f("image-missing", f"the image '{ref.target}' does not exist in the site",
                          base + ref.line))
    # post_url / link.
    if root is not None:
        for number, line in code_free:
            for m in _POST_URL_RE.finditer(line):
                name = m.group(1)
                if index is not None and "{{" not in name and index.find_post_url(name) is None:
                    out.append(_f("link-broken",
                                  f"{{% post_url {name} %}} names a post that does not exist",
                                  base + number))
            for m in _LINK_RE.finditer(line):
                target = m.group(1)
                if "{{" not in target and not (Path(root) / target.lstrip("/")).exists():
                    out.append(_f("link-broken",
                                  f"{{% link {target} %}} names a file that does not exist",
                                  base + number))
    return out


def _check_site(post: Post, fm: dict[str, Any], path: Path | None, index: SiteIndex,
                is_draft: bool, defaults: dict[str, Any]) -> list[Finding]:
    out: list[Finding] = []
    me = index.entry(path) if path is not None else None
    # Slug: what the post's URL is built from.
    filename = path.name if path is not None else ""
    name = jekyll.parse_post_filename(filename)
    slug = fm.get("slug") or (name.slug if name else Path(filename).stem)
    if slug:
        others = [e for e in index.posts_with_slug(str(slug))
                  if path is None or e.path != Path(path).resolve()]
        if others:
            out.append(_f("slug-duplicate",
                          f"the slug '{jekyll.slugify(str(slug))}' is already used by "
                          f"{others[0].relpath}", key_line(post, "slug")))

    def used_elsewhere(counts: Any, value: str, mine: tuple[str, ...]) -> bool:
        return counts.get(value, 0) - (1 if value in mine else 0) > 0

    defined = set(index.defined_authors())
    author_counts = index.author_counts()
    mine = me.authors if me is not None else ()
    if defined or sum(author_counts.values()) > len(mine):
        from editor.core.site import author_names

        for author in author_names(fm.get("author")) + author_names(fm.get("authors")):
            if author not in defined and not used_elsewhere(author_counts, author, mine):
                out.append(_f("author-unknown",
                              f"the author '{author}' is not defined by the site nor used by "
                              "another post (a typo?)", key_line(post, "author")))
    cat_counts = index.category_counts()
    mine_c = me.categories if me is not None else ()
    if sum(cat_counts.values()) > len(mine_c):
        known = set(index.categories())
        for cat in jekyll.categories_of(fm):
            if not used_elsewhere(cat_counts, cat, mine_c) and cat not in known - set(cat_counts):
                out.append(_f("category-unknown",
                              f"the category '{cat}' is not used by any other post (new, or a "
                              "typo?)", key_line(post, "categories") or key_line(post, "category")))
    layout = fm.get("layout")
    site_layouts = set(index.site_layouts())
    if isinstance(layout, str) and layout and layout not in ("none", "null") and site_layouts:
        themed = bool(index.site.config.get("theme") or index.site.config.get("remote_theme"))
        if layout not in site_layouts and not (themed and index.layout_counts().get(layout)):
            out.append(_f("layout-unknown",
                          f"the layout '{layout}' is not in _layouts/ "
                          f"(the site has {', '.join(sorted(site_layouts))})",
                          key_line(post, "layout")))
    return out
