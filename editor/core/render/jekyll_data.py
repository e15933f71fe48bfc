"""The `site` and `page` variables Jekyll gives Liquid, built from config and front matter."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import PurePosixPath
from typing import TYPE_CHECKING, Any

from editor.core import jekyll

if TYPE_CHECKING:
    from editor.core.site_model import Site

PATH_KEY = "path"
_POST_NAME = re.compile(r"^(\d{2,4})-(\d{1,2})-(\d{1,2})-(.*?)(\.[^.]*)?$")


def site_data(site: Site | None) -> dict[str, Any]:
    """`site`: the parsed `_config.yml` with Jekyll's defaults for unset keys."""
    data: dict[str, Any] = {"url": "", "baseurl": "", "title": ""}
    if site is not None:
        data.update(site.config)
    for key in ("url", "baseurl"):
        if data.get(key) is None:
            data[key] = ""
    data.setdefault("time", dt.datetime.now(dt.UTC))
    return data


def page_data(front: dict[str, Any], site: Site | None) -> dict[str, Any]:
    """`page`: the front matter plus the values Jekyll derives (date, slug, url, id)."""
    page = dict(front)
    path = str(page.get(PATH_KEY) or "").replace("\\", "/")
    name = PurePosixPath(path).name
    m = _POST_NAME.match(name)
    slug = m.group(4) if m else PurePosixPath(name).stem
    if "date" in page:
        page["date"] = to_time(page["date"])
    elif m:
        page["date"] = to_time(f"{m.group(1)}-{m.group(2)}-{m.group(3)}")
    page.setdefault("slug", slug)
    if slug and "title" not in page:
        page["title"] = " ".join(w.capitalize() for w in slug.split("-"))
    folders = jekyll.folder_categories(path)
    page["categories"] = jekyll.categories_of(front, folders)
    page.setdefault("tags", [])
    page.setdefault("url", post_url(front, name, site, folders))
    page.setdefault("id", re.sub(r"\.html$", "", page["url"]) if page["url"] else "")
    return page


def post_url(front: dict[str, Any], filename: str, site: Site | None,
             folders: list[str] | None = None) -> str:
    """The URL Jekyll gives a post: :func:`editor.core.jekyll.permalink_for` (the one
    implementation); '' when the post has no date."""
    return jekyll.permalink_for(front, filename or "untitled.md", site, folders) or ""


class RubyTime(dt.datetime):
    """A datetime that prints like Ruby's Time#to_s, as Liquid shows `{{ page.date }}`."""

    def __str__(self) -> str:
        return self.strftime("%Y-%m-%d %H:%M:%S %z")


def _ruby(value: dt.datetime) -> RubyTime:
    """The same instant as a RubyTime."""
    return RubyTime(value.year, value.month, value.day, value.hour, value.minute,
                    value.second, value.microsecond, tzinfo=value.tzinfo)


def to_time(value: Any) -> Any:
    """A front-matter date as a timezone-aware datetime (strings parsed when possible)."""
    if isinstance(value, dt.datetime):
        return _ruby(value if value.tzinfo else value.replace(tzinfo=dt.UTC))
    if isinstance(value, dt.date):
        return RubyTime(value.year, value.month, value.day, tzinfo=dt.UTC)
    if isinstance(value, str):
        m = re.match(r"^\s*(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T](\d{1,2}):(\d{2})(?::(\d{2}))?)?"
                     r"\s*(?:([+-])(\d{1,2}):?(\d{2})?|Z)?\s*$", value)
        if m:
            y, mo, d, h, mi, s = (int(g) if g else 0 for g in m.groups()[:6])
            tz = dt.UTC
            if m.group(7):
                delta = dt.timedelta(hours=int(m.group(8)), minutes=int(m.group(9) or 0))
                tz = dt.timezone(delta if m.group(7) == "+" else -delta)
            try:
                return RubyTime(y, mo, d, h, mi, s, tzinfo=tz)
            except ValueError:
                return value
    return value


def ruby_time(value: Any) -> str:
    """A datetime printed like Ruby's Time#to_s: `2010-01-10 00:00:00 +0000`."""
    if isinstance(value, dt.datetime):
        return value.strftime("%Y-%m-%d %H:%M:%S %z")
    return str(value)
