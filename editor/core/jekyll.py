"""Jekyll's rules for posts: file names, slugs, dates, timezones, config, defaults, permalinks."""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Any
from urllib.parse import quote
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import yaml

from editor.core.site_model import PERMALINK_STYLES, Site

# Jekyll's Document::DATE_FILENAME_MATCHER.
_POST_NAME_RE = re.compile(r"^(\d{2,4}-\d{1,2}-\d{1,2})-([^/]*)(\.[^.]+)$")
_SLUG_SPLIT_RE = re.compile(r"[^\w]+|_+", re.UNICODE)

POST_EXTENSIONS = (".md", ".markdown", ".mkdown", ".mkdn", ".mkd", ".textile", ".html", ".text")



def slugify(text: str, cased: bool = False) -> str:
    """Jekyll's default slugify: runs of anything but letters, marks and digits become '-'."""
    text = unicodedata.normalize("NFC", text)
    out: list[str] = []
    dash = False
    for ch in text:
        cat = unicodedata.category(ch)
        if cat[0] in "LM" or cat == "Nd":
            out.append(ch)
            dash = False
        elif not dash:
            out.append("-")
            dash = True
    slug = "".join(out).strip("-")
    return slug if cased else slug.lower()


@dataclass(frozen=True)
class PostName:
    """The parts of a post's file name ``YYYY-MM-DD-slug.ext``."""

    date: dt.date
    slug: str
    ext: str


def parse_post_filename(name: str) -> PostName | None:
    """Split ``2025-08-30-my-story.md`` into date, slug and extension (None: not a post name)."""
    m = _POST_NAME_RE.match(PurePosixPath(name).name)
    if m is None:
        return None
    try:
        y, mo, d = (int(x) for x in m.group(1).split("-"))
        return PostName(dt.date(y, mo, d), m.group(2), m.group(3))
    except ValueError:
        return None


#: The longest slug (in UTF-8 bytes) a new file name gets. File systems allow 255
#: bytes per name; this leaves room for the date, a ``-2`` suffix, the extension
#: and the temp file a save writes beside it.
MAX_SLUG_BYTES = 180


def file_slug(title: str) -> str:
    """The slug a new post's file name uses: :func:`slugify`, cut to :data:`MAX_SLUG_BYTES`
    on a character boundary (at a word break when one is near), never ending in '-'."""
    slug = slugify(title) or "untitled"
    if len(slug.encode("utf-8")) <= MAX_SLUG_BYTES:
        return slug
    cut = slug.encode("utf-8")[:MAX_SLUG_BYTES].decode("utf-8", errors="ignore")
    word_break = cut.rfind("-")
    if word_break > len(cut) * 3 // 4:
        cut = cut[:word_break]
    return cut.rstrip("-") or "untitled"


def post_filename(date: dt.date, title: str, ext: str = ".md") -> str:
    """The ``_posts`` file name for a post with this date and title (or slug)."""
    return f"{date:%Y-%m-%d}-{file_slug(title)}{ext}"


def draft_filename(title: str, ext: str = ".md") -> str:
    """The ``_drafts`` file name for a post with this title."""
    return f"{file_slug(title)}{ext}"


# -- dates ---------------------------------------------------------------------------


def as_datetime(value: Any) -> dt.datetime | None:
    """A front-matter ``date`` value as a datetime (naive = as written); None if not a date.

    Accepts YAML timestamps, dates, and the string forms Jekyll parses.
    """
    if isinstance(value, dt.datetime):
        return value
    if isinstance(value, dt.date):
        return dt.datetime(value.year, value.month, value.day)
    if isinstance(value, str):
        from editor.core.yamlstyle import DATE_RE

        m = DATE_RE.match(value.strip())
        if m is None:
            return None
        try:
            loaded = yaml.safe_load(_canonical_timestamp(m))
        except yaml.YAMLError:
            return None
        return as_datetime(loaded) if not isinstance(loaded, str) else None
    return None


def _canonical_timestamp(m: re.Match[str]) -> str:
    text = f"{m['y']}-{int(m['mo']):02d}-{int(m['d']):02d}"
    if m["h"] is not None:
        text += f" {int(m['h']):02d}:{m['mi']}:{m['s']}{m['frac'] or ''}"
        if m["tz"]:
            tz = m["tz"]
            if re.fullmatch(r"[-+]\d{1,2}", tz):
                tz = f"{tz[0]}{int(tz[1:]):02d}:00"
            elif re.fullmatch(r"[-+]\d{4}", tz):
                tz = f"{tz[:3]}:{tz[3:]}"
            text += " " + tz
    return text


