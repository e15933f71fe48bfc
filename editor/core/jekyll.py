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


def _categories(front_matter: Mapping[str, Any], key: str, singular: str) -> list[str]:
    """``categories``/``tags`` as a list: a YAML list or a space-separated string."""
    out: list[str] = []
    for k in (singular, key):
        value = front_matter.get(k)
        if isinstance(value, str):
            out.extend(value.split())
        elif isinstance(value, list):
            out.extend(str(v) for v in value if v is not None)
        elif value is not None:
            out.append(str(value))
    seen: dict[str, None] = {}
    for v in out:
        seen.setdefault(v, None)
    return list(seen)


def categories_of(front_matter: Mapping[str, Any]) -> list[str]:
    """The post's categories (``category`` and ``categories``, list or space-separated)."""
    return _categories(front_matter, "categories", "category")


def tags_of(front_matter: Mapping[str, Any]) -> list[str]:
    """The post's tags (``tag`` and ``tags``, list or space-separated)."""
    return _categories(front_matter, "tags", "tag")


def permalink_for(
    front_matter: Mapping[str, Any],
    filename: str,
    site: Site | None = None,
    folder_categories: list[str] | None = None,
) -> str | None:
    """The URL path Jekyll will give the post (without the site's baseurl)."""
    site = site or Site()
    template = front_matter.get("permalink")
    own = isinstance(template, str) and template
    if not own:
        template = site.permalink
    template = PERMALINK_STYLES.get(str(template), str(template))
    when = publish_datetime(front_matter.get("date"), filename, site)
    name = parse_post_filename(filename)
    if when is None:
        return None
    slug_source = front_matter.get("slug") or (name.slug if name else Path(filename).stem)
    title = str(slug_source)
    ext = ".html"
    cats = [c.lower() for c in (folder_categories or []) + categories_of(front_matter)]
    values = {
        "year": f"{when.year:04d}",
        "month": f"{when.month:02d}",
        "i_month": str(when.month),
        "day": f"{when.day:02d}",
        "i_day": str(when.day),
        "short_year": f"{when.year % 100:02d}",
        "hour": f"{when.hour:02d}",
        "minute": f"{when.minute:02d}",
        "second": f"{when.second:02d}",
        "y_day": f"{when.timetuple().tm_yday:03d}",
        "week": f"{when.isocalendar()[1]:02d}",
        "short_day": when.strftime("%a"),
        "long_day": when.strftime("%A"),
        "short_month": when.strftime("%b"),
        "long_month": when.strftime("%B"),
        "title": slugify(title, cased=True),
        "slug": slugify(title),
        "categories": "/".join(dict.fromkeys(cats)),
        "output_ext": ext,
    }
    url = re.sub(r":(\w+)", lambda m: values.get(m.group(1), m.group(0)), template)
    url = re.sub(r"/{2,}", "/", "/" + url.lstrip("/"))
    return url.replace(" ", "%20")