def local_zone() -> dt.tzinfo:
    """The writer's timezone: ``$TZ``, else the system's (``/etc/localtime``), else an offset."""
    candidates: list[str] = []
    env = os.environ.get("TZ", "").lstrip(":")
    if env:
        candidates.append(env)
    with contextlib.suppress(OSError):
        target = str(Path("/etc/localtime").resolve())
        if "zoneinfo/" in target:
            candidates.append(target.split("zoneinfo/", 1)[1])
    with contextlib.suppress(OSError):
        candidates.append(Path("/etc/timezone").read_text(encoding="utf-8").strip())
    for name in candidates:
        try:
            return ZoneInfo(name)
        except (ZoneInfoNotFoundError, ValueError):
            continue
    return dt.datetime.now().astimezone().tzinfo or dt.UTC


def build_zone(site: Site | None) -> dt.tzinfo:
    """The zone Jekyll builds the site in: its ``timezone``, else (the machine's) the writer's."""
    tz = site.timezone if site is not None else None
    return tz if tz is not None else local_zone()


def date_instant(value: Any, zone: dt.tzinfo) -> dt.datetime | None:
    """The instant Jekyll reads from a front-matter ``date`` as YAML loaded it, in ``zone``.

    As real Jekyll 4.3 does (tests/golden/jekyll_dates): a YAML timestamp without an
    offset is UTC (Psych); with one, that instant; a date alone, or a quoted date string
    (``Time.parse``), is wall-clock time in the zone the site is built in (``zone``).
    """
    when = as_datetime(value)
    if when is None:
        return None
    if isinstance(value, dt.datetime) and when.tzinfo is None:
        when = when.replace(tzinfo=dt.UTC)
    if when.tzinfo is None:
        return when.replace(tzinfo=zone)
    return when.astimezone(zone)


def publish_datetime(
    front_matter_date: Any,
    filename: str | None,
    site: Site | None = None,
) -> dt.datetime | None:
    """When Jekyll will publish the post, in the site's timezone (aware).

    The front matter's ``date`` overrides the filename's (read as :func:`date_instant`
    does); a filename date is midnight in the site's timezone. A site without a
    ``timezone`` is taken to build in the writer's zone.
    """
    tz = build_zone(site)
    when = date_instant(front_matter_date, tz)
    if when is not None:
        return when
    name = parse_post_filename(filename) if filename else None
    if name is None:
        return None
    return dt.datetime(name.date.year, name.date.month, name.date.day, tzinfo=tz)


def date_mismatch(
    front_matter_date: Any, filename: str | None, site: Site | None = None
) -> str | None:
    """A sentence when the filename's date and the front matter's publish date disagree."""
    name = parse_post_filename(filename) if filename else None
    when = publish_datetime(front_matter_date, None, site)
    if name is None or when is None:
        return None
    if when.date() != name.date:
        return (
            f"the file name says {name.date:%Y-%m-%d} but the front matter's date publishes "
            f"on {when:%Y-%m-%d}; Jekyll uses the front matter's"
        )
    return None


# -- permalinks ----------------------------------------------------------------------

#: Jekyll's ``Utils::SLUGIFY_PRETTY_REGEXP``: what ``:title`` keeps besides letters and digits.
_PRETTY_KEEP = set("._~!$&'()+,;=@")
#: What Jekyll's ``URL.escape_path`` leaves unescaped in a placeholder's value.
_URL_SAFE = "/-._~!$&'()*+,;=:@"
_PLACEHOLDER_RE = re.compile(r":([a-z_]+)")


def slugify_pretty(text: str) -> str:
    """Jekyll's ``slugify(mode: "pretty", cased: true)``, which ``:title`` uses: runs of
    anything but letters, marks, digits and ``._~!$&'()+,;=@`` become '-'."""
    out: list[str] = []
    dash = False
    for ch in unicodedata.normalize("NFC", text):
        cat = unicodedata.category(ch)
        if cat[0] in "LM" or cat == "Nd" or ch in _PRETTY_KEEP:
            out.append(ch)
            dash = False
        elif not dash:
            out.append("-")
            dash = True
    return "".join(out).strip("-")


def _as_list(value: Any, split: bool) -> list[str]:
    """A front-matter value as a list of strings (a string split on whitespace if ``split``)."""
    if value is None:
        return []
    if isinstance(value, list):
        return [_ruby_str(v) for v in value if v is not None]
    if isinstance(value, str):
        return value.split() if split else [value]
    return [_ruby_str(value)]


def _ruby_str(value: Any) -> str:
    """A YAML scalar as Ruby's ``to_s`` prints it (true/false lowercase)."""
    return str(value).lower() if isinstance(value, bool) else str(value)


def folder_categories(relpath: str | None) -> list[str]:
    """The categories a post gets from its folders: those above its ``_posts`` folder
    (``news/_posts/x.md`` is in category ``news``)."""
    if not relpath:
        return []
    parts = PurePosixPath(relpath.replace("\\", "/")).parts
    if "_posts" not in parts:
        return []
    return [p for p in parts[:parts.index("_posts")] if p not in ("", ".", "/")]


def categories_of(front_matter: Mapping[str, Any], folders: list[str] | None = None) -> list[str]:
    """The post's categories as Jekyll 4.3 builds them: the folders' first, then
    ``categories`` (a string splits on spaces), then ``category`` (one category, spaces
    and all; without it ``categories`` again), each once (tests/golden/jekyll_permalinks)."""
    out = list(folders or [])
    out += _as_list(front_matter.get("categories"), split=True)
    if front_matter.get("category") is not None:
        out += _as_list(front_matter.get("category"), split=False)
    return list(dict.fromkeys(out))


def tags_of(front_matter: Mapping[str, Any]) -> list[str]:
    """The post's tags (``tag`` and ``tags``, list or space-separated)."""
    out = _as_list(front_matter.get("tag"), split=True) + _as_list(front_matter.get("tags"),
                                                                   split=True)
    return list(dict.fromkeys(out))


def permalink_for(
    front_matter: Mapping[str, Any],
    filename: str,
    site: Site | None = None,
    folders: list[str] | None = None,
) -> str | None:
    """The URL path Jekyll 4.3 gives the post (without the site's baseurl); None when the
    post has no date. ``folders``: the categories its folders give (:func:`folder_categories`).

    This is the one permalink implementation: the form and the preview's ``page.url`` use
    it; tests/core/test_permalinks.py checks it against URLs real Jekyll produced.
    """
    site = site or Site()
    own = front_matter.get("permalink")
    template = own if isinstance(own, str) and own else site.permalink
    template = PERMALINK_STYLES.get(template, template)
    when = publish_datetime(front_matter.get("date"), filename, site)
    if when is None:
        return None
    name = parse_post_filename(filename)
    slug = _ruby_str(front_matter.get("slug") or (name.slug if name else Path(filename).stem))
    cats = [c.lower() for c in categories_of(front_matter, folders)]
    iso = when.isocalendar()
    values = {
        "year": f"{when.year:04d}", "month": f"{when.month:02d}", "day": f"{when.day:02d}",
        "i_month": str(when.month), "i_day": str(when.day),
        "short_year": f"{when.year % 100:02d}", "hour": f"{when.hour:02d}",
        "minute": f"{when.minute:02d}", "second": f"{when.second:02d}",
        "y_day": f"{when.timetuple().tm_yday:03d}", "week": f"{iso[1]:02d}",
        "w_year": str(iso[0]), "w_day": str(iso[2]),
        "short_day": _EN_DAYS[when.weekday()][:3], "long_day": _EN_DAYS[when.weekday()],
        "short_month": _EN_MONTHS[when.month - 1][:3], "long_month": _EN_MONTHS[when.month - 1],
        "title": slugify_pretty(slug), "slug": slugify(slug),
        "categories": "/".join(dict.fromkeys(cats)), "output_ext": ".html",
    }

    def fill(m: re.Match[str]) -> str:
        value = values.get(m.group(1))
        return m.group(0) if value is None else quote(value, safe=_URL_SAFE)

    url = re.sub(r"/{2,}", "/", _PLACEHOLDER_RE.sub(fill, template))
    # Jekyll's URL#sanitize_url.
    url = ("/" + url).replace("..", "/").replace("./", "")
    return re.sub(r"/{2,}", "/", url)


_EN_DAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
_EN_MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August",
              "September", "October", "November", "December")
